"""Writes texts.json from the Project Gutenberg mirror (`fetch github:TzuYuJih/BDSE37_-_Project_Gutenberg`).

`python -m tests.data.real_prose.make_fixture [/work/.mirror/TzuYuJih+BDSE37_-_Project_Gutenberg/repo]`

The scraped files have lost their line and paragraph breaks; a text is cut out between its title (and
author) and the next piece, and split into paragraphs of two to five sentences (seeded by its title).
"""

from __future__ import annotations

import json
import random
import re
import subprocess
import sys
from pathlib import Path

MIRROR = Path("/work/.mirror/TzuYuJih+BDSE37_-_Project_Gutenberg/repo")
# (file, title, author, where the text ends: a regular expression searched after it)
TEXTS = (
    ("古文觀止", "陋室銘", "劉禹錫", r"卷[一二三四五六七八九十]+|阿房宮賦"),
    ("古文觀止", "桃花源記", "陶淵明", r"卷[一二三四五六七八九十]+|五柳先生傳"),
    ("古文觀止", "五柳先生傳", "陶淵明", r"卷[一二三四五六七八九十]+|北山移文"),
    ("吶喊", "一件小事", "魯迅", r"注釋"),
)


def paragraphs(body: str, seed: str) -> list[str]:
    rng = random.Random(seed)
    sentences = re.findall(r"[^。！？]*[。！？][」』”]?|[^。！？]+$", body)
    out, current, left = [], "", rng.randint(2, 4)
    for sentence in sentences:
        current += sentence
        left -= 1
        if left <= 0:
            out.append(current)
            current, left = "", rng.randint(2, 5)
    return [*out, current] if current else out


def main(mirror: Path) -> None:
    items = []
    for file, title, author, end in TEXTS:
        text = subprocess.run(["git", "--git-dir", str(mirror / ".git") if (mirror / ".git").exists() else str(mirror),
                               "show", f"HEAD:Project_Gutenberg/{file}.txt"], capture_output=True, check=True).stdout
        whole = text.decode("utf-8")
        start = whole.find(title + author) + len(title + author) if file != "吶喊" else whole.find(title) + len(title)
        stop = re.compile(end).search(whole, start)
        assert stop is not None
        items.append({"source": file, "title": title, "author": author,
                      "paragraphs": paragraphs(whole[start:stop.start()], title)})
    out = Path(__file__).with_name("texts.json")
    out.write_text(json.dumps(items, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else MIRROR)
