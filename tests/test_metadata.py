"""Bad book.yaml: exit code 2, one clear message naming the file, line and key; no traceback."""

import re
import subprocess
import sys

import pytest

from conftest import MINIMAL_YAML, REPO, write_project
from publish.errors import PublishError

GOOD_BODY = {"text.md": "# One\n\nSome text.\n"}


def run_build(root, *extra):
    return subprocess.run(
        [sys.executable, "-m", "publish", "build", str(root), "--format", "html", *extra],
        capture_output=True, text=True, timeout=300,
    )


CASES = [
    # (name, book.yaml, key named in the message, words the message must contain)
    ("missing total", MINIMAL_YAML.replace("  total: 12\n", ""), "series.total", "missing"),
    ("number above total", MINIMAL_YAML.replace("number: 3", "number: 41").replace("total: 12", "total: 40"),
     "series.number", "above"),
    ("number zero", MINIMAL_YAML.replace("number: 3", "number: 0"), "series.number", "1 or more"),
    ("string for a number", MINIMAL_YAML.replace("number: 3", "number: ten"), "series.number", "whole number"),
    ("missing title", MINIMAL_YAML.replace("title: A Small Book\n", ""), "title", "missing"),
    ("bad numbering", MINIMAL_YAML + "  numbering: greek\n", "series.numbering", "roman"),
    ("missing file", MINIMAL_YAML + "files: [text.md, nowhere.md]\n", "files[1]", "does not exist"),
    ("file outside", MINIMAL_YAML + "files: [../../etc/passwd]\n", "files[0]", "outside"),
    # was "book.yaml:9: YAML syntax error: expected <block end>", the line where the quote was closed
    ("quote left open", MINIMAL_YAML.replace("title: A Small Book", "title: 'A Small Book") + "subtitle: 'Its\n",
     None, "book.yaml:1: YAML syntax error: the quote opened here is never closed"),
    ("tab", MINIMAL_YAML.replace("  number: 3", "\tnumber: 3"), None, "indent with spaces"),
    # were "→ write e.g. 'number: 10'" and "authors[0]: authors[0] must be a mapping of keys"
    ("year in words", MINIMAL_YAML + "year: twenty\n", "year", "write e.g. 'year: 2026'"),
    ("author as a list", MINIMAL_YAML + "authors:\n  - [Jane, Doe]\n", "authors[0]",
     "should be a mapping of keys (name:, role: …), not ['Jane', 'Doe']"),
    ("colon in a value", MINIMAL_YAML + "subtitle: Patrol: The War\n", None, "needs quotes"),
    ("folder for a file", MINIMAL_YAML + "files: [text.md, .]\n", "files[1]", "'.' is a folder"),
    # book.yaml's keys printed as six chapters
    ("book.yaml as a file", MINIMAL_YAML + "files: [text.md, book.yaml]\n", "files[1]", "is no chapter of the text"),
    ("yaml syntax", MINIMAL_YAML + "subtitle: [unclosed\n", None, "YAML syntax"),
    ("yaml alias", MINIMAL_YAML + "subtitle: &a hi\nrights: *a\n", None, "aliases"),
    ("bad language", MINIMAL_YAML.replace("language: en", "language: english language"), "language", "BCP 47"),
    ("bad isbn", MINIMAL_YAML + "isbn:\n  print: 978-0-00-000000-1\n", "isbn.print", "check digit"),
    ("bad role", MINIMAL_YAML + "authors:\n  - {name: A. B., role: chef}\n", "authors[0].role", "role"),
    ("bad margins", MINIMAL_YAML + "print:\n  margins: 1in wide\n", "print.margins", "one to four lengths"),
    ("margins too wide", MINIMAL_YAML + "print:\n  margins: 0.5in 2.5in\n", "print.margins", "less than an inch"),
    # YAML reads 2026-13-45 as a date it cannot make: it was an internal error
    ("impossible date", MINIMAL_YAML + "editions:\n  - number: 1\n    date: 2026-13-45\n", "editions[0].date",
     "'2026-13-45' is not a date"),
    # "yesterday" printed as "First edition yest."
    ("date in words", MINIMAL_YAML + "editions:\n  - number: 1\n    date: yesterday\n", "editions[0].date",
     "'yesterday' is not a date"),
    # the series page's template failed: "roman numerals cover 1 to 3999"
    ("roman above 3999", MINIMAL_YAML.replace("total: 12", "total: 5000"), "series.total", "numbering: arabic"),
    # the file's chapters printed twice
    ("file listed twice", MINIMAL_YAML + "files: [text.md, ./text.md]\n", "files[1]", "listed twice"),
    # was "should be a list, not 'Jane Doe'" with no word of how to write one
    ("one author, not a list", MINIMAL_YAML + "authors: Jane Doe\n", "authors",
     "should be a list, not 'Jane Doe'\n  → write it as a list, in brackets: 'authors: [Jane Doe]'"),
    # was "→ create manuscript/Text.md or remove it from 'files:'", the file being text.md
    ("file named with other capitals", MINIMAL_YAML + "files: [Text.md]\n", "files[0]",
     "the file is 'text.md': names differ by capitals here"),
    # were "should be a mapping, not …" with no word of how, and a hint to bracket an edition's words
    ("limitation as a number", MINIMAL_YAML + "limitation: 40\n", "limitation", "write 'limitation: {copies: 40}'"),
    ("isbn as one number", MINIMAL_YAML + "isbn: 978-3-16-148410-0\n", "isbn", "'isbn: {print: 978-…, epub: 978-…}'"),
    ("edition in words", MINIMAL_YAML + "editions: First edition 2026\n", "editions",
     "write each as '- {number: 1, date: 2026-11-25, note: First edition}'"),
    ("dedication as a list", MINIMAL_YAML + "dedication:\n  - For my mother\n", "dedication",
     "'dedication: |' over them"),
    # a Mac's Option-Space: was "YAML syntax error: could not find expected ':'" on the line after
    ("no-break space after a key", MINIMAL_YAML.replace("language: en", "language:\u00a0en"), None,
     "book.yaml:2: YAML syntax error: the space after 'language:' is a no-break space (U+00A0)"),
    # was "series: required key is missing → add 'series:'", the typo said only by a warning --quiet hides
    ("typed serie:", MINIMAL_YAML.replace("series:", "serie:"), "series",
     "required key is missing; 'serie:' on line 3 looks like it"),
]


