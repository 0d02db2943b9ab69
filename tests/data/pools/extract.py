"""How the pools beside this file were made (run by hand; the tests only read the JSON).

`python tests/data/pools/extract.py MIRRORS OUT` reads the source repositories from git mirrors
(`MIRRORS/<owner>+<name>/repo`, bare clones) at the commits LICENSES.md names, and writes book.json,
manual.json and wiki.json into OUT. Only prose paragraphs are kept; nothing is rewritten.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

CJK = re.compile(r"[\u4e00-\u9fff]")
MD_LINK = re.compile(r"\[([^\]]*)\](?:\([^)]*\)|\[[^\]]*\])")
BOOK = ("zzyhdu+hongloumeng", "1f9f28539699014fc9c4d76be32e6504a3ec75a1", (3, 4, 6, 7, 8, 9))
MANUAL = ("KaiserY+trpl-zh-cn", "49df980589ccd5c1b8829b9be47439136dc34101",
          ("ch04-01-what-is-ownership.md", "ch08-02-strings.md", "ch09-03-to-panic-or-not-to-panic.md",
           "ch10-02-traits.md", "ch16-01-threads.md", "ch17-00-async-await.md", "ch03-02-data-types.md",
           "ch15-01-box.md", "ch16-02-message-passing.md", "ch18-01-what-is-oo.md"))
WIKI = ("ymcui+cmrc2018", "c0eb1b6ba219847457e6af3180da722bbeb656af", "squad-style-data/cmrc2018_trial.json")
WIKI_CHARS = 42_000  # articles are taken in order until this many characters


def show(mirrors: Path, repo: str, commit: str, path: str) -> str:
    """A file of a mirrored repository at a commit."""
    return subprocess.run(["git", "-C", str(mirrors / repo / "repo"), "show", f"{commit}:{path}"],
                          capture_output=True, text=True, check=True).stdout


def save(out: Path, name: str, source: dict[str, str], items: list[dict[str, Any]]) -> None:
    text = json.dumps({"source": source, "items": items}, ensure_ascii=False, indent=0)
    (out / f"{name}.json").write_text(text + "\n", encoding="utf-8")


def book(mirrors: Path) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The novel's paragraph blocks (text spans only: no footnote marks, footnotes or poetry blocks)."""
    repo, commit, chapters = BOOK
    items = []
    for n in chapters:
        data = json.loads(show(mirrors, repo, commit, f"resource/rm120/{n:03d}.json"))
        paragraphs = ["".join(s["content"] for s in b["spans"] if s["type"] == "text").strip()
                      for b in data["blocks"] if b["type"] == "paragraph"]
        items.append({"title": data["title"], "paragraphs": [p for p in paragraphs if CJK.search(p)]})
    return {"repository": "zzyhdu/hongloumeng", "commit": commit, "path": "resource/rm120/00{3,4,6,7,8,9}.json"}, items


def unmark(line: str) -> str:
    """Markdown links, emphasis and inline code reduced to their text."""
    line = MD_LINK.sub(r"\1", line)
    line = re.sub(r"\*\*([^*]+)\*\*", r"\1", line)
    line = re.sub(r"\*([^*]+)\*", r"\1", line)
    line = re.sub(r"`([^`]+)`", r"\1", line)
    return line.replace("\\", "").strip()


def manual(mirrors: Path) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """Prose paragraphs of the manual's chapters, one item per section (its heading the title)."""
    repo, commit, files = MANUAL
    items: list[dict[str, Any]] = []
    for f in files:
        fence, title = False, ""
        paragraphs: list[str] = []
        for raw in show(mirrors, repo, commit, f"src/{f}").splitlines():
            line = raw.strip()
            if line.startswith("```"):
                fence = not fence
                continue
            if fence or not line:
                continue
            if line.startswith("#"):
                if paragraphs:
                    items.append({"title": title, "paragraphs": paragraphs})
                title, paragraphs = unmark(line.lstrip("#")), []
                continue
            if line.startswith(">"):
                line = line.lstrip("> ").strip()
                if line.startswith("#"):
                    continue
            if line.startswith(("<", "|", "[", "-", "*", "!")) or re.match(r"\d+\.", line):
                continue  # markup, tables, lists, images
            text = unmark(line)
            if len(CJK.findall(text)) >= 10 and text.endswith(("。", "！", "？", "：")):
                paragraphs.append(text)
        if paragraphs:
            items.append({"title": title, "paragraphs": paragraphs})
    return {"repository": "KaiserY/trpl-zh-cn", "commit": commit, "path": "src/" + ",".join(files)}, items


def wiki(mirrors: Path) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """The articles' context paragraphs (without MediaWiki -{…}- conversion markup), in order."""
    repo, commit, path = WIKI
    items = []
    total = 0
    for article in json.loads(show(mirrors, repo, commit, path))["data"]:
        paragraphs = [p["context"].strip() for p in article["paragraphs"] if "-{" not in p["context"]]
        if not paragraphs:
            continue
        items.append({"title": article["title"].strip(), "paragraphs": paragraphs})
        total += sum(map(len, paragraphs))
        if total > WIKI_CHARS:
            break
    return {"repository": "ymcui/cmrc2018", "commit": commit, "path": path}, items


def main() -> None:
    mirrors, out = Path(sys.argv[1]), Path(sys.argv[2])
    for name, extract in (("book", book), ("manual", manual), ("wiki", wiki)):
        save(out, name, *extract(mirrors))


if __name__ == "__main__":
    main()
