"""Series builds: series.yaml and its numbering errors, "Also in this series" in every edition,
`build --series` in parallel with failures isolated, and the Dask executor equal to the local build."""

from __future__ import annotations

import filecmp
import logging
import os
import shutil
import sys
import textwrap
import zipfile
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from conftest import EPOCH, write_project
from publish.build import build
from publish.cli import main
from publish.errors import PublishError
from publish.series import load_series
from publish.series_build import build_series

SERIES_YAML = """\
name: The Forty
total: 40
numbering: roman
lines: [Modern Russian History]
volumes:
  - number: 9
    path: nine
    web: https://press.example/books/9/
  - number: 10
    path: ten
    store: https://store.example/ten
  - number: 11
    title: The Eleventh Hour
  - number: 12
    path: twelve
"""
VOLUMES = {"nine": (9, "The Ninth Book"), "ten": (10, "The Tenth Book"), "twelve": (12, "The Twelfth Book")}
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def volume_yaml(number: int, title: str, total: int = 40, series_file: bool = True) -> str:
    return textwrap.dedent(f"""\
        title: {title}
        language: en
        series:
          name: The Forty
          number: {number}
          total: {total}
        """) + ("  file: ../../series.yaml\n" if series_file else "")


def write_series(root: Path, series_yaml: str = SERIES_YAML, volumes: dict | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "series.yaml").write_text(series_yaml, encoding="utf-8")
    for folder, (number, title) in (volumes or VOLUMES).items():
        write_project(root / folder, volume_yaml(number, title), {
            "text.md": f"# Opening\n\nThe first words of {title}.\n\n# Closing\n\nThe last words.\n",
        })
    return root / "series.yaml"


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    """The series built on this machine, two volumes at a time, into OUT/<slug>/."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    root = tmp_path_factory.mktemp("series")
    path = write_series(root)
    seen = []
    report = build_series(path, root / "out", ("epub", "html"), jobs=2, on_done=seen.append)
    return root, report, seen


def entries(items) -> list[tuple[str, str, str | None, bool]]:
    """(number, title, link, forthcoming) for each <li> of the list."""
    out = []
    for li in items:
        number = "".join(li.xpath(".//*[@class='volume-number']//text()")).replace("\u00a0", " ")
        title = "".join(li.xpath(".//*[contains(@class, 'volume-title')]//text()"))
        links = li.xpath(".//*[local-name()='a']/@href")
        out.append((number, title, links[0] if links else None, "forthcoming" in li.get("class", "")))
    return out


EXPECTED_FOR_TEN = [
    ("No. IX", "The Ninth Book", "https://press.example/books/9/", False),
    ("No. XI", "The Eleventh Hour", None, True),
    ("No. XII", "The Twelfth Book", None, False),
]


# --- the series file and its numbering ---------------------------------------------------------

def test_series_file_lists_volumes_by_number_with_titles_from_their_books(tmp_path):
    series = load_series(write_series(tmp_path))
    assert [(v.number, v.title, v.published) for v in series.volumes] == [
        (9, "The Ninth Book", True), (10, "The Tenth Book", True), (11, "The Eleventh Hour", False),
        (12, "The Twelfth Book", True)]
    assert [v.label for v in series.others(10)] == ["No.\u00a0IX", "No.\u00a0XI", "No.\u00a0XII"]
    assert all(not v.problem for v in series.volumes)


def _error(path: Path) -> str:
    with pytest.raises(PublishError) as caught:
        load_series(path)
    return str(caught.value)


def test_two_volumes_with_one_number_name_both(tmp_path):
    text = SERIES_YAML.replace("  - number: 12\n    path: twelve", "  - number: 9\n    title: Another Ninth")
    message = _error(write_series(tmp_path, text))
    lines = text.splitlines()
    first, second = (n for n, line in enumerate(lines, 1) if line.strip() == "- number: 9")
    assert f"series.yaml:{second}:" in message
    assert f"No.\u00a0IX 'The Ninth Book' (line {first})" in message
    assert f"No.\u00a0IX 'Another Ninth' (line {second})" in message
    assert "same number" in message


def test_a_number_above_the_total_is_refused(tmp_path):
    text = SERIES_YAML.replace("total: 40", "total: 11")
    message = _error(write_series(tmp_path, text))
    line = text.splitlines().index("  - number: 12") + 1
    assert f"series.yaml:{line}:" in message and "No.\u00a0XII 'The Twelfth Book'" in message
    assert "above the series total of XI" in message


def test_a_gap_is_an_error_only_where_the_series_forbids_gaps(tmp_path):
    text = SERIES_YAML.replace("numbering: roman", "numbering: roman\ngaps: false")
    message = _error(write_series(tmp_path / "a", text))
    assert "the series starts at No.\u00a0IX 'The Ninth Book'" in message
    # was "No. I, No. II, No. III, No. IV, No. V, No. VI, No. VII, No. VIII missing"
    assert "; No.\u00a0I to No.\u00a0VIII (8 volumes) missing" in message
    # Volumes I–VIII listed by title: the gap left is between X and XII once XI goes.
    listed = "".join(f"  - number: {n}\n    title: Volume {n}\n" for n in range(1, 9))
    eleven = "  - number: 11\n    title: The Eleventh Hour\n"
    text = text.replace("volumes:\n", "volumes:\n" + listed).replace(eleven, "")
    message = _error(write_series(tmp_path / "b", text))
    line = text.splitlines().index("  - number: 12") + 1
    assert f"series.yaml:{line}:" in message
    assert "a gap between No.\u00a0X 'The Tenth Book'" in message and "and No.\u00a0XII 'The Twelfth Book'" in message
    assert "No.\u00a0XI missing" in message
    assert len(load_series(write_series(tmp_path / "c", text.replace("gaps: false", "gaps: true"))).volumes) == 11


def test_a_volume_whose_book_yaml_disagrees_fails_alone_naming_both_files(tmp_path):
    path = write_series(tmp_path)
    (tmp_path / "ten" / "manuscript" / "book.yaml").write_text(volume_yaml(10, "The Tenth Book", total=30))
    series = load_series(path)
    problem = series.entry(10).problem
    assert "ten/manuscript/book.yaml:6: series.total: 30 here" in problem
    line = SERIES_YAML.splitlines().index("  - number: 10") + 1
    assert f"series file ({path}:{line}) says 40" in problem and "No.\u00a0X 'The Tenth Book'" in problem
    assert not series.entry(9).problem
    with pytest.raises(PublishError, match="series.total: 30 here"):  # built alone, it fails the same way
        build(tmp_path / "ten", formats=("html",))


def test_a_volume_with_neither_path_nor_title_is_refused(tmp_path):
    message = _error(write_series(tmp_path, SERIES_YAML + "  - number: 13\n"))
    assert "No.\u00a0XIII has neither a path nor a title" in message and "series.yaml:" in message


# --- "Also in this series" in each edition -----------------------------------------------------

def test_every_volume_is_built_with_one_line_each_as_it_finishes(local):
    root, report, seen = local
    assert report.failed == ()
    assert sorted(o.job.number for o in seen) == [9, 10, 12]
    assert [o.job.number for o in report.outcomes] == [9, 10, 12]
    for slug in ("the-ninth-book", "the-tenth-book", "the-twelfth-book"):
        assert (root / "out" / slug / f"{slug}.epub").is_file()
        assert (root / "out" / slug / "html" / "also-in-series.html").is_file()
    assert "3 of 3 volumes built" in report.summary() and "1 listed as not yet published" in report.summary()


def test_html_page_lists_the_other_volumes_with_their_links(local):
    root = local[0]
    for slug, own in (("the-tenth-book", "No. X"), ("the-ninth-book", "No. IX")):
        page = lxml.html.parse(str(root / "out" / slug / "html" / "also-in-series.html")).getroot()
        section = page.get_element_by_id("also-in-series")
        assert section.xpath("string(.//h1)") == "Also in this series"
        found = entries(section.xpath(".//li"))
        assert own not in [number for number, *_ in found]
        if slug == "the-tenth-book":
            assert found == EXPECTED_FOR_TEN
        else:  # volume X links to its store page: the series file gives no web page for it
            assert found[0] == ("No. X", "The Tenth Book", "https://store.example/ten", False)
        # The external addresses are links a reader may follow; nothing on the page loads them.
        loads = [(el.tag, url) for el, _, url, _ in page.iterlinks() if el.tag != "a" and "://" in url]
        assert loads == [] and len(page.xpath("//a[starts-with(@href, 'https://')]")) >= 1
        # In the reading order: after the text, linked from the page before it.
        before = lxml.html.parse(str(root / "out" / slug / "html" / "series-end.html")).getroot()
        assert "also-in-series.html" in before.xpath("//a[@rel='next']/@href")


def test_epub_page_lists_the_other_volumes_and_passes_epubcheck(local, tmp_path):
    from test_epub import assert_epubcheck_clean

    epub = local[0] / "out" / "the-tenth-book" / "the-tenth-book.epub"
    with zipfile.ZipFile(epub) as z:
        page = etree.fromstring(z.read("EPUB/text/also-in-series.xhtml"))
        opf = z.read("EPUB/package.opf").decode()
    section = page.xpath("//x:section[@id='also-in-series']", namespaces=XHTML)[0]
    assert section.get("{http://www.idpf.org/2007/ops}type") == "backmatter"
    assert entries(section.xpath(".//x:li", namespaces=XHTML)) == EXPECTED_FOR_TEN
    assert "also-in-series.xhtml" in opf
    assert_epubcheck_clean(Path(shutil.copy(epub, tmp_path)))  # its report is written beside it, not in out/


def test_a_volume_built_alone_gets_the_page_from_its_series_file(tmp_path):
    import pypdf

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    write_series(tmp_path)
    build(tmp_path / "twelve", formats=("pdf",))
    reader = pypdf.PdfReader(tmp_path / "twelve" / "build" / "the-twelfth-book.pdf")
    pages = [" ".join(p.extract_text().split()) for p in reader.pages]
    page = next(text for text in pages if "also in this series" in text.lower())  # the heading is in small caps
    for expected in ("No. IX The Ninth Book", "No. X The Tenth Book", "No. XI The Eleventh Hour (forthcoming)"):
        assert expected in page.replace("\u00a0", " ")
    assert "No. XII" not in page.replace("\u00a0", " ")
    links = [a.get_object().get("/A", {}).get("/URI") for p in reader.pages for a in p.get("/Annots") or []]
    assert "https://press.example/books/9/" not in links  # print: titles, not links


def test_a_change_to_the_series_file_rebuilds_the_volume(tmp_path):
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    path = write_series(tmp_path)
    ten = tmp_path / "ten"
    assert build(ten, formats=("html",)).written
    assert not build(ten, formats=("html",)).written  # unchanged: nothing to do
    path.write_text(SERIES_YAML.replace("The Eleventh Hour", "The Eleventh Day"))
    assert build(ten, formats=("html",)).written
    assert "The Eleventh Day" in (ten / "build" / "html" / "also-in-series.html").read_text()


def test_a_book_without_a_series_file_has_no_such_page(tmp_path):
    write_project(tmp_path, volume_yaml(3, "Alone", series_file=False), {"a.md": "# One\n\nText.\n"})
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(tmp_path, formats=("html",))
    assert not (tmp_path / "build" / "html" / "also-in-series.html").exists()


# --- failures isolated, and the command line ---------------------------------------------------

def test_one_failing_volume_does_not_stop_the_others(tmp_path, capsys):
    path = write_series(tmp_path)
    (tmp_path / "nine" / "manuscript" / "text.md").unlink()  # no Markdown: this volume cannot build
    (tmp_path / "ten" / "manuscript" / "book.yaml").write_text(volume_yaml(10, "The Tenth Book", total=30))
    code = main(["build", "--series", str(path), "--format", "html", "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 2
    assert (tmp_path / "twelve" / "build" / "html" / "also-in-series.html").is_file()
    assert not (tmp_path / "nine" / "build" / "html").exists() and not (tmp_path / "ten" / "build" / "html").exists()
    assert "1 of 3 volumes built, 2 failed" in err
    assert "FAILED No. IX The Ninth Book:" in err and "no Markdown files" in err
    assert "FAILED No. X The Tenth Book:" in err and "series.total: 30 here" in err
    assert "built  No. XII The Twelfth Book" in err
    assert sum(line.startswith("[") for line in err.splitlines()) == 3  # one progress line per volume


def test_a_series_whose_every_volume_is_known_broken_reports_them(tmp_path, capsys):
    """Every listed path missing: an internal error (a process pool of 0 workers), not the report."""
    path = write_series(tmp_path, SERIES_YAML.replace("path: nine", "path: nowhere").replace("path: ten", "path: gone")
                        .replace("path: twelve", "path: lost"))
    code = main(["build", "--series", str(path), "--format", "html", "--jobs", "2"])
    err = capsys.readouterr().err
    assert code == 2 and "internal error" not in err
    assert "0 of 3 volumes built, 3 failed" in err and "nowhere does not exist" in err


def test_a_volume_on_a_full_disk_is_told_so_not_a_bug(tmp_path, monkeypatch):
    """Was "internal error: OSError: [Errno 28] No space left on device" in the volume's line."""
    import errno

    import publish.build
    from publish.series_build import VolumeJob, build_volume

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "build" / ".book.pdf.abcdefgh.tmp"))

    monkeypatch.setattr(publish.build, "build", full)
    job = VolumeJob(9, "No. IX", "The Ninth Book", tmp_path, tmp_path / "build", ("html",), False, False)
    outcome = build_volume(job, None)
    assert outcome.error.startswith(f"{tmp_path / 'build'}: the disk is full (No space left on device)"), outcome.error


