"""Which seed documents quote or follow one another, established by reading them (not by the code under test).

How it was established: the sixteen documents were read in the sources; a throwaway script listed every
run of ten or more letters (punctuation dropped) that two documents have in common, with the number of
documents holding it; each run was then looked up in the raw files and judged by eye: a sentence one
document takes from the other (or both from the speech they implement), or a formula of the period
that many documents use (坚定信心、同舟共济、科学防治、精准施策; 把人民群众生命安全和身体健康放在第一位;
党有号召、团有行动; 贯彻落实习近平总书记重要指示精神; the title of the speech of 2020-02-23, which the
notices and releases that implement it cite).

Documents are named by the source file and first line of one of their copies (their ids are hashes).
Directions are those the edition can know: by the dates the texts state (and the curator's file,
seeds/edition.yml, adds), or by a forwarding (the notice forwards the speech); `unknown` otherwise.
"""

from __future__ import annotations

from typing import NamedTuple

F000, F001, F002, F003, F004 = ("000_35d593d7b725d75e.txt", "001_1e40f10cf58fbcc8.txt", "002_cf8d217c7a3185c0.txt",
                                "003_d1ad4b9a7ddf73f7.txt", "004_1a50c47c6069e7e2.txt")

# name -> (source file, first line of a copy)
DOCUMENTS = {
    "speech": (F004, 64),  # 在统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议上的讲话, 2020-02-23 (five copies)
    "notice": (F001, 3),  # 地质研究所 6号通知 forwarding the speech (现将讲话全文转发), undated
    "wuhan": (F002, 1),  # speech in Wuhan (speaks of 3月9日 figures), undated
    "g20": (F002, 27),  # speech at the G20 special summit, undated
    "science": (F002, 43),  # 为打赢疫情防控阻击战提供强大科技支撑 (speaks of 3月1日 figures), undated
    "poverty": (F002, 107),  # speech at the poverty-alleviation symposium, undated
    "piece1": (F003, 3),  # web collection piece 1: a Sichuan provincial meeting, January 2020
    "piece2": (F003, 31),  # piece 2: an essay on the medical workers
    "piece3": (F003, 37),  # piece 3: a township meeting, winter
    "piece5": (F003, 93),  # piece 5: a county meeting, autumn
    "letter": (F004, 1),  # letter to the Peking University medical team, 2020-03-15
    "story": (F004, 9),  # news story on the young people's reactions to the letter, undated
    "release-0224": (F004, 115),  # Shanghai news release on the meeting that studied the speech (curator: 2020-02-24)
    "release-0319": (F004, 134),  # Shanghai news release, 2020-03-19
    "league": (F004, 145),  # 共青团中央 notice, 2020-01-31
    "league-shanghai": (F004, 170),  # 沪团委发〔2020〕15号, implementing the central notice, 2020-02-04
}


class Pair(NamedTuple):
    first: str
    second: str
    direction: str  # of the first toward the second: quotes, quoted-by or unknown
    passages: tuple[str, ...]  # passages found in both (as the first has them), each must be found
    why: str


