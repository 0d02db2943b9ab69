"""`make bench-search`: the edition's search against Material's, in Chromium, on generated editions.

`python -m tests.benchmarks.search [--sizes 1000,2000] [--no-baseline] [--out DIR] [--keep] [--seed S]`

For each size: a corpus of N documents (`tests.corpora.generate_corpus`), one edition built with the
project's configuration (our search) and, as the baseline, one built with Material's search plugin
switched back on. Then, in Debian's Chromium (`search_browser`): what a page view downloads for search,
the time to the first result cold (desktop; phone: CPU ×4 and Slow 4G) with the bytes it took, the
median time and bytes of later queries, the JS heap and the renderer's memory; and relevance:
for 50 phrases of 4–8 characters cut at random places from random paragraphs, how often the chapter
they were cut from comes first, how often every chapter holding the phrase comes before any other,
and for 2–3-word queries (jieba words of a paragraph, typed with spaces) the share of the first ten
results that hold every word and how often chapters with the exact phrase come first.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from build_tools.search.keys import key_text
from tests.benchmarks.scale import _run_measured
from tests.benchmarks.search_browser import CHROMIUM, cold, ranked_material, ranked_ours, serve, warm
from tests.corpora.corpus import DEFAULT_SEED, generate_corpus
from tests.project import ROOT, copy_project

MATERIAL_SEARCH = "  - search:\n      separator: '[\\s\\u200b\\-]+'\n"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def build(work: Path, engine: str, n: int) -> dict[str, Any]:
    """Build one edition of work/seeds with our search or Material's; its time, memory and index size."""
    project = work / engine
    saved = project / "build.json"
    if saved.is_file() and (project / "site").is_dir():  # built by an earlier run with --out
        return {**json.loads(saved.read_text()), "site": project / "site"}
    copy_project(project, ("mkdocs.yml", "docs", "overrides"))
    (project / "seeds").symlink_to(work / "seeds", target_is_directory=True)
    if engine == "material":
        config = project / "mkdocs.yml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace("plugins:\n", "plugins:\n" + MATERIAL_SEARCH, 1), encoding="utf-8")
    site = project / "site"
    _say(f"[N={n}] building with {engine} search …")
    cmd = [sys.executable, "-m", "build_tools", "build-edition", str(project / "mkdocs.yml"), str(site)]
    code, seconds, peak = _run_measured(cmd, cwd=project, log=project / "build.log", timeout=3600)
    if code != 0:
        raise SystemExit(f"{engine} build failed: {(project / 'build.log').read_text()[-2000:]}")
    index = ([site / "search" / "search_index.json"] if engine == "material" else
             [p for p in (site / "search").rglob("*") if p.is_file()])
    figures = {"build_s": seconds, "build_mib": peak / 1024, "index_files": len(index),
               "index_mib": sum(p.stat().st_size for p in index) / 2**20}
    saved.write_text(json.dumps(figures))
    return {**figures, "site": site}


def _key_and_offsets(text: str) -> tuple[str, list[int]]:
    pairs = [(key_text(ch), i) for i, ch in enumerate(text)]
    kept = [(k, i) for k, i in pairs if k]
    return "".join(k for k, _ in kept), [i for _, i in kept]


def pick_phrases(docs: list[dict[str, Any]], count: int, rng: random.Random) -> list[tuple[int, str]]:
    """(document index, phrase as it stands in the text) of `count` phrases of 4–8 letters, cut anywhere."""
    out: list[tuple[int, str]] = []
    while len(out) < count:
        d = rng.randrange(len(docs))
        paragraphs = [p["text"] for p in docs[d]["paragraphs"] if len(key_text(p["text"])) >= 12]
        if not paragraphs:
            continue
        text = rng.choice(paragraphs)
        key, at = _key_and_offsets(text)
        length = rng.randint(4, 8)
        start = rng.randrange(len(key) - length)
        out.append((d, text[at[start]:at[start + length - 1] + 1]))
    return out


