"""`publish release`: the edition history in book.yaml, the stored editions and their manifest."""

import json
import subprocess
import sys

import pytest
from pypdf import PdfReader

from conftest import REPO, write_project
from publish.errors import PublishError
from publish.metadata import load_metadata
from publish.release import record_edition, release, verify

YAML = """\
# The press's comments stay where they are.
title: Release Test
language: en
series: {name: Test Series, number: 4, total: 9}
year: 2026
editions:
  - number: 1
    date: '2026-03-01'
    note: First edition
slug: release-test
"""
BODY = {"a.md": "# One\n\nThe first chapter, with a word to correct: Suguyama.\n"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("SOURCE_DATE_EPOCH", raising=False)  # a release is dated by its own date
        root = write_project(tmp_path_factory.mktemp("release") / "book", YAML, BODY)
        first = release(root)  # the edition book.yaml already lists
        source = root / "manuscript" / "a.md"
        source.write_text(source.read_text().replace("Suguyama", "Sugiyama"))
        second = release(root, "printing", date="2027-02-01")
    return root, first, second


def test_release_takes_the_listed_edition_then_records_a_printing(project):
    root, first, second = project
    assert (first.edition.number, first.edition.printing, first.folder.name) == (1, 1, "1")
    assert (second.edition.number, second.edition.printing, second.folder.name) == (1, 2, "1.2")
    text = (root / "manuscript" / "book.yaml").read_text()
    assert text.startswith("# The press's comments stay where they are.\n")
    meta = load_metadata(root / "manuscript" / "book.yaml")
    assert [(e.number, e.printing, e.date, e.note) for e in meta.editions] == [
        (1, 1, "2026-03-01", "First edition"), (1, 2, "2027-02-01", "with corrections"),
    ]
    assert meta.slug == "release-test"  # the keys after editions: are still there


def test_release_folder_holds_editions_source_and_a_true_manifest(project):
    root, first, second = project
    for done in (first, second):
        manifest = json.loads((done.folder / "manifest.json").read_text())
        names = set(manifest["files"])
        assert {"release-test.pdf", "release-test.epub", "html/index.html", "source/book.yaml", "source/a.md"} <= names
        assert verify(done.folder) == []
        assert manifest["tools"]["pandoc"] and manifest["tools"]["weasyprint"] == "70.0"
        assert manifest["source_revision"] is None  # not a git repository
    assert "Suguyama" in (first.folder / "source" / "a.md").read_text()
    assert "Sugiyama" in (second.folder / "source" / "a.md").read_text()
    # A changed byte is caught.
    pdf = second.folder / "release-test.pdf"
    data = pdf.read_bytes()
    pdf.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    try:
        assert verify(second.folder) == ["release-test.pdf"]
    finally:
        pdf.write_bytes(data)


def test_history_on_the_copyright_page_and_colophon_of_every_edition(project):
    _, first, second = project
    line = "First edition 2026. Second printing, with corrections, 2027."
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(second.folder / "release-test.pdf").pages)
    assert line in pdf
    first_pdf = PdfReader(first.folder / "release-test.pdf")
    assert "Second printing" not in " ".join(p.extract_text() for p in first_pdf.pages)
    colophon = (second.folder / "html" / "colophon.html").read_text()
    assert line in colophon
    assert "Built on <time datetime=\"2027-02-01\">" in colophon  # dated by the release
    import zipfile

    with zipfile.ZipFile(second.folder / "release-test.epub") as z:
        copyright_page = z.read("EPUB/text/copyright.xhtml").decode()
    assert "Second printing, with corrections, 2027." in copyright_page


def test_releasing_the_same_printing_twice_is_refused(project):
    root, _, _ = project
    with pytest.raises(PublishError, match="already released"):
        release(root)


