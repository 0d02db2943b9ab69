"""What the seeds hold, established by reading them (see the notes on each entry).

Documents (16) and which segments are copies of one document. The speech of 2020-02-23 survives in
five copies; every other document once:

- 000 lines 5-105: the speech, cut off mid-sentence at the end (truncated).
- 001 lines 3-25: a notice that says it forwards the speech (现将讲话全文转发); lines 29-155 are the
  speech, whole, after three blank lines: a copy embedded in the notice. PDF breaks, a doubled 义
  across a break, and **bold** markers.
- 002: five documents run together: an untitled speech in Wuhan (1-25); two speeches whose titles
  carry Word bookmarks (27-42, 43-59); the speech (60-106, title with a "习近平：" prefix, no date or
  author lines); an untitled speech opening with an indented 同志们： (107-145).
- 003: a web collection of five pieces behind a teaser and a blurb; piece 4 (49-92) is the speech
  without its opening (it starts at 新冠肺炎疫情发生后): lacks-opening. Masked digits (20_).
- 004: a letter (1-7), a news story with sub-headings (9-61), the speech (64-114, title broken over
  two lines), an untitled news release (115-133), a dated news release (134-144), an untitled
  notice signed 共青团中央 (145-168) and a numbered notice (170-195).

The variant places of the speech: every row was checked against the five source lines (the
witness's line at the place was opened in the raw file and the reading compared by eye). Sigla:
A = 000, B = 001, C = 002, D = 003, E = 004. Each row: (six characters of the chosen text before
the place, the chosen text, {siglum: its other reading}, kind). Notes on the less obvious rows:
- 卫生健康、[发展改革] A 改革发展: a transposition, one place.
- 武汉市[]委 A 市 and 在[]京 A 在: characters doubled in A (mechanical).
- 调整充实[。] E '.': a half-width full stop (punctuation).
- 超过[2000]名: B has spaces round the number, D masks it as 20_ (mechanical).
- 20[18]年: D masks the digits as 20_ (mechanical).
- the three '\\n' readings: one copy starts a new paragraph where the others run on (mechanical).
- 要[推动…守严]守牢 A 守牢: A has lost a clause and doubled 守牢 (one substitution).
"""

SPEECH_WITNESSES = {
    "A": ("000_35d593d7b725d75e.txt", 5, 105, "truncated"),
    "B": ("001_1e40f10cf58fbcc8.txt", 29, 155, "complete"),
    "C": ("002_cf8d217c7a3185c0.txt", 60, 106, "complete"),
    "D": ("003_d1ad4b9a7ddf73f7.txt", 49, 92, "lacks-opening"),
    "E": ("004_1a50c47c6069e7e2.txt", 64, 114, "complete"),
}

SEGMENTS_PER_SOURCE = {
    "000_35d593d7b725d75e.txt": [(5, 105)],
    "001_1e40f10cf58fbcc8.txt": [(3, 25), (29, 155)],
    "002_cf8d217c7a3185c0.txt": [(1, 25), (27, 42), (43, 59), (60, 106), (107, 145)],
    "003_d1ad4b9a7ddf73f7.txt": [(3, 30), (31, 36), (37, 48), (49, 92), (93, 110)],
    "004_1a50c47c6069e7e2.txt": [(1, 7), (9, 61), (64, 114), (115, 133), (134, 144), (145, 168), (170, 195)],
}