def pick_word_queries(docs: list[dict[str, Any]], count: int, rng: random.Random) -> list[tuple[int, list[str]]]:
    """(document index, 2–3 consecutive words of two or more Chinese characters) from random paragraphs."""
    import jieba

    jieba.setLogLevel(60)
    out: list[tuple[int, list[str]]] = []
    while len(out) < count:
        d = rng.randrange(len(docs))
        text = rng.choice(docs[d]["paragraphs"])["text"]
        words = jieba.lcut(text)
        k = rng.choice((2, 3))
        runs = [i for i in range(len(words) - k + 1)
                if all(len(w) >= 2 and re.fullmatch(r"[\u4e00-\u9fff]+", w) for w in words[i:i + k])]
        if runs:
            i = rng.choice(runs)
            out.append((d, words[i:i + k]))
    return out


def relevance(docs: list[dict[str, Any]], ranked: list[list[int]], phrases: list[tuple[int, str]],
              word_ranked: list[list[int]], word_queries: list[tuple[int, list[str]]]) -> dict[str, float]:
    """The relevance figures from the rankings (document indexes, best first)."""
    units = [[key_text(d["title"])] + [key_text(p["text"]) for p in d["paragraphs"]] for d in docs]
    whole = ["\n".join(u) for u in units]
    first = chapters_first = unique = unique_first = 0
    for (d, phrase), ranks in zip(phrases, ranked, strict=True):
        key = key_text(phrase)
        holding = {i for i, text in enumerate(whole) if key in text}
        first += bool(ranks) and ranks[0] == d
        top = ranks[:min(10, len(holding))]
        chapters_first += bool(top) and all(r in holding for r in top) and d in ranks  # anywhere in the list
        if len(holding) == 1:
            unique += 1
            unique_first += bool(ranks) and ranks[0] == d
    precise = shown = exact_first = 0
    for (_, words), ranks in zip(word_queries, word_ranked, strict=True):
        keys = [key_text(w) for w in words]
        joined = "".join(keys)
        top = ranks[:10]
        precise += sum(all(k in whole[r] for k in keys) for r in top)
        shown += len(top)
        exact = [any(joined in u for u in units[r]) for r in top]
        exact_first += exact == sorted(exact, reverse=True)
    n, m = len(phrases), len(word_queries)
    return {"phrase_first": first / n, "phrase_chapters_first": chapters_first / n,
            "unique_first": unique_first / max(1, unique), "unique": unique,
            "words_precision": precise / max(1, shown), "words_exact_first": exact_first / m}


