"""Fix-up of Material's built search worker so multi-word Chinese queries work.

No longer used by the project: the edition has its own search (`build_tools.search`) and Material's
search plugin is off. Kept while `tests/test_publish.py` imports `replacement_script`; remove it with
that test and `tests/test_search_patch.py`.

The problem
-----------
At build time Material's search plugin segments Chinese with jieba and joins the words with
U+200B, so the index holds jieba words (``修整``, ``堤坝``, ``准备`` …). In the browser, the
search worker has no jieba: ``Search.search`` cuts every run of Han characters in the query
with ``segment()`` (``integrations/search/query/segment/index.ts``), a greedy longest match
against the words of the inverted index. Minified, in ``search.a7633da7.min.js`` (9.8.1)::

    function fe(t,e){let r=new Set,n=new Uint16Array(t.length);
      for(let s=0;s<t.length;s++)for(let o=s+1;o<t.length;o++)t.slice(s,o)in e&&(n[s]=o-s);
      let i=[0];for(let s=i.length;s>0;){let o=i[--s];
        for(let u=1;u<n[o];u++)n[o+u]>n[o]-u&&(r.add(t.slice(o,o+u)),i[s++]=o+u);
        let a=o+n[o];n[a]&&a<t.length-1&&(i[s++]=a),r.add(t.slice(o,a))}
      return r.has("")?new Set([t]):r}

It has two faults:

1. ``o<t.length`` never tries a word that *ends the query* (the slice stops one character
   short), and ``a<t.length-1`` refuses to continue at the last character: the last word is
   silently dropped. ``修整堤坝准备`` becomes the lunr query ``修整** 堤坝*``.
2. The walk only goes on while the next position starts an indexed word (``n[a]&&…``), and if
   the *first* position starts none, ``t.slice(o,o)`` adds ``""`` and the "hotfix" falls back
   to the whole query as one term (``晨的江面上笼*``), which matches no jieba word. So a phrase
   copied from the middle of a page that starts inside a jieba word (most arbitrary cuts do)
   finds nothing at all; after any character that starts no indexed word the rest is dropped.

The patch
---------
Only that one function is replaced (same name, same signature, same result type: a set of
query terms, joined by the caller with ``"* "``). The replacement keeps the upstream
algorithm (longest indexed word at each position, plus upstream's extra cut where a longer
word overlaps) and changes two things: words may end at the end of the query (``j<=L``), and a
run of characters that starts no indexed word is kept as a term of its own and the walk goes
on after it, instead of stopping. Nothing the reader typed is dropped: a trailing partial word
(``笼``) becomes the prefix term ``笼*`` and matches ``笼罩着``. The query syntax and lunr's
OR semantics are unchanged.

There is no documented hook for this (Material 9 has no client-side query-transform hook, and
the segmentation runs inside the web worker), so the built worker file is patched textually.
The function is located by its shape, not by its minified name; unless that shape is found
exactly once, a :class:`RuntimeError` names the file, so a Material upgrade fails the build
loudly instead of silently shipping broken (or doubly patched) search. A marker comment makes
the patch idempotent. The worker's ``.map`` file is left as is (only columns after the
function on that one line shift; it is for debugging only).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["MARKER", "WORKER_GLOB", "patch_search_worker"]

# Written into the patched function; its presence means "already patched" (idempotency).
MARKER = "/*reader-edition:search-patch:v1*/"

# Relative to a built site; matched at any depth so nested editions are patched too.
WORKER_GLOB = "assets/javascripts/workers/search.*.min.js"

# The upstream segment() in minified form. Names are captured, not hard-coded, because they
# change from build to build; the buggy inner loop (`<query.length;` — no `<=`) and the
# `has("")` fallback are required, so an upstream rewrite or fix stops the build.
_SEGMENT_RE = re.compile(
    r"function (?P<name>[\w$]+)\((?P<q>[\w$]+),(?P<idx>[\w$]+)\)\{"
    r"let (?P<set>[\w$]+)=new Set,(?P<cuts>[\w$]+)=new Uint16Array\((?P=q)\.length\);"
    r"for\(let (?P<i>[\w$]+)=0;(?P=i)<(?P=q)\.length;(?P=i)\+\+\)"
    r"for\(let (?P<j>[\w$]+)=(?P=i)\+1;(?P=j)<(?P=q)\.length;(?P=j)\+\+\)"
    r"(?P=q)\.slice\((?P=i),(?P=j)\)in (?P=idx)&&\((?P=cuts)\[(?P=i)\]=(?P=j)-(?P=i)\);"
    r"[^{}]*\{[^{}]*\}"  # the walk over the stack: one braced loop body
    r'return (?P=set)\.has\(""\)\?new Set\(\[(?P=q)\]\):(?P=set)\}'
)

# Replacement body (readable here, joined onto one line below so the file keeps its line count).
# cut[i]: length of the longest indexed word starting at i; go[p]: a cut is wanted at p;
# end: how far the words added so far reach.
_SEGMENT_JS = """
function {name}(q,index){{{marker}
const L=q.length,cut=new Uint16Array(L),go=new Uint8Array(L+1),seg=new Set;
for(let i=0;i<L;i++)for(let j=i+1;j<=L;j++)if(q.slice(i,j)in index)cut[i]=j-i;
go[0]=1;
for(let p=0,end=0;p<L;p++){{
if(!go[p])continue;
if(!cut[p]){{
if(p<end)continue;
let k=p;while(k<L&&!cut[k])k++;
seg.add(q.slice(p,k));go[k]=1;end=k;continue}}
for(let u=1;u<cut[p];u++)if(cut[p+u]>cut[p]-u){{seg.add(q.slice(p,p+u));go[p+u]=1}}
seg.add(q.slice(p,p+cut[p]));go[p+cut[p]]=1;end=Math.max(end,p+cut[p])}}
return seg}}
"""


def replacement_script(name: str, char_map: dict[str, str] | None = None) -> str:
    """The patched segment function, on one line, under the upstream function name.

    With a character map (the other script's characters mapped to this edition's), the query is
    first written in the edition's script, so a query typed in either script finds the page.
    """
    lines = _SEGMENT_JS.format(name=name, marker=MARKER).strip().splitlines()
    function = "".join(line.strip() for line in lines)
    if not char_map:
        return function
    mapping = json.dumps(char_map, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    head = f"function {name}(q,index){{{MARKER}"
    remap = "q=q.replace(/[\\u3400-\\u9fff\\uf900-\\ufaff]/g,c=>__readerScriptMap[c]||c);"
    return f"var __readerScriptMap={mapping};" + function.replace(head, head + remap, 1)


def _patch_text(text: str, path: Path, char_map: dict[str, str] | None = None) -> str:
    """Return text with segment() replaced; raise RuntimeError naming path if it isn't there once."""
    matches = list(_SEGMENT_RE.finditer(text))
    if len(matches) != 1:
        raise RuntimeError(
            f"{path}: expected exactly one Material search segment() function to patch, found "
            f"{len(matches)}. Material's search worker has changed; check whether multi-word Chinese "
            "queries still drop words and update or remove build_tools/search_patch.py."
        )
    match = matches[0]
    return text[: match.start()] + replacement_script(match["name"], char_map) + text[match.end() :]


def patch_search_worker(site_dir: Path, char_map: dict[str, str] | None = None) -> list[Path]:
    """Patch every built Material search worker under site_dir; return the worker files.

    Idempotent: files already carrying MARKER are left alone but still returned. Raises
    RuntimeError if a worker lacks the expected code, or if the site has a search index but no
    worker file (so a renamed asset cannot slip through unpatched).
    """
    site_dir = Path(site_dir)
    workers = sorted(set(site_dir.glob(WORKER_GLOB)) | set(site_dir.glob(f"**/{WORKER_GLOB}")))
    if not workers and any(site_dir.glob("**/search/search_index.json")):
        raise RuntimeError(f"{site_dir}: has a search index but no {WORKER_GLOB} to patch")
    for worker in workers:
        text = worker.read_text(encoding="utf-8")
        if MARKER in text:
            continue  # patched by an earlier run
        worker.write_text(_patch_text(text, worker, char_map), encoding="utf-8")
    return workers