QUOTING = (
    Pair("league-shanghai", "league", "quotes",
         ("要把大抓基层建设与提高组织战斗力高度统一起来，动员", "对在疫情防控斗争中涌现出的先进典型进行专项表彰",
          "高质量、高效率的完成施工和生产任务", "统一指挥下，科学、有序参与疫情防控工作"),
         "The Shanghai League notice (2月4日) implements the central one (1月31日): it takes over whole clauses "
         "(带头听从组织召唤、坚决服从…, 积极投身阻击疫情的重大政治任务, the 专项表彰 of the closing)."),
    Pair("story", "letter", "unknown",
         ("广大青年用行动证明，新时代的中国青年是好样的，是堪当大任的",
          "在为人民服务中茁壮成长、在艰苦奋斗中砥砺意志品质、在实践中增长工作本领",
          "让青春在党和人民最需要的地方绽放绚丽之花", "继续在救死扶伤的岗位上拼搏奋战", "广大青年不惧风雨、勇挑重担"),
         "The story reports the reactions to the letter and quotes five of its sentences; it states no date "
         "of its own (3月15日 is the letter's), so the edition cannot tell the direction."),
    Pair("notice", "speech", "quotes",
         ("疫情形势依然严峻复杂，防控正处在最吃劲的关键阶段",),
         "The notice forwards the speech (its copy B is the speech, linked as an embedding) and in its own words "
         "repeats the speech's assessment 疫情形势依然严峻复杂，防控正处在最吃劲的关键阶段. Undated: the "
         "forwarding says it quotes."),
    Pair("release-0224", "speech", "quotes",
         ("麻痹思想、厌战情绪、侥幸心理、松劲心态", "广大医务工作者义无反顾、日夜奋战"),
         "The release reports the Shanghai meeting that studied the speech the day after and repeats its "
         "warnings (麻痹思想、厌战情绪、侥幸心理、松劲心态) and its praise of the medical workers."),
    Pair("wuhan", "speech", "unknown",
         ("向正在同病魔作斗争的患者及其家属、因公殉职人员家属、病亡者家属，表示诚挚的慰问",
          "重大疫情防控救治体系，健全重大疾病医疗保险和救助制度，健全统一的应急物资保障体系",
          "武汉胜则湖北胜，湖北胜则全国胜"),
         "The speech in Wuhan repeats the greeting, the condolences and the reform programme of the speech of "
         "2月23日 (and 武汉胜则湖北胜); the edition has no date for it."),
    Pair("science", "speech", "unknown",
         ("这次新冠肺炎疫情是新中国成立以来在我国发生的传播速度最快、感染范围最广、防控难度最大的一次重大突发公共卫生事件",
          "合作。公共卫生安全是人类面临的共同挑战，需要各国携手应对"),
         "The science speech says 前不久，党中央召开了统筹推进…部署会议，我作了讲话 and repeats its opening "
         "assessment word for word."),
    Pair("wuhan", "science", "unknown",
         ("中西医结合、中西药并用，加快推广应用已经研发和筛选的有效药物",),
         "The Wuhan speech says 前几天，我在军事医学研究院和清华大学医学院考察调研时提出 and repeats the "
         "science speech's instruction on medicines."),
    Pair("release-0319", "wuhan", "unknown",
         ("磨砺责任担当之勇、科学防控之智、统筹兼顾之谋、组织实施之能",),
         "The release of 3月19日 repeats the four-part charge of the Wuhan speech word for word (only these two "
         "documents have it); the Wuhan speech is undated in the edition."),
)

# Found, rightly (they are shared passages), but not a quotation by reading: not asserted either way.
INCIDENTAL = (
    ("speech", "poverty", "the poverty symposium repeats one instruction of the speech (支持扶贫龙头企业、扶贫车间尽快复工)"),
    ("speech", "piece1", "both state the national 集中患者、集中专家、集中资源、集中救治 principle (two documents only)"),
    ("release-0224", "release-0319", "two releases of the same city leadership: the same attendance line and names"),
    ("notice", "science", "both repeat the speech's 疫情防控形势积极向好的态势正在拓展 (in three documents: boilerplate)"),
    ("poverty", "wuhan", "the slogan 坚决反对形式主义、官僚主义, in these two documents only"),
)

# Pairs that share only formulas or a generic title: never linked.
FORMULA_ONLY = (
    *(("g20", other, "the G20 speech shares only formulas (坚定信心、同舟共济…的总要求, 人民生命安全和身体健康)")
      for other in DOCUMENTS if other != "g20"),
    ("piece1", "piece2", "the collection's generic title 疫情防控工作会议讲话 and 新型冠状病毒感染肺炎"),
    ("piece1", "piece3", "generic title"),
    ("piece1", "piece5", "generic title, 人民群众生命健康安全"),
    ("piece2", "piece3", "generic title"),
    ("piece2", "piece5", "generic title"),
    ("piece3", "piece5", "generic title"),
    ("league", "speech", "坚定信心…的总要求, 把人民群众生命安全和身体健康放在第一位, 坚决打赢疫情防控阻击战"),
    ("league", "wuhan", "the same two formulas"),
    ("league", "science", "the same formulas"),
    ("league", "piece1", "习近平总书记重要指示精神, 新型冠状病毒感染的肺炎疫情"),
    ("league", "story", "the League's slogan 党有号召、团有行动的优良传统"),
    ("league-shanghai", "story", "the same slogan"),
    ("league-shanghai", "piece1", "贯彻落实习近平总书记重要指示精神，坚决…"),
    ("league-shanghai", "speech", "坚决打赢疫情防控阻击战"),
    ("notice", "release-0224", "both cite the speech by its title and say 把思想和行动统一到党中央…"),
    ("release-0224", "wuhan", "各级党组织和广大党员、干部要…, 人民战争、总体战、阻击战"),
    ("release-0224", "science", "the speech's title (统筹推进新冠肺炎疫情防控和经济社会发展工作部署会议)"),
    ("release-0319", "notice", "疫情防控和经济社会发展工作"),
    ("release-0319", "science", "疫情防控和经济社会发展工作"),
    ("wuhan", "piece1", "把人民群众生命安全和身体健康放在第一位"),
)