@pytest.mark.parametrize(("name", "yaml", "key", "words"), CASES, ids=[c[0] for c in CASES])
def test_bad_metadata_exits_2_naming_the_key(tmp_path, name, yaml, key, words):
    write_project(tmp_path, yaml, GOOD_BODY)
    done = run_build(tmp_path)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "book.yaml" in done.stderr
    if key:
        assert f"{key}:" in done.stderr
    assert words in done.stderr
    assert not (tmp_path / "build").exists()


def test_a_number_given_as_text_is_kept_as_typed(tmp_path):
    """YAML reads 1.10 as 1.1, 0x1F as 31, 007 as 7 and no as false: the title "1.10" printed "1.1",
    and a Norwegian book's 'language: no' was "should be text, not False"."""
    from publish.metadata import load_metadata

    yaml = (MINIMAL_YAML.replace("title: A Small Book", "title: 1.10").replace("language: en", "language: no")
            + "subtitle: 0x1F\nslug: 007\nyear: 2026\ntypography: {small_caps: off}\n")
    write_project(tmp_path, yaml, GOOD_BODY)
    meta = load_metadata(tmp_path / "manuscript" / "book.yaml")
    assert (meta.title, meta.subtitle, meta.slug, meta.year, meta.series.number) == ("1.10", "0x1F", "007", 2026, 3)
    assert meta.language == "no" and meta.typography.small_caps is False  # Norwegian; 'off' as YAML reads it


def test_print_isbn_as_the_epubs_is_warned_of(tmp_path):
    isbn = "978-0-306-40615-7"
    write_project(tmp_path, MINIMAL_YAML + f"isbn:\n  print: {isbn}\n  epub: {isbn}\n", GOOD_BODY)
    done = run_build(tmp_path)
    assert done.returncode == 0, done.stderr
    assert "isbn.epub: is the print edition's ISBN" in done.stderr


def test_a_book_yaml_saved_by_windows_names_its_encoding(tmp_path):
    """Was "not valid UTF-8" alone, for a book.yaml saved as UTF-16 ("Unicode") or Windows-1251."""
    yaml = MINIMAL_YAML.replace("A Small Book", "Маленькая книга")
    for encoding, name in (("utf-16", "UTF-16LE with BOM"), ("cp1251", "cp1251 (Windows Cyrillic)")):
        write_project(tmp_path / encoding, "", GOOD_BODY)
        (tmp_path / encoding / "manuscript" / "book.yaml").write_bytes(yaml.encode(encoding))
        done = run_build(tmp_path / encoding)
        assert done.returncode == 2 and f"book.yaml: not valid UTF-8: the file is in {name}" in done.stderr


