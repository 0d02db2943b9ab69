"""Rebuild tang.json and groups.json from a clone of chinese-poetry/chinese-poetry (MIT licence).

    python -m tests.data.poems.make_fixture /path/to/chinese-poetry [commit]

The poems of 全唐诗/唐诗三百首.json, with the same poems as two other digitisations of the repository
have them (蒙学/tangshisanbaishou.json, an edition of 唐诗三百首; 御定全唐詩/json/*.json, the Siku
edition of 全唐詩) where their text differs, and poems of 全唐诗/poet.tang.*.json that share exactly
one line with one of them. Texts are kept as the repository has them, except that the editorial notes
in parentheses of tangshisanbaishou.json ("(明年 一作：年年)") are dropped. groups.json says which
entries are one poem (same author or attribution aside, the collections' matching title and text) and
which pairs are different poems that share a line.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from build_tools.text import fold_text

HERE = Path(__file__).parent
BASE = "全唐诗/唐诗三百首.json"
MENGXUE = "蒙学/tangshisanbaishou.json"
NOTE = re.compile(r"\s*[\(（][^\)）]*[\)）]", re.S)
LINE = re.compile(r"[，。？！；：、,.?!;]")
Poem = dict[str, Any]


def _show(repo: Path, commit: str, path: str) -> Any:
    return json.loads(subprocess.run(["git", "-C", str(repo), "show", f"{commit}:{path}"], capture_output=True,
                                     check=True).stdout)


def _files(repo: Path, commit: str, folder: str, pattern: str) -> list[str]:
    out = subprocess.run(["git", "-C", str(repo), "-c", "core.quotepath=off", "ls-tree", "-r", "--name-only",
                          commit, folder], capture_output=True, check=True, text=True).stdout.split("\n")
    return sorted((p for p in out if re.fullmatch(pattern, p)), key=lambda p: int(re.findall(r"\d+", p)[-1]))


def _poem(pid: str, title: str, author: str, paragraphs: list[str], source: str) -> Poem:
    return {"id": pid, "title": title, "author": author, "paragraphs": paragraphs, "source": source}


def body(poem: Poem) -> str:
    key = poem["id"] + "\0" + poem["source"]
    if key not in _BODIES:
        _BODIES[key] = fold_text("".join(poem["paragraphs"]))
    return _BODIES[key]


_BODIES: dict[str, str] = {}


def lines(poem: Poem) -> set[str]:
    return {x for x in (fold_text(s) for s in LINE.split("".join(poem["paragraphs"]))) if len(x) >= 5}


def _best(poem: Poem, others: list[Poem]) -> tuple[float, Poem | None]:
    text = body(poem)
    best: tuple[float, Poem | None] = (0.0, None)
    for other in others:
        score = fuzz.ratio(text, body(other))
        if score > best[0]:
            best = (score, other)
    return best


def build(repo: Path, commit: str) -> tuple[list[Poem], dict[str, Any]]:
    base = [_poem(f"tang300-{p['id'][:8]}", p["title"], p["author"], p["paragraphs"], BASE)
            for p in _show(repo, commit, BASE)]
    mengxue = []
    for kind in _show(repo, commit, MENGXUE)["content"]:
        for k, p in enumerate(kind["content"]):
            paragraphs = [s for s in NOTE.sub("", "\n".join(p["paragraphs"])).split("\n") if s.strip()]
            mengxue.append(_poem(f"mengxue-{kind['type']}-{k:02d}", p["chapter"], p["author"], paragraphs, MENGXUE))
    yuding = [_poem(f"yuding-{Path(path).stem}-{p.get('no#', k)}", p["title"], p["author"], p["paragraphs"], path)
              for path in _files(repo, commit, "御定全唐詩/json", r".*/\d+\.json")
              for k, p in enumerate(_show(repo, commit, path))]
    tang = [_poem(f"qts-{p['id'][:8]}", p["title"], p["author"], p["paragraphs"], path)
            for path in _files(repo, commit, "全唐诗", r".*/poet\.tang\.\d+\.json")
            for p in _show(repo, commit, path)]
    by_author: dict[str, list[Poem]] = {}
    for p in yuding:
        by_author.setdefault(fold_text(p["author"]), []).append(p)
    chosen = {p["id"]: p for p in base}
    same: list[tuple[str, str]] = []
    for poem in base:  # the same poem in the other two digitisations, where its text differs
        n = len(body(poem))
        for others, least, shortest in ((mengxue, 80, 0.8), (by_author.get(fold_text(poem["author"]), []), 70, 0.6)):
            score, other = _best(poem, others)
            if other is not None and score >= least and shortest * n <= len(body(other)) <= 1.25 * n \
                    and body(other) != body(poem):
                chosen[other["id"]] = other
                same.append((poem["id"], other["id"]))
    by_line: dict[str, list[Poem]] = {}
    for p in tang:
        for line in lines(p):
            by_line.setdefault(line, []).append(p)
    shared = []
    for poem in base:  # different poems that share exactly one line
        text = body(poem)
        for line in sorted(lines(poem)):
            for other in by_line.get(line, []):
                common = lines(poem) & lines(other)
                other_text = body(other)
                if (len(common) == 1 and len(other_text) <= 200 and fuzz.ratio(text, other_text) < 50
                        and LCSseq.similarity(text, other_text) < 0.5 * min(len(text), len(other_text))
                        and other["id"] not in chosen):
                    chosen[other["id"]] = other
                    shared.append([poem["id"], other["id"], line])
    entries = list(chosen.values())
    for k, a in enumerate(entries):  # one text entered twice (under two attributions or titles)
        for b in entries[k + 1:]:
            if fuzz.ratio(body(a), body(b)) >= 85:
                same.append((a["id"], b["id"]))
    groups = _groups(list(chosen), same)
    return list(chosen.values()), {"same_poem": groups, "shared_line": shared}


def _groups(ids: list[str], pairs: list[tuple[str, str]]) -> list[list[str]]:
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            i = parent[i]
        return i

    for a, b in pairs:
        parent[find(a)] = find(b)
    found: dict[str, list[str]] = {}
    for i in ids:
        found.setdefault(find(i), []).append(i)
    return [g for g in found.values() if len(g) > 1]


def main(argv: list[str]) -> None:
    repo = Path(argv[0])
    commit = argv[1] if len(argv) > 1 else "HEAD"
    poems, groups = build(repo, commit)
    (HERE / "tang.json").write_text(json.dumps(poems, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    (HERE / "groups.json").write_text(json.dumps(groups, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(poems)} poems, {len(groups['same_poem'])} groups of one poem, "
          f"{len(groups['shared_line'])} pairs sharing a line")


if __name__ == "__main__":
    main(sys.argv[1:])
