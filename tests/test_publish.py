"""Publishing pieces: the Traditional conversion, the root page, the zip, the Pages workflow."""

from __future__ import annotations

import zipfile
from pathlib import Path

import yaml

from build_tools.editions import SCRIPTS, published
from build_tools.publication import root_page, write_zip
from build_tools.stages.convert import convert_markdown, convert_text

ROOT = Path(__file__).resolve().parent.parent


def test_character_level_conversion_keeps_the_wording() -> None:
    # s2t changes characters only; s2twp would rewrite 软件 as 軟體 and 信息 as 資訊.
    assert convert_text("软件和信息") == "軟件和信息"
    assert convert_text("发展干部", "s2tw") == "發展幹部"


def test_markdown_conversion_leaves_addresses_alone() -> None:
    text = "见[源文件 一](../sources/源文件_一.txt.md#L3)。脚注[^v1]\n{: #p1 }\n<span id=\"发\">发</span>"
    out = convert_markdown(text)
    assert "[源文件 一](../sources/源文件_一.txt.md#L3)" in out
    assert "[^v1]" in out and 'id="发"' in out
    assert out.startswith("見") and "腳註" in out and ">發</span>" in out


def test_root_page_links_both_editions_and_redirects_only_online() -> None:
    online, offline = root_page(False, published()), root_page(True, published())
    for page in (online, offline):
        assert 'href="zh-Hans/index.html"' in page and 'href="zh-Hant/index.html"' in page
    assert "location.replace" in online and "<script" not in offline


def test_zip_is_reproducible(tmp_path: Path) -> None:
    folder = tmp_path / "reader-edition"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "x.html").write_text("文", encoding="utf-8")
    (folder / "index.html").write_text("首页", encoding="utf-8")
    first = write_zip(folder, tmp_path / "one.zip").read_bytes()
    (folder / "index.html").touch()
    second = write_zip(folder, tmp_path / "two.zip").read_bytes()
    assert first == second
    with zipfile.ZipFile(tmp_path / "one.zip") as zf:
        assert zf.namelist() == ["reader-edition/a/x.html", "reader-edition/index.html"]


def test_pages_workflow_uses_the_official_actions_and_make_build() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    assert any(s.get("run") == "make build" for s in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "site"
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["jobs"]["deploy"]["needs"] == "build"


def test_the_traditional_edition_uses_taiwan_standard_forms_by_default() -> None:

    hant = published()[1]
    assert hant.opencc == "s2tw" and hant.folder == "zh-Hant"
    # Taiwan forms, not OpenCC's own: 为→為 (not 爲), 里→裡 (not 裏), 着→著, 面→麵 only where meant.
    text = "因为这里的人着急吃面"
    assert convert_text(text, hant.opencc) == "因為這裡的人著急吃麵"
    assert convert_text(text, SCRIPTS["hant-opencc"].opencc) == "因爲這裏的人着急喫麪"
    assert SCRIPTS["hant-hk"].opencc == "s2hk"


def test_each_edition_has_its_own_address_for_sitemap_and_canonical_links() -> None:
    from build_tools.publication import Member, edition_url

    hans, hant = published()
    assert edition_url("https://example.org/repo/", Member(hant, False, (hans, hant))) == \
        "https://example.org/repo/zh-Hant/"
    assert edition_url("http://127.0.0.1:8000", Member(hans, False, (hans, hant))) == "http://127.0.0.1:8000/zh-Hans/"
    assert edition_url(None, Member(hans, False, (hans, hant))) is None