def test_a_series_file_that_is_a_list_is_named_as_itself(tmp_path, capsys):
    path = write_series(tmp_path, "- a\n- b\n")
    assert main(["build", "--series", str(path), "--format", "html"]) == 2
    said = capsys.readouterr().err  # was "book.yaml must be a mapping of keys (title:, series:, …)"
    assert "series.yaml:1: series.yaml must be a mapping of keys (name:, total:, volumes:, …)" in said


def test_numbering_errors_stop_the_series_before_any_build(tmp_path, capsys):
    path = write_series(tmp_path, SERIES_YAML.replace("total: 40", "total: 10"))
    assert main(["build", "--series", str(path), "--format", "html"]) == 2
    assert "above the series total of X" in capsys.readouterr().err
    assert not any((tmp_path / v / "build" / "html").exists() for v in VOLUMES)


# --- Dask ----------------------------------------------------------------------------------------

def test_without_dask_installed_the_error_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "distributed", None)  # as if not installed
    path = write_series(tmp_path)
    assert main(["build", "--series", str(path), "--executor", "dask", "--scheduler", "tcp://127.0.0.1:1"]) == 2
    assert "pip install 'publish[dask]'" in capsys.readouterr().err


def test_dask_cluster_builds_the_same_bytes_as_this_machine(local, tmp_path_factory):
    distributed = pytest.importorskip("distributed")
    root = local[0]
    out = tmp_path_factory.mktemp("dask-out")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=logging.WARNING) as cluster:
        report = build_series(root / "series.yaml", out, ("epub", "html"), executor="dask",
                              scheduler=cluster.scheduler_address)
    assert report.failed == ()
    compared = 0
    for slug in ("the-ninth-book", "the-tenth-book", "the-twelfth-book"):
        ours = sorted(p.relative_to(root / "out" / slug) for p in (root / "out" / slug).rglob("*")
                      if p.is_file() and ".cache" not in p.parts)
        theirs = sorted(p.relative_to(out / slug) for p in (out / slug).rglob("*") if p.is_file())
        assert ours == theirs and ours
        match, mismatch, errors = filecmp.cmpfiles(root / "out" / slug, out / slug, [str(p) for p in ours],
                                                   shallow=False)
        assert mismatch == [] and errors == []
        compared += len(match)
    assert compared > 30


