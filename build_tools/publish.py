"""Assembling the publication: the root page that sends readers to an edition, and the offline zip."""

from __future__ import annotations

import html
import os
import time
import zipfile
from pathlib import Path

ZIP_NAME = "reader-edition-offline.zip"
EDITION_LINKS = (("zh-Hans", "简体中文"), ("zh-Hant", "繁體中文"))


def root_page(offline: bool, title: str = "文献读本 · 文獻讀本") -> str:
    """A page at the root of the publication: a link to each edition, and a redirect by the browser's language."""
    links = "\n".join(f'    <li><a href="{tag}/index.html" hreflang="{tag}">{html.escape(name)}</a></li>'
                      for tag, name in EDITION_LINKS)
    # Traditional for readers whose browser asks for zh-Hant, zh-TW, zh-HK or zh-MO; Simplified otherwise.
    script = ("" if offline else
              '  <script>\n'
              '    var langs = (navigator.languages || [navigator.language || ""]).join(",").toLowerCase();\n'
              '    var hant = /zh-(hant|tw|hk|mo)/.test(langs);\n'
              '    location.replace((hant ? "zh-Hant" : "zh-Hans") + "/index.html");\n'
              '  </script>\n')
    return (
        "<!DOCTYPE html>\n<html lang=\"zh\">\n<head>\n  <meta charset=\"utf-8\">\n"
        f"  <title>{html.escape(title)}</title>\n"
        "  <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"{script}</head>\n<body>\n  <h1>{html.escape(title)}</h1>\n  <ul>\n{links}\n  </ul>\n</body>\n</html>\n"
    )


def _timestamp() -> tuple[int, int, int, int, int, int]:
    """The date written into the zip: SOURCE_DATE_EPOCH when set, else a fixed one (reproducible zips)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        t = time.gmtime(max(int(epoch), 315532800))  # zip cannot store dates before 1980
        return (t.tm_year, t.tm_mon, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec)
    return (1980, 1, 1, 0, 0, 0)


def write_zip(folder: Path, target: Path) -> Path:
    """Zip a folder (entries under its own name, in sorted order, fixed dates) into `target`."""
    target.parent.mkdir(parents=True, exist_ok=True)
    stamp = _timestamp()
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    tmp.replace(target)
    return target