def test_error_names_the_line(tmp_path):
    yaml = MINIMAL_YAML.replace("number: 3", "number: 41").replace("total: 12", "total: 40")
    write_project(tmp_path, yaml, GOOD_BODY)
    done = run_build(tmp_path)
    line = next(i for i, text in enumerate(yaml.splitlines(), 1) if "number: 41" in text)
    assert f"book.yaml:{line}: series.number" in done.stderr


def test_unknown_key_warns_with_suggestion(tmp_path):
    from publish.editions.pdf_parts import POOL_MIN_CHARS

    long_enough = "# One\n\n" + "Some text of a book long enough for the print workers.\n\n" * (POOL_MIN_CHARS // 50)
    write_project(tmp_path, MINIMAL_YAML + "subtitel: A typo\n", {"text.md": long_enough})
    done = run_build(tmp_path, "--format", "pdf,html")
    assert done.returncode == 0, done.stderr
    assert "subtitel" in done.stderr and "did you mean 'subtitle'" in done.stderr
    assert done.stderr.count("subtitel") == 1, done.stderr  # was said four times: by three stages and the print workers


@pytest.mark.parametrize(
    ("content", "words"),
    [(b"\xff\xfe\x00bin\x00ary", "binary"), (b"caf\xe9 au lait\n", "UTF-8"), (b"  \n\n", "empty"),
     # a Russian chapter saved by Windows: was "this is a binary file", and "not valid UTF-8" alone
     ("# Глава\n\nТекст главы.\n".encode("utf-16"), "text.md: not valid UTF-8: the file is in UTF-16LE with BOM"),
     ("# Глава\n\nТекст главы, «в кавычках».\n".encode("cp1251"),
      "text.md:1: not valid UTF-8 (byte 0xc3): the file is in cp1251 (Windows Cyrillic)"),
     (b"# One\n\n" + b"Text. " * 3_500_000, "text.md: file is 21,000,007 bytes, above the 20,000,000 limit\n"
      "  \u2192 split it into files of a part or a few chapters each")],
    ids=["binary", "latin-1", "empty", "utf-16", "cp1251", "21 MB"],
)
def test_bad_manuscript_file(tmp_path, content, words):
    write_project(tmp_path, MINIMAL_YAML, {})
    (tmp_path / "manuscript" / "text.md").write_bytes(content)
    done = run_build(tmp_path)
    assert done.returncode == 2
    assert "text.md" in done.stderr and words in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_format_is_a_user_error(tmp_path):
    write_project(tmp_path, MINIMAL_YAML, GOOD_BODY)
    done = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(tmp_path), "--format", "pdf,docx"],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 2 and "docx" in done.stderr


@pytest.mark.parametrize("title, slug", [
    ("Дальневосточный дозор", "dalnevostochnyi-dozor"),
    ("Manchuria and Shanghai, 1931–1940", "manchuria-and-shanghai-1931-1940"),
    ("L’été des œuvres", "lete-des-oeuvres"),
    ("«»", "book"),
])
def test_the_file_name_is_the_title_transliterated(title, slug):
    from publish.metadata import slugify

    assert slugify(title) == slug


def test_a_comma_that_parts_a_value_in_braces_is_explained(tmp_path):
    """The guide's own praise example, '{text: A patient, unshowy book., source: The Times}',
    printed "A patient" alone: YAML read 'unshowy book.' as a key, which was warned of as an
    unknown key with 'see docs/guide.md'. The warning says what the comma did, and the guide's
    example is quoted."""
    from publish.metadata import load_metadata

    guide = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    example = re.search(r"`- (\{text: [^`]*The Times\})`", guide).group(1)
    write_project(tmp_path, MINIMAL_YAML + f"praise:\n  - {example}\n", GOOD_BODY)
    assert load_metadata(tmp_path / "manuscript" / "book.yaml").praise[0].text == "A patient, unshowy book."
    write_project(tmp_path, MINIMAL_YAML + "praise:\n  - {text: A patient, unshowy book., source: The Times}\n",
                  GOOD_BODY)
    done = run_build(tmp_path)
    assert "praise[0].unshowy book.: unknown key, ignored" in done.stderr
    assert "a comma inside { … } ends a value, so 'unshowy book.' was read as a key" in done.stderr