def test_a_missing_series_file_is_a_warning_and_no_page(tmp_path, caplog):
    write_series(tmp_path)
    (tmp_path / "series.yaml").unlink()
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    with caplog.at_level(logging.WARNING, logger="publish"):
        build(tmp_path / "ten", formats=("html",))
    assert any("series.file: the series file '../../series.yaml' does not exist" in r.getMessage()
               for r in caplog.records)
    assert (tmp_path / "ten" / "build" / "html" / "index.html").is_file()
    assert not (tmp_path / "ten" / "build" / "html" / "also-in-series.html").exists()


def test_the_page_speaks_the_language_of_its_book(tmp_path):
    write_series(tmp_path)
    book_yaml = tmp_path / "ten" / "manuscript" / "book.yaml"
    book_yaml.write_text(book_yaml.read_text().replace("language: en", "language: ru"))
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(tmp_path / "ten", formats=("html",))
    page = lxml.html.parse(str(tmp_path / "ten" / "build" / "html" / "also-in-series.html")).getroot()
    section = page.get_element_by_id("also-in-series")
    assert section.xpath("string(.//h1)") == "Также в этой серии"
    found = entries(section.xpath(".//li"))
    assert [number for number, *_ in found] == ["№ IX", "№ XI", "№ XII"]
    assert "готовится к выходу" in section.text_content()