def test_record_edition_adds_an_editions_list_when_there_is_none(tmp_path):
    path = tmp_path / "book.yaml"
    path.write_text("title: T\nlanguage: en\nseries: {name: S, number: 1, total: 2}\n")
    from publish.model import Edition

    record_edition(path, Edition(1, "2026-01-02", "First edition"))
    record_edition(path, Edition(2, "2028-01-02", "Revised"))
    meta = load_metadata(path)
    assert [(e.number, e.printing, e.note) for e in meta.editions] == [(1, 1, "First edition"), (2, 1, "Revised")]


def test_release_command_line(tmp_path):
    root = write_project(tmp_path / "cli", YAML.replace("editions:\n  - number: 1\n    date: '2026-03-01'\n"
                                                         "    note: First edition\n", ""), BODY)
    done = subprocess.run([sys.executable, "-m", "publish", "release", str(root), "--printing"],
                          capture_output=True, text=True, timeout=300, cwd=REPO)
    assert done.returncode == 2 and "no edition to reprint" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_day_that_is_no_date_is_refused_before_book_yaml_changes(tmp_path):
    root = write_project(tmp_path / "book", YAML, BODY)
    before = (root / "manuscript" / "book.yaml").read_text()
    with pytest.raises(PublishError, match="'2026-13-45' is not a date"):  # was recorded, then an internal error
        release(root, "printing", date="2026-13-45")
    assert (root / "manuscript" / "book.yaml").read_text() == before


def test_an_edition_dated_by_its_year_alone_is_released(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_project(tmp_path / "book", YAML.replace("'2026-03-01'", "2026"), BODY)
    done = release(root)  # was an internal error: fromisoformat('2026')
    assert done.manifest["source_date_epoch"] == 1767225600  # 2026-01-01


def test_a_release_that_fails_records_nothing(tmp_path, monkeypatch):
    """A build that failed (a picture missing) left 'printing: 2' in book.yaml and an empty
    editions/: run again once mended, it recorded and released printing 3."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_project(tmp_path / "book", YAML, {"a.md": "# One\n\n![A map.](map.png)\n"})
    before = (root / "manuscript" / "book.yaml").read_text()
    with pytest.raises(PublishError, match="map.png' does not exist"):
        release(root, "printing", date="2027-02-01")
    assert (root / "manuscript" / "book.yaml").read_text() == before
    assert not (root / "editions").exists()
    (root / "manuscript" / "a.md").write_text("# One\n\nNo map after all.\n")
    done = release(root, "printing", date="2027-02-01")
    assert (done.edition.number, done.edition.printing) == (1, 2)


def test_a_committed_manuscript_is_released_clean_and_a_kept_isbn_is_refused(tmp_path, monkeypatch):
    """The entry `release --printing` writes into book.yaml made every such release '+dirty', though
    the editor had committed everything; and a new edition went out under the last one's ISBN,
    unsaid, and could not be released again once mended."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    root = write_project(tmp_path / "book", YAML + "isbn: {print: 978-0-306-40615-7}\n", BODY)
    git = ["git", "-c", "user.name=Ed", "-c", "user.email=ed@example.org"]

    def commit():
        subprocess.run([*git, "add", "-A"], cwd=root, check=True)
        subprocess.run([*git, "commit", "-qm", "text"], cwd=root, check=True)
        return subprocess.run(["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True).stdout.strip()

    subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    head = commit()
    first = release(root)
    assert first.manifest["source_revision"] == head
    book_yaml = root / "manuscript" / "book.yaml"
    before = book_yaml.read_text()
    with pytest.raises(PublishError, match=r"isbn.print: edition 2 would keep the last release's ISBN "
                                           r"\(978-0-306-40615-7\)") as refused:
        release(root, "edition", note="Revised", date="2027-02-01")
    assert "give the new edition its own isbn.print and isbn.epub" in str(refused.value)
    assert book_yaml.read_text() == before and not (root / "editions" / "2").exists()
    book_yaml.write_text(before.replace("978-0-306-40615-7", "978-3-16-148410-0"))
    head = commit()  # the new ISBN, and editions/
    second = release(root, "edition", note="Revised", date="2027-02-01")
    assert (second.edition.number, second.folder.name) == (2, "2")
    assert second.manifest["source_revision"] == head  # not head + "+dirty"
