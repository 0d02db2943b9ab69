"""The offline zip compressed in worker processes is, byte for byte, the zip `zipfile.writestr` writes."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from build_tools import zip_writer
from build_tools.editions import published
from build_tools.publication import ZIP_FOLDER, offline_page, root_page, write_offline_zip

EDITIONS = published()
STAMP = (1980, 1, 1, 0, 0, 0)
BATCH = 64 << 10  # BATCH_BYTES in these tests, so that a few files make many batches
ZIP64_LIMIT = 20_000  # zipfile's, in the zip64 test


def _write_edition(folder: Path, seed: int) -> None:
    rng = random.Random(seed)
    page = ('<nav><a href="../chapters/d1/#p2">1</a> <a href="..">up</a> <a href="https://x.org/">x</a></nav>\n'
            '<p class="reader-download"><a href="../download/x.zip">下载</a></p>\n<p>正文 {n}</p>\n')
    files: dict[str, bytes] = {
        "index.html": page.format(n=0).encode(),
        "empty.txt": b"",
        "章节/第一篇/index.html": (page.format(n=1) * 50).encode(),
        "assets/random.bin": rng.randbytes(3 * BATCH),  # incompressible, larger than a batch
        # Under ZIP64_LIMIT but not under it by 5%: zipfile gives its local header a zip64 field.
        "assets/edge.bin": rng.randbytes(ZIP64_LIMIT - 500),
        "assets/big.html": "".join(page.format(n=i) for i in range(2000)).encode(),  # several batches' worth
        "search/index.js": ("var x = " + "".join(rng.choice("abc字") for _ in range(20000))).encode(),
    }
    for i in range(40):
        files[f"chapters/d{i}/index.html"] = (page.format(n=i) * rng.randint(1, 30)).encode()
        files[f"chapters/d{i}/image.png"] = rng.randbytes(rng.randint(0, 5000))
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _tree(root: Path) -> Path:
    for n, script in enumerate(EDITIONS):
        _write_edition(root / script.folder, n)
    return root


def _zipfile_copy(root: Path, target: Path) -> bytes:
    """The offline zip as `zipfile.writestr` writes it, one entry after another (the writer before workers)."""
    def content(path: Path) -> bytes:
        data = path.read_bytes()
        return offline_page(data.decode("utf-8")).encode("utf-8") if path.suffix == ".html" else data

    entries = {"index.html": root_page(True, EDITIONS).encode("utf-8")}
    for script in EDITIONS:
        folder = root / script.folder
        for path in folder.rglob("*"):
            if path.is_file():
                entries[f"{script.folder}/{path.relative_to(folder).as_posix()}"] = content(path)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for name in sorted(entries):
            info = zipfile.ZipInfo(f"{ZIP_FOLDER}/{name}", date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, entries[name])
    return target.read_bytes()


@pytest.fixture(autouse=True)
def _small_batches(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_writer, "BATCH_BYTES", BATCH)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)


@pytest.mark.parametrize("parallel_from", [0, 10**9], ids=["workers", "in-process"])
def test_the_zip_is_what_zipfile_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parallel_from: int) -> None:
    monkeypatch.setattr(zip_writer, "PARALLEL_FROM", parallel_from)
    root = _tree(tmp_path / "site")
    written = write_offline_zip(root, EDITIONS, tmp_path / "new.zip", workers=2).read_bytes()
    assert written == _zipfile_copy(root, tmp_path / "old.zip")
    with zipfile.ZipFile(tmp_path / "new.zip") as archive:
        assert archive.testzip() is None
        names = archive.namelist()
        assert names == sorted(names) and f"{ZIP_FOLDER}/zh-Hans/章节/第一篇/index.html" in names
        assert archive.read(f"{ZIP_FOLDER}/zh-Hans/empty.txt") == b""
        assert archive.read(f"{ZIP_FOLDER}/zh-Hant/assets/random.bin") == (root / "zh-Hant/assets/random.bin").read_bytes()
        assert b'href="../chapters/d1/index.html#p2"' in archive.read(f"{ZIP_FOLDER}/zh-Hans/index.html")


def test_zip64_offsets_and_sizes_are_written_as_zipfile_writes_them(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # As CPython's own tests do: a small ZIP64_LIMIT makes a small zip need zip64 headers, offsets and
    # end records (the publication's zip passes 4 GiB at 20,000 documents).
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", ZIP64_LIMIT)
    monkeypatch.setattr(zip_writer, "PARALLEL_FROM", 0)
    root = _tree(tmp_path / "site")
    written = write_offline_zip(root, EDITIONS, tmp_path / "new.zip", workers=2).read_bytes()
    assert b"PK\x06\x06" in written  # the zip64 end of central directory record
    assert written == _zipfile_copy(root, tmp_path / "old.zip")
    with zipfile.ZipFile(tmp_path / "new.zip") as archive:
        assert archive.testzip() is None
        big = archive.getinfo(f"{ZIP_FOLDER}/zh-Hant/assets/big.html")
        assert big.file_size > ZIP64_LIMIT and big.header_offset > ZIP64_LIMIT


def test_each_edition_is_zipped_after_before_is_called_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(zip_writer, "PARALLEL_FROM", 0)
    built = _tree(tmp_path / "built")
    root = tmp_path / "site"
    root.mkdir()
    called = []

    def before(script: object) -> None:
        # The edition's build "ends" here: its folder appears only now, as a member's does.
        folder = next(s.folder for s in EDITIONS if s == script)
        called.append(folder)
        (built / folder).rename(root / folder)

    write_offline_zip(root, EDITIONS, tmp_path / "new.zip", before=before, workers=2)
    assert called == ["zh-Hans", "zh-Hant"]
    _tree(tmp_path / "expected")
    assert (tmp_path / "new.zip").read_bytes() == _zipfile_copy(tmp_path / "expected", tmp_path / "old.zip")