def test_a_title_in_another_language_is_marked_with_it(tmp_path):
    """In a series of English and Russian volumes, each volume's page listed the others' titles
    in its own language: 'Хамелеон' read by an English voice in the EPUB and the web edition."""
    write_series(tmp_path, SERIES_YAML.replace("title: The Eleventh Hour", "title: Дачники\n    language: ru"))
    nine = tmp_path / "nine" / "manuscript" / "book.yaml"
    nine.write_text(nine.read_text().replace("language: en", "language: ru").replace("The Ninth Book", "Хамелеон"))
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(tmp_path / "ten", formats=("epub", "html"))
    page = lxml.html.parse(str(tmp_path / "ten" / "build" / "html" / "also-in-series.html")).getroot()
    titles = {t.text_content(): t.get("lang") for t in page.xpath("//*[contains(@class, 'volume-title')]")}
    assert titles == {"Хамелеон": "ru", "Дачники": "ru", "The Twelfth Book": None}
    with zipfile.ZipFile(tmp_path / "ten" / "build" / "the-tenth-book.epub") as z:
        xhtml = etree.fromstring(z.read("EPUB/text/also-in-series.xhtml"))
    marked = xhtml.xpath("//*[contains(@class, 'volume-title')][@xml:lang='ru']/text()")
    assert sorted(marked) == ["Дачники", "Хамелеон"]
    build(tmp_path / "nine", formats=("html",))  # and the Russian volume marks the English titles
    page = lxml.html.parse(str(tmp_path / "nine" / "build" / "html" / "also-in-series.html")).getroot()
    titles = {t.text_content(): t.get("lang") for t in page.xpath("//*[contains(@class, 'volume-title')]")}
    assert titles == {"The Tenth Book": "en", "Дачники": None, "The Twelfth Book": "en"}


