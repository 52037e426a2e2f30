"""Shared fixtures: books built once per session, small projects written on demand."""

from __future__ import annotations

import logging
import os
import shutil
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from publish.build import build

REPO = Path(__file__).resolve().parents[1]
EPOCH = "1764000000"  # 2025-11-24: fixed so that outputs are comparable


@dataclass(frozen=True)
class Built:
    root: Path
    out: Path
    pdf: Path
    epub: Path
    html: Path  # build/html/


class LogRecords(logging.Handler):
    """The warnings a build logs, as text (add it to the "publish" logger)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def recorded_warnings() -> Iterator[list[str]]:
    """The warnings "publish" logs inside the block, as text."""
    records = LogRecords()
    logger = logging.getLogger("publish")
    logger.addHandler(records)
    try:
        yield records.messages
    finally:
        logger.removeHandler(records)


def build_project(root: Path, formats: tuple[str, ...] = ("pdf", "epub", "html")) -> Built:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    out = root / "build"
    build(root, out, formats)
    pdfs = sorted(out.glob("*.pdf"))
    epubs = sorted(out.glob("*.epub"))
    return Built(
        root, out, pdfs[0] if pdfs else out / "missing.pdf",
        epubs[0] if epubs else out / "missing.epub", out / "html",
    )


def write_project(root: Path, book_yaml: str, files: dict[str, str]) -> Path:
    """A book project on disk: manuscript/book.yaml and Markdown files."""
    manuscript = root / "manuscript"
    manuscript.mkdir(parents=True, exist_ok=True)
    (manuscript / "book.yaml").write_text(textwrap.dedent(book_yaml), encoding="utf-8")
    for name, text in files.items():
        path = manuscript / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
    return root


def pdf_fonts(path: Path) -> set[tuple[str, bool]]:
    """(base font name without its subset tag, embedded?) for every font a PDF's pages use."""
    import pypdf

    found = set()
    for page in pypdf.PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.add((str(font["/BaseFont"]).lstrip("/").split("+", 1)[-1], embedded))
    return found


MINIMAL_YAML = """\
title: A Small Book
language: en
series:
  name: Test Series
  number: 3
  total: 12
"""


@pytest.fixture(scope="session")
def seed_book(tmp_path_factory) -> Built:
    """The default book in manuscript/, built once into a temporary folder."""
    root = tmp_path_factory.mktemp("seed")
    shutil.copytree(REPO / "manuscript", root / "manuscript")
    return build_project(root)


def pdf_rows(page) -> list[tuple[str, float, float]]:
    """A pdfium page's lines as it reads them: (text without spaces, left and right edge in points)."""
    text = page.get_textpage()
    rows: list[list] = [[]]
    for n in range(text.count_chars()):
        ch = text.get_text_range(n, 1)
        if ch == "\n":
            rows.append([])
        elif ch.strip():
            rows[-1].append((ch, text.get_charbox(n)))
    return [("".join(ch for ch, _ in row), min(b[0] for _, b in row), max(b[2] for _, b in row))
            for row in rows if row]


def emf_bytes() -> bytes:
    """A Windows drawing (EMF) of nothing, as Word keeps an inserted drawing or chart."""
    import struct

    header = struct.pack("<II4i4i4sIIIHHIII", 1, 108, 0, 0, 99, 99, 0, 0, 2540, 2540, b" EMF", 0x10000, 128, 2, 1,
                         0, 0, 0, 0) + struct.pack("<4i", 1024, 768, 320, 240)
    return header.ljust(108, b"\0") + struct.pack("<5I", 14, 20, 0, 16, 20)