@pytest.mark.parametrize(("value", "hint"), [
    ("[Draft] The Long Watch", 'title: "[Draft] The Long Watch"'),  # was "expected <block end>, but found '<scalar>'"
    ("*A Novel*", 'title: "*A Novel*"'),  # was "found undefined alias 'A'"
    ("@home", 'title: "@home"'),  # was "found character '@' that cannot start any token"
    ('"Hello" she said', "title: '\"Hello\" she said'"),
    ("[unclosed", 'title: "[unclosed"'),  # YAML says so on the line after
])
def test_a_value_opening_with_yaml_markup_says_to_quote_it(tmp_path, value, hint):
    """An editor types `title: [Draft] The Long Watch` as any other text: YAML's own message named
    no fix ("check indentation and quoting near that line")."""
    from publish.metadata import load_metadata

    path = tmp_path / "book.yaml"
    path.write_text(MINIMAL_YAML.replace("title: A Small Book", f"title: {value}"), encoding="utf-8")
    with pytest.raises(PublishError) as error:
        load_metadata(path)
    message = str(error.value)
    assert "book.yaml:1:" in message and f"put the whole value in quotes, {hint}" in message


def test_a_list_in_brackets_is_not_told_to_be_quoted(tmp_path):
    from publish.metadata import load_metadata

    path = tmp_path / "book.yaml"
    path.write_text(MINIMAL_YAML + "also_by: [One, [Two\n", encoding="utf-8")
    with pytest.raises(PublishError) as error:
        load_metadata(path)
    assert "put the whole value in quotes" not in str(error.value)


def test_publish_news_isbn_placeholder_uncommented_says_what_to_write(tmp_path):
    """`publish new` shows `# isbn: {print: 978-…, epub: 978-…}`; taken out of its comment as it
    stands it was warned of as 'the print edition's ISBN' given to the EPUB, then refused with
    'write it as 978-… or 979-…', the very text typed."""
    from conftest import recorded_warnings
    from publish.metadata import load_metadata

    path = tmp_path / "book.yaml"
    path.write_text(MINIMAL_YAML + "isbn: {print: 978-…, epub: 978-…}\n", encoding="utf-8")
    with recorded_warnings() as warnings, pytest.raises(PublishError) as error:
        load_metadata(path)
    assert warnings == []
    assert "isbn.print: '978-…' is not a 13-digit ISBN" in str(error.value)
    assert "write the 13 digits your ISBN agency gave" in str(error.value)
    assert "put a # before the line until you have one" in str(error.value)


@pytest.mark.parametrize(("trim", "meant"), [("6x9", "6x9in"), ("6 x 9 inches", "6 x 9in")])
def test_a_trim_without_its_unit_is_answered_with_it(tmp_path, trim, meant):
    """A printer's list gives "6x9": it was refused with examples only."""
    from publish.metadata import load_metadata
    from publish.trim import parse_trim

    path = tmp_path / "book.yaml"
    path.write_text(MINIMAL_YAML + f"print:\n  trim: {trim}\n", encoding="utf-8")
    with pytest.raises(PublishError) as error:
        load_metadata(path)
    assert f"print.trim: '{trim}' is not a trim size" in str(error.value)
    assert f"did you mean '{meant}'?" in str(error.value) and parse_trim(meant)


def test_printed_words_cut_off_by_a_hash_are_warned_of(tmp_path):
    """`title: Patrol #10` printed "Patrol": YAML takes " #10" for a comment. A comment after a
    number, or a '#' inside quotes, is what the editor meant."""
    from conftest import recorded_warnings
    from publish.metadata import load_metadata

    path = tmp_path / "book.yaml"
    path.write_text(MINIMAL_YAML.replace("title: A Small Book", "title: Patrol #10")
                    + 'subtitle: "Volume #3"\nyear: 2026  # the first\n', encoding="utf-8")
    with recorded_warnings() as warnings:
        meta = load_metadata(path)
    assert (meta.title, meta.subtitle) == ("Patrol", "Volume #3")
    assert warnings == [f"{path}:1: title: YAML reads 'Patrol' and takes ' #10' for a comment, which no edition "
                        "prints; to keep the words, put the whole value in quotes: \"Patrol #10\""]