def test_the_series_name_in_another_language_is_marked_and_set_in_it(tmp_path):
    """An English volume of a series named in Russian set the name with the volume's quotes and
    hyphenation ('Библиотека “Огонёк”'), and a screen reader read it in English: the series file's
    'language:' is the name's, marked with it (lang, xml:lang) wherever the editions print it."""
    name = 'Библиотека "Огонёк"'
    write_series(tmp_path, SERIES_YAML.replace("name: The Forty", f"name: '{name}'\nlanguage: ru"))
    for folder in VOLUMES:
        book_yaml = tmp_path / folder / "manuscript" / "book.yaml"
        book_yaml.write_text(book_yaml.read_text().replace("name: The Forty", f"name: '{name}'"))
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(tmp_path / "ten", formats=("epub", "html"))
    html = tmp_path / "ten" / "build" / "html"
    page = lxml.html.parse(str(html / "also-in-series.html")).getroot()
    (named,) = page.xpath("//*[@class='series-name']")
    assert (named.text_content(), named.get("lang")) == ("Библиотека «Огонёк»", "ru")  # its own quotes
    assert page.xpath("string(//*[@class='site-series']/span[@lang='ru'])") == "Библиотека «Огонёк»"
    title_page = lxml.html.parse(str(html / "index.html")).getroot()
    assert title_page.xpath("string(//*[@class='title-series']/span[@lang='ru'])") == "Библиотека «Огонёк»"
    with zipfile.ZipFile(tmp_path / "ten" / "build" / "the-tenth-book.epub") as z:
        copyright_page = etree.fromstring(z.read("EPUB/text/copyright.xhtml"))
        colophon = etree.fromstring(z.read("EPUB/text/colophon.xhtml"))
    marked = copyright_page.xpath("//*[@class='copyright-series']/*[@xml:lang='ru']", namespaces=XHTML)
    assert [m.text for m in marked] == ["Библиотека «Огонёк»"]
    assert colophon.xpath("//*[@xml:lang='ru']/text()") == ["Библиотека «Огонёк»"]
    # A Russian volume of it: its own language, nothing marked.
    nine = tmp_path / "nine" / "manuscript" / "book.yaml"
    nine.write_text(nine.read_text().replace("language: en", "language: ru"))
    build(tmp_path / "nine", formats=("html",))
    page = lxml.html.parse(str(tmp_path / "nine" / "build" / "html" / "also-in-series.html")).getroot()
    assert page.xpath("//*[@class='series-name' or @class='site-series']/descendant-or-self::*[@lang]") == []
    assert "Библиотека «Огонёк»" in page.text_content()


