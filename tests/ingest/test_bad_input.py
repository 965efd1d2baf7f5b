"""Bad input through the CLI: one line per bad file, the good files still parsed, non-zero exit at the end."""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from auditor.errors import FileTooLargeError, MissingFileError
from auditor.ingest import load
from tests.conftest import FIXTURES, REPORTS
from tests.ingest.zipfiles import make_zip as _zip

GOOD = [REPORTS / "shuyang-fgj-2023.html", FIXTURES / "renders" / "pingtan-2022.docx", REPORTS / "pingtan-2022.txt"]


def _encrypted_pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(72, 720, "2023 annual report on government information disclosure")
    c.showPage()
    c.save()
    return buf.getvalue()


def _bad_files(folder: Path) -> dict[str, tuple[str, str]]:
    """Write the bad files into ``folder``: file name → (path, the error code expected)."""
    pdf = (REPORTS / "hongze-2023.pdf").read_bytes()
    files = {
        "empty.txt": (b"", "E101"),
        "truncated.pdf": (pdf[: len(pdf) // 3], "E103"),
        "encrypted.pdf": (_encrypted_pdf(), "E104"),
        "not-a-report.html": (b"<html><head><title>404</title></head><body><h1>404 Not Found</h1>"
                              b"<p>\xe9\xa1\xb5\xe9\x9d\xa2\xe4\xb8\x8d\xe5\xad\x98\xe5\x9c\xa8</p></body></html>", "E108"),
        "garbage.doc": (random.Random(7).randbytes(20_000), "E102"),
        "renamed-zip.docx": (_zip({"data.csv": b"a,b\n1,2\n", "readme.txt": b"hello"}), "E102"),
        "bomb.docx": (_zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"\0" * (8 << 20)}), "E106"),
    }
    out = {}
    for name, (data, code) in files.items():
        (folder / name).write_bytes(data)
        out[name] = (str(folder / name), code)
    huge = folder / "huge.pdf"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 2**20)  # sparse: 200 MiB that take no disk and must never be read
    out["huge.pdf"] = (str(huge), "E105")
    out["missing.txt"] = (str(folder / "missing.txt"), "E110")
    return out


@pytest.fixture(scope="module")
def cli_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bad")
    bad = _bad_files(folder)
    paths = [p for p, _ in bad.values()]
    # good files between the bad ones: the batch must go on after each failure
    args = [*paths[:4], str(GOOD[0]), *paths[4:7], str(GOOD[1]), *paths[7:], str(GOOD[2])]
    env = {**os.environ, "COLUMNS": "400"}
    proc = subprocess.run([sys.executable, "-c", "from auditor.cli import main; main()", "parse", "--json", *args],
                          capture_output=True, text=True, timeout=300, env=env)
    return bad, proc


def test_exit_code_non_zero_at_the_end(cli_run):
    _, proc = cli_run
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr


def test_one_line_per_bad_file(cli_run):
    bad, proc = cli_run
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == len(bad), proc.stderr
    for name, (path, code) in bad.items():
        mine = [line for line in lines if path in line]
        assert len(mine) == 1, f"{name}: {mine}"
        assert f"{code} {path}:" in mine[0], f"{name}: {mine[0]}"


def test_good_files_still_parsed(cli_run):
    _, proc = cli_run
    parsed = [json.loads(line) for line in proc.stdout.splitlines() if line.startswith("{")]
    assert [p["file"] for p in parsed] == [str(g) for g in GOOD]
    for p in parsed:
        assert len(p["sections"]) == 6


def test_huge_file_refused_without_reading(tmp_path):
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as fh:
        fh.truncate(200 * 2**20)
    t0 = time.perf_counter()
    with pytest.raises(FileTooLargeError) as err:
        load(huge)
    assert time.perf_counter() - t0 < 0.5
    assert "200 MiB" in str(err.value)


def test_missing_file_has_its_own_code(tmp_path):
    with pytest.raises(MissingFileError) as err:
        load(tmp_path / "nope.pdf")
    assert err.value.code == "E110" and "nope.pdf" in str(err.value)
    with pytest.raises(MissingFileError):
        load(tmp_path)  # a folder given where a file was expected
