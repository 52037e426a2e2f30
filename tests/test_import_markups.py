"""`publish import` of the markups pandoc reads besides Markdown, as pandoc's own test files have them."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from publish.importer import import_text


def run(tmp_path: Path, name: str, data: bytes, suffix: str):
    source = tmp_path / f"{name}{suffix}"
    source.write_bytes(data)
    into = tmp_path / name / "manuscript"
    return import_text(source, into), into


def test_a_figure_captioned_by_its_file_name_is_imported(tmp_path):
    # pandoc's writers set a figure's caption under a picture described by its file's name
    # (rst ':alt: lalune' over 'lalune', Djot's caption div): the description went as a
    # placeholder, Markdown wrote the caption as `![lalune](…)`, read back as description and
    # caption, and the import refused with "added 'lalune'" as its own bug.
    Image.new("RGB", (40, 30), (200, 30, 30)).save(tmp_path / "lalune.jpg")
    source = b"Some text here.\n\n::::\n![lalune](lalune.jpg)\n\n{.caption}\n:::\nlalune\n\n:::\n::::\n"
    report, into = run(tmp_path, "fig", source, ".djot")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "![lalune](images/lalune.jpg)" in text
    assert report.words_in == report.words_out