def test_a_series_language_that_is_no_tag_is_refused(tmp_path):
    path = write_series(tmp_path, SERIES_YAML.replace("name: The Forty", "name: The Forty\nlanguage: English"))
    assert "language: 'English' is not a language tag" in _error(path)


def test_a_volume_language_that_is_no_tag_is_refused(tmp_path):
    path = write_series(tmp_path, SERIES_YAML.replace("title: The Eleventh Hour", "title: X\n    language: Russian"))
    assert "volumes[2].language: 'Russian' is not a language tag" in _error(path)


def test_a_missing_volumes_key_names_the_series_file_not_book_yaml(tmp_path):
    path = write_series(tmp_path, SERIES_YAML.replace("volumes:", "books:"))
    message = _error(path)
    assert "volumes: required key is missing" in message and "add 'volumes:' under series.yaml" in message
    assert "book.yaml" not in message


def test_a_volume_failing_on_a_dask_worker_names_its_own_files(tmp_path):
    """A broken volume built on a cluster was reported as '<volume>/manuscript/01.md:8: image …',
    the worker's folder hidden, not the editor's: the error names the volume's own files."""
    from publish.executors import _collect
    from publish.series_build import VolumeJob

    class Failed:
        def result(self):
            return {}, "<volume>/manuscript/01.md:8: image 'images/map.png' does not exist"

    job = VolumeJob(8, "No. VIII", "The Eighth Day", tmp_path / "vol-08", tmp_path / "vol-08" / "build")
    outcome = _collect(job, Failed(), 0.0)
    assert outcome.error == f"{tmp_path}/vol-08/manuscript/01.md:8: image 'images/map.png' does not exist"


def test_the_guides_series_file_works_as_written(tmp_path):
    """The guide's series.yaml said 'gaps: false' over volumes IX to XI: copied as it stands it
    stopped the build ('the series starts at No. IX …; No. I … missing')."""
    guide = (Path(__file__).resolve().parent.parent / "docs" / "guide.md").read_text(encoding="utf-8")
    start = guide.index("```yaml\nname: Secret Intelligence Service") + len("```yaml\n")
    (tmp_path / "series.yaml").write_text(guide[start:guide.index("```", start)], encoding="utf-8")
    for folder, number, title in (("vol-09", 9, "The Ninth Book"), ("vol-10", 10, "The Far Eastern Patrol")):
        write_project(tmp_path / folder, volume_yaml(number, title).replace("The Forty", "Secret Intelligence Service"),
                      {"text.md": "# One\n\nText.\n"})
    series = load_series(tmp_path / "series.yaml")
    assert [(v.number, v.published) for v in series.volumes] == [(9, True), (10, True), (11, False)]
    assert not any(v.problem for v in series.volumes)


