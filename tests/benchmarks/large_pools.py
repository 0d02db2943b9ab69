"""Large text pools for 20,000-document benchmarks, made from public-domain Chinese texts mirrored here.

`python -m tests.benchmarks.large_pools [--mirrors /work/.mirror] [--out /tmp/large_pools]`

The committed pools (`tests/data/pools`, about 40,000 characters each) are too small for 20,000
documents: every sentence would stand in dozens of unrelated documents. This script writes pools of
millions of characters in the same format (`{"source", "items": [{"title", "paragraphs"}]}`) into a
folder outside the repository (the texts are never committed), for
`python -m tests.benchmarks.large` / `generate_honest_corpus(n, seed, pools=FOLDER)`:

- `book.json`, `document.json`: the novels (texts told in 回 chapters) of the Project Gutenberg
  mirror, one item per chapter, alternating between the two pools file by file, plus the simplified
  script editions of 三国演义, 水浒传 and 西游记 from `hexhero/book-txt` in `book.json`;
- `manual.json`, `wiki.json`: the other Gutenberg texts (histories, essays, classics), one item per
  stretch of about `ITEM_CHARS` characters, alternating file by file.

Sources and licences: `TzuYuJih/BDSE37_-_Project_Gutenberg` holds 410 Chinese texts scraped from
Project Gutenberg (its README says so; the repository declares no licence). The works are in the
public domain; the scraper already dropped Project Gutenberg's licence header and footer (and
`strip_gutenberg` drops any that are left, with the trademark notice). `hexhero/book-txt` declares no
licence either; only the three Ming novels (public domain) are read from it, without the web sites'
lines around them. The result is deterministic: files in sorted order, no randomness.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.corpora.books.wrap import cn_numeral
from tests.corpora.pool import SENTENCE

GUTENBERG = "TzuYuJih+BDSE37_-_Project_Gutenberg"
NOVELS = "hexhero+book-txt"
NOVEL_FILES = ("三国演义.txt", "水浒传.txt", "西游记.txt")  # public domain; the rest of that repository is not
BUDGET = {"book": 6_000_000, "document": 9_000_000, "manual": 6_000_000, "wiki": 4_000_000}  # characters
ITEM_CHARS = 3000  # a stretch of a text without chapters becomes an item of about this many characters
CJK = re.compile(r"[\u4e00-\u9fff]")
CHAPTER = re.compile(r"第[〇零一二三四五六七八九十百千两]+回")
START = re.compile(r"\*\*\* ?START OF (THE|THIS) PROJECT GUTENBERG[^\n]*", re.IGNORECASE)
END = re.compile(r"\*\*\* ?END OF (THE|THIS) PROJECT GUTENBERG", re.IGNORECASE)
WEB_LINE = re.compile(r"www\.|https?:|\.com|更新时间|本章字数|TXT|书库|章节内容|下载|题外说明|作品仅供")


@dataclass
class PoolText:
    """One pool being filled: its items, the characters it holds, the files it took them from."""

    items: list[dict[str, Any]] = field(default_factory=list)
    chars: int = 0
    files: list[str] = field(default_factory=list)


def git_files(repo: Path) -> list[tuple[str, int]]:
    """(path, bytes) of every blob at HEAD of a bare mirror, sorted by path."""
    out = subprocess.run(["git", "--git-dir", str(repo), "-c", "core.quotepath=off", "ls-tree", "-r", "-l", "HEAD"],
                         capture_output=True, text=True, check=True).stdout
    files = []
    for line in out.splitlines():
        meta, path = line.split("\t", 1)
        size = meta.split()[3]
        if size.isdigit():
            files.append((path, int(size)))
    return sorted(files)


def git_text(repo: Path, path: str) -> str:
    """A file at HEAD of a bare mirror as text ('' when git cannot give it)."""
    done = subprocess.run(["git", "--git-dir", str(repo), "show", f"HEAD:{path}"], capture_output=True)
    return done.stdout.decode("utf-8", errors="replace").lstrip("\ufeff") if done.returncode == 0 else ""


def strip_gutenberg(text: str, name: str) -> str:
    """The work without Project Gutenberg's header and footer, nor the scraper's repeats of its name."""
    start = START.search(text)
    if start:
        text = text[start.end():]
    end = END.search(text)
    if end:
        text = text[:end.start()]
    while name and text.startswith(name):
        text = text[len(name):]
    while name and text.endswith(name):
        text = text[:-len(name)]
    return text.strip()


def paragraphs_of(text: str) -> list[str]:
    """A text without line breaks cut into paragraphs of 2–5 sentences (by their order: deterministic)."""
    sentences = [m.group().strip() for m in SENTENCE.finditer(text)]
    out: list[str] = []
    k = 0
    while k < len(sentences):
        take = 2 + k % 4
        paragraph = "".join(sentences[k:k + take])
        if CJK.search(paragraph):
            out.append(paragraph)
        k += take
    return out


def gutenberg_items(name: str, text: str) -> tuple[bool, list[dict[str, Any]]]:
    """(whether the text is told in 回 chapters, its items): a chapter each, else stretches of text."""
    cuts = [m.start() for m in CHAPTER.finditer(text)]
    if len(cuts) >= 5:
        items = []
        for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
            heading = CHAPTER.match(text, a)
            assert heading is not None
            paragraphs = paragraphs_of(text[heading.end():b])
            if paragraphs:
                items.append({"title": f"{name}{heading.group()}", "paragraphs": paragraphs})
        return True, items
    paragraphs = paragraphs_of(text)
    items, current, size = [], [], 0
    for paragraph in paragraphs:
        current.append(paragraph)
        size += len(paragraph)
        if size >= ITEM_CHARS:
            items.append({"title": f"{name}之{cn_numeral(len(items) + 1)}", "paragraphs": current})
            current, size = [], 0
    if current:
        items.append({"title": f"{name}之{cn_numeral(len(items) + 1)}", "paragraphs": current})
    return False, items


def novel_items(text: str) -> list[dict[str, Any]]:
    """A simplified-script novel with a line per paragraph: a chapter per item, its heading line the title."""
    items: list[dict[str, Any]] = []
    for raw in text.splitlines():
        line = raw.replace("\u3000", " ").strip()
        if not line or WEB_LINE.search(line) or not CJK.search(line):
            continue
        heading = CHAPTER.search(line)
        if heading and len(line) <= 40 and not SENTENCE.fullmatch(line):
            title = re.sub(r"\s+", " ", line[heading.start():]).strip()
            items.append({"title": title, "paragraphs": []})
        elif items and SENTENCE.search(line):
            items[-1]["paragraphs"].append(line)
    return [i for i in items if i["paragraphs"]]


def add(pool: PoolText, items: list[dict[str, Any]], source: str, budget: int) -> None:
    """Items into a pool until it holds its budget of characters."""
    for item in items:
        if pool.chars >= budget:
            return
        pool.items.append(item)
        pool.chars += sum(map(len, item["paragraphs"]))
    pool.files.append(source)


def build(mirrors: Path) -> dict[str, PoolText]:
    """Every pool's items, taken from the mirrors in a fixed order."""
    pools = {name: PoolText() for name in BUDGET}
    novels = mirrors / NOVELS / "repo"
    for path in NOVEL_FILES:
        add(pools["book"], novel_items(git_text(novels, path)), f"{NOVELS}:{path}", BUDGET["book"])
    gutenberg = mirrors / GUTENBERG / "repo"
    turn = {True: 0, False: 0}
    for path, _ in git_files(gutenberg):
        if not path.startswith("Project_Gutenberg/") or not path.endswith(".txt"):
            continue
        name = Path(path).stem
        if not CJK.search(name):
            continue  # the English-named files are translations' front matter and bilingual texts
        novel, items = gutenberg_items(name, strip_gutenberg(git_text(gutenberg, path), name))
        if not items:
            continue
        order = ("document", "book") if novel else ("manual", "wiki")
        target = order[turn[novel] % 2]
        if pools[target].chars >= BUDGET[target]:
            target = order[(turn[novel] + 1) % 2]
        turn[novel] += 1
        if pools[target].chars < BUDGET[target]:
            add(pools[target], items, f"{GUTENBERG}:{path}", BUDGET[target])
    return pools


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.large_pools", description=__doc__.split("\n")[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--out", type=Path, default=Path("/tmp/large_pools"))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, pool in build(args.mirrors).items():
        commit = {GUTENBERG: "", NOVELS: ""}
        for repo in commit:
            commit[repo] = subprocess.run(["git", "--git-dir", str(args.mirrors / repo / "repo"), "rev-parse", "HEAD"],
                                          capture_output=True, text=True).stdout.strip()
        source = {"repositories": commit, "files": pool.files, "licence": "public domain works (see large_pools.py)"}
        text = json.dumps({"source": source, "items": pool.items}, ensure_ascii=False, indent=0)
        (args.out / f"{name}.json").write_text(text + "\n", encoding="utf-8")
        print(f"{name}: {len(pool.items)} items, {pool.chars:,} characters from {len(pool.files)} files",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