SPEECH_VARIANTS = [
    ('疫情防控工作', '进行', {'A': ''}, 'omission'),
    ('署工作，中央', '指', {'B': '督'}, 'substitution'),
    ('，形成了抗击', '病魔', {'A': '疫情'}, 'substitution'),
    ('员、社区工作', '人员', {'A': '者'}, 'substitution'),
    ('。卫生健康、', '发展改革', {'A': '改革发展'}, 'substitution'),
    ('会各界和港澳', '台', {'A': ''}, 'omission'),
    ('打胜仗首先要', '', {'A': '具'}, 'addition'),
    ('面部署、全面', '加强', {'A': '推进'}, 'substitution'),
    ('措施，把疫情', '扩散', {'A': '防控'}, 'substitution'),
    ('省委和武汉市', '', {'A': '市'}, 'mechanical'),
    ('作出调整充实', '。', {'E': '.'}, 'punctuation'),
    ('节返乡高峰，', '为', {'A': ''}, 'omission'),
    ('运人潮踩了“', '', {'A': '紧'}, 'addition'),
    ('企业迅速复工', '达', {'A': '复'}, 'substitution'),
    ('抓好农副产品', '', {'A': '的'}, 'addition'),
    ('、流通、供应', '', {'A': '链'}, 'addition'),
    ('分毒株全基因', '组', {'A': ''}, 'omission'),
    ('，研制成功快', '速检测', {'A': '检'}, 'substitution'),
    ('复杂，防控正', '', {'A': '在'}, 'addition'),
    ('查力度，织密', '织', {'A': '筑'}, 'substitution'),
    ('力度，加快推', '广', {'A': '进'}, 'substitution'),
    ('钢用在刀刃上', '，', {'A': '。'}, 'punctuation'),
    ('力量薄弱地区', '', {'A': '的'}, 'addition'),
    ('度。要加强对', '', {'A': '我'}, 'addition'),
    ('稳定直接关系', '', {'B': '到'}, 'addition'),
    ('重点防控部位', '人员', {'A': ''}, 'omission'),
    ('及时调配，在', '', {'A': '在'}, 'mechanical'),
    ('，用医如用将', '。”', {'A': '”。'}, 'punctuation'),
    ('，已经有超过', '2000', {'B': ' 2000 ', 'D': '20_'}, 'mechanical'),
    ('北（武汉）医', '疗队伍', {'A': '护人员'}, 'substitution'),
    ('需求。要密切', '监测', {'A': '关注'}, 'substitution'),
    ('合作，向其他', '出现疫情扩散的国家和地区', {'A': '国家'}, 'substitution'),
    ('疫情信息发布', '', {'A': '会发布'}, 'addition'),
    ('控重点地区企', '事业单位', {'A': '业'}, 'substitution'),
    ('秩序，关系到', '为', {'A': ''}, 'omission'),
    ('后，如何统筹', '', {'A': '做'}, 'addition'),
    ('来，全面恢复', '生产', {'A': '正常'}, 'substitution'),
    ('度。宏观政策', '重', {'A': '要'}, 'substitution'),
    ('规模降费、缓', '缴', {'A': '解'}, 'substitution'),
    ('控、保障重点', '', {'A': '领域'}, 'addition'),
    ('的政策措施。', '', {'B': '\n'}, 'mechanical'),
    ('第三，全面', '强化', {'B': '加强'}, 'substitution'),
    ('业缺工严重、', '稳岗', {'A': '裁员'}, 'substitution'),
    ('出矛盾，因地', '因企', {'A': '制宜'}, 'substitution'),
    ('题。要加快推', '动', {'A': '进'}, 'substitution'),
    ('、考录等相关', '', {'A': '部门'}, 'addition'),
    ('努力克服疫情', '的', {'A': ''}, 'omission'),
    ('车间尽快复工', '', {'A': '复产'}, 'addition'),
    ('题。要加快建', '立健全', {'A': '设健全长效机制，'}, 'substitution'),
    ('线消费、医疗', '健康', {'A': '卫生'}, 'substitution'),
    ('等重大动物疫', '病', {'A': '情'}, 'substitution'),
    ('对因疫情在家', '', {'A': '庭'}, 'addition'),
    ('等群体，要加', '强', {'A': '大力度'}, 'substitution'),
    ('底线的事件。', '', {'A': '\n'}, 'mechanical'),
    ('项目落地。要', '扩', {'A': '加'}, 'substitution'),
    ('面部署，不推', '就', {'B': ''}, 'omission'),
    ('情况弄不清、', '工作没思路', {'A': '不痛不痒'}, 'substitution'),
    ('魄，勇当先锋', '，', {'A': '、'}, 'punctuation'),
    ('决群众所急所', '忧', {'A': '盼'}, 'substitution'),
    ('，对解决问题', '要一', {'A': '是'}, 'substitution'),
    ('、企事业单位', '等', {'A': ''}, 'omission'),
    ('复产一线工作', '之', {'A': ''}, 'omission'),
    ('。社区是疫情', '联防', {'A': '防控'}, 'substitution'),
    ('关键防线，要', '推动防控资源和力量下沉，把社区这道防线守严', {'A': '守牢'}, 'substitution'),
    ('联系群众积极', '投身', {'A': '参与'}, 'substitution'),
    ('持预防为主的', '卫生与', {'B': ''}, 'omission'),
    ('复强调，20', '18', {'D': '_'}, 'mechanical'),
    ('严密防范”。', '', {'B': '\n'}, 'mechanical'),
]