@pytest.mark.parametrize("args, key", [(["--executor", "dask"], "--executor"),
                                       (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler")])
def test_the_dask_options_without_a_series_are_refused_not_ignored(tmp_path, capsys, args, key):
    """'publish build BOOK --executor dask --scheduler …' built the book on this machine, silently."""
    root = write_project(tmp_path, volume_yaml(3, "Alone", series_file=False), {"a.md": "# One\n\nText.\n"})
    assert main(["build", str(root), *args]) == 2
    err = capsys.readouterr().err
    assert f"error: {key}: " in err and "builds the volumes of a series, with --series" in err
    assert not (root / "build").exists()


def test_a_numbering_the_volume_leaves_to_its_default_is_said_so(tmp_path):
    """A series file numbering 'arabic' over volumes whose book.yaml says nothing of it failed
    each as 'book.yaml:None: series.numbering: 'roman' here', a line and a value not in the file."""
    path = write_series(tmp_path, SERIES_YAML.replace("numbering: roman", "numbering: arabic"))
    problem = load_series(path).entry(10).problem
    book_yaml = tmp_path / "ten" / "manuscript" / "book.yaml"
    assert problem.startswith(f"{book_yaml}: series.numbering: not given here, so 'roman', but the series file")
    assert "None" not in problem
    assert "→ write numbering: arabic under series: in this book.yaml, or correct the series file" in problem


def test_a_title_in_another_language_is_set_in_its_own_typography(tmp_path):
    """A Russian volume's page listed the English 'Kipling's "Tales" -- Told' as «Tales» with a
    spaced em dash, Russian marks on an English title; each title is typeset in its language."""
    write_series(tmp_path)
    ten = tmp_path / "ten" / "manuscript" / "book.yaml"
    ten.write_text(ten.read_text().replace("title: The Tenth Book", "title: 'Kipling''s \"Tales\" -- Told'"))
    nine = tmp_path / "nine" / "manuscript" / "book.yaml"
    nine.write_text(nine.read_text().replace("language: en", "language: ru"))
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(tmp_path / "nine", formats=("html",))
    page = lxml.html.parse(str(tmp_path / "nine" / "build" / "html" / "also-in-series.html")).getroot()
    titles = [t.text_content() for t in page.xpath("//*[contains(@class, 'volume-title')][@lang='en']")]
    assert "Kipling’s “Tales”\u00a0– Told" in titles, titles  # English marks and dash, not «Tales» —


def test_volumes_given_as_one_value_says_how_to_list_them(tmp_path):
    message = _error(write_series(tmp_path, "name: The Forty\ntotal: 40\nvolumes: nine\n"))
    assert "volumes: should be a list, not 'nine'" in message
    assert "write each as '- {number: 1, path: vol-01}' on a line under 'volumes:'" in message


def test_a_volume_listed_by_its_folders_name_says_how_to_title_it(tmp_path, caplog):
    """A volume whose book.yaml cannot be read is listed on the others' pages by its folder's name
    ('twelve'), which the warning called 'the title' without a word of how to give a real one."""
    write_series(tmp_path)
    (tmp_path / "twelve" / "manuscript" / "book.yaml").write_text("title: [unclosed\n")
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    with caplog.at_level(logging.WARNING, logger="publish"):
        build(tmp_path / "ten", formats=("html",))
    said = "\n".join(r.getMessage() for r in caplog.records)
    assert "No.\u00a0XII: listed by its folder's name 'twelve'" in said
    line = SERIES_YAML.splitlines().index("  - number: 12") + 1
    assert f"give it 'title:' in the series file ({tmp_path / 'series.yaml'}:{line})" in said


def test_a_path_to_a_volumes_manuscript_folder_is_refused(tmp_path):
    """'path: nine/manuscript' built the volume with its build/ inside its manuscript folder."""
    path = write_series(tmp_path, SERIES_YAML.replace("path: nine", "path: nine/manuscript"))
    problem = load_series(path).entry(9).problem
    assert "is the volume's manuscript folder, not its project folder" in problem and "'path: nine'" in problem
    report = build_series(path, None, ("html",), jobs=1)
    assert [outcome.job.number for outcome in report.failed] == [9]
    assert not (tmp_path / "nine" / "manuscript" / "build").exists()