def measure(site: Path, engine: str, docs: list[dict[str, Any]], phrases: list[tuple[int, str]],
            word_queries: list[tuple[int, list[str]]], browser: Any) -> dict[str, Any]:
    """Every browser figure of one engine on one site."""
    ids = {d["id"]: i for i, d in enumerate(docs)}
    with serve(site) as url:
        chapter = url + docs[len(docs) // 2]["chapter"].removesuffix(".md") + "/"
        figures: dict[str, Any] = {}
        for profile in ("desktop", "phone"):
            runs = []
            for _, phrase in phrases[:3]:
                runs.append(cold(browser, chapter, engine, phrase, profile == "phone"))
                _say(f"    {engine} {profile} {phrase}: {runs[-1].seconds} s")
            seconds = [r.seconds for r in runs if r.seconds is not None]
            figures[profile] = statistics.median(seconds) if seconds else None
            figures[f"{profile}_bytes"] = statistics.median(r.query_bytes for r in runs)
            if profile == "desktop":
                figures["load_bytes"] = max(r.load_search_bytes for r in runs)
                figures["heap_mib"] = max(r.heap_mib for r in runs)
                figures["renderer_mib"] = max(r.renderer_mib for r in runs)
            _say(f"  {engine} cold {profile}: {seconds} s, {figures[f'{profile}_bytes'] / 1024:.0f} KiB")
        figures["warm_s"], figures["warm_bytes"], figures["warm_heap_mib"] = warm(
            browser, chapter, engine, [p for _, p in phrases[3:10]])
        context = browser.new_context(locale="zh-CN")
        page = context.new_page()
        page.goto(chapter, wait_until="load")
        page.locator("input.md-search__input").focus()
        if engine == "ours":
            page.wait_for_function("window.__readerSearch && window.__readerSearch.engine")
            ranked = [ranked_ours(page, p) for _, p in phrases]
            word_ranked = [ranked_ours(page, " ".join(w)) for _, w in word_queries]
        else:
            def indexes(hrefs: list[str]) -> list[int]:
                found = [re.search(r"chapters/([^/]+)/", h) for h in hrefs]
                return [ids[m[1]] for m in found if m and m[1] in ids]
            ranked = [indexes(ranked_material(page, p)) for _, p in phrases]
            word_ranked = [indexes(ranked_material(page, " ".join(w))) for _, w in word_queries]
        context.close()
    figures.update(relevance(docs, ranked, phrases, word_ranked, word_queries))
    return figures


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "—"
    if unit == "KiB":
        return f"{value / 1024:.0f}"
    if unit == "%":
        return f"{value:.0%}"
    return f"{value:.2f}" if isinstance(value, float) else str(value)


def table(rows: list[tuple[int, str, dict[str, Any]]]) -> str:
    head = ("| N | engine | build s | index files / MiB | search KiB on page view | first result desktop s / KiB "
            "| phone s / KiB | later query s / KiB | JS heap MiB | renderer MiB | phrase 1st | phrase chapters first "
            "| unique phrase 1st | words: results with all | words: exact first |")
    lines = [head, "|" + "---|" * (head.count("|") - 1)]
    for n, engine, f in rows:
        lines.append(
            f"| {n} | {engine} | {f['build_s']:.0f} | {f['index_files']} / {f['index_mib']:.1f} "
            f"| {_fmt(f['load_bytes'], 'KiB')} | {_fmt(f['desktop'])} / {_fmt(f['desktop_bytes'], 'KiB')} "
            f"| {_fmt(f['phone'])} / {_fmt(f['phone_bytes'], 'KiB')} | {_fmt(f['warm_s'])} / {_fmt(f['warm_bytes'], 'KiB')} "
            f"| {f['heap_mib']:.0f} | {f['renderer_mib']:.0f} | {_fmt(f['phrase_first'], '%')} "
            f"| {_fmt(f['phrase_chapters_first'], '%')} | {_fmt(f['unique_first'], '%')} ({f['unique']}) "
            f"| {_fmt(f['words_precision'], '%')} | {_fmt(f['words_exact_first'], '%')} |")
    return "\n".join(lines)


def run_size(n: int, seed: int, work: Path, baseline: bool, browser: Any) -> list[tuple[int, str, dict[str, Any]]]:
    if not (work / "seeds").is_dir():
        _say(f"[N={n}] generating the corpus …")
        generate_corpus(n, seed).write(work / "seeds", work / "truth.json")
    engines = ["ours", "material"] if baseline else ["ours"]
    builds = {e: build(work, e, n) for e in engines}
    client = ROOT / "overrides" / "assets" / "javascripts" / "search"
    for f in client.iterdir():  # the client as it is now, whatever the build copied
        shutil.copy2(f, builds["ours"]["site"] / "assets" / "javascripts" / "search" / f.name)
    docs = json.loads((builds["ours"]["site"] / "edition.json").read_text(encoding="utf-8"))["documents"]
    rng = random.Random(f"search-bench:{seed}:{n}")
    phrases, word_queries = pick_phrases(docs, 50, rng), pick_word_queries(docs, 20, rng)
    rows = []
    for engine in engines:
        _say(f"[N={n}] measuring {engine} …")
        figures = measure(builds[engine]["site"], engine, docs, phrases, word_queries, browser)
        rows.append((n, engine, {**builds[engine], **figures}))
        _say(table(rows[-1:]))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.search", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,2000", help="numbers of documents, comma-separated")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-baseline", action="store_true", help="skip Material's search")
    parser.add_argument("--out", type=Path, default=None, help="work folder (kept; sites in it are reused)")
    args = parser.parse_args(argv)
    base = args.out.resolve() if args.out else Path(tempfile.mkdtemp(prefix="reader-search-"))
    from playwright.sync_api import sync_playwright

    rows = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            for n in (int(x) for x in args.sizes.split(",")):
                work = base / f"n{n}"
                work.mkdir(parents=True, exist_ok=True)
                rows += run_size(n, args.seed, work, not args.no_baseline, browser)
            browser.close()
    finally:
        if not args.out:
            shutil.rmtree(base, ignore_errors=True)
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
