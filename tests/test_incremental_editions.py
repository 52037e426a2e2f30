"""After a one-word correction the EPUB and HTML editions make that chapter again and no other,
and every file is byte for byte what a --force build of the same inputs makes."""

import io
import os
import shutil
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree

from conftest import EPOCH, MINIMAL_YAML, REPO, recorded_warnings, write_project
from publish.build import build
from publish.cache import FORMAT
from publish.editions import chapter_cache, pdf_parts

CHAPTER_KINDS = ("epub-section", "epub-chapter", "html-chapter")
PAGE_TEXT = "pdf-page-text"  # a page of a PDF read back (one not typeset in parts)
PDF_TEXTS = "pdf-texts"  # the page texts the parts gave a PDF
CHAPTERS = 5
XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
WORDS = ("harbour", "signal", "winter", "cipher", "railway", "river", "colonel", "border", "garrison",
         "telegram", "frontier", "steppe", "airfield", "courier", "convoy", "island", "morning", "orders")


def _paragraph(chapter: int, n: int) -> str:
    """Prose whose runs of words differ from paragraph to paragraph (the page list matches runs)."""
    words = [WORDS[(chapter * 5 + n * 3 + i * 7) % len(WORDS)] for i in range(70)]
    return f"Paragraph {n} of part {chapter} tells of the " + " ".join(words) + f" and ends at mark {chapter}{n}."


def _chapter(chapter: int) -> str:
    text = f"# Part {chapter}\n\n"
    if chapter == 2:
        text += "A map follows.[^map] See also [the last part](#part-5).\n\n![The coast](images/coast.png)\n\n"
        text += "[^map]: Drawn from memory.\n\n"
    if chapter == 3:
        text += "The marmalade was late again.\n\n"
    return text + "\n\n".join(_paragraph(chapter, n) for n in range(9)) + "\n"


def _project(root: Path) -> Path:
    from PIL import Image

    files = {f"c{n}.md": _chapter(n) for n in range(1, CHAPTERS + 1)}
    write_project(root, MINIMAL_YAML, files)
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 60, 120)).save(buffer, "PNG")
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "coast.png").write_bytes(buffer.getvalue())
    shutil.copytree(REPO / "styles", root / "styles")
    return root


def _outputs(out: Path) -> dict[str, bytes]:
    """The EPUB and every file of the site, by path."""
    found = {p.name: p.read_bytes() for p in out.glob("*.epub")}
    found.update({p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "html").rglob("*") if p.is_file()})
    return found


def _counts(*kinds: str) -> dict[str, tuple[int, int]]:
    return {kind: chapter_cache.counts(kind) for kind in kinds}


def _replace_word(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def _damage(folder: Path) -> int:
    """Add a byte to every entry's payload, keeping its header: the hash no longer agrees."""
    entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
    for entry in entries:
        data = entry.read_bytes()
        assert data.startswith(FORMAT)
        entry.write_bytes(data + b" ")
    return len(entries)


@pytest.fixture(scope="module")
def corrected(tmp_path_factory):
    """A five-part book built, corrected in part 3, built again; and a --force build beside it."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    tmp = tmp_path_factory.mktemp("corrected")
    root = _project(tmp / "book")
    build(root)
    full = _counts(*CHAPTER_KINDS, PAGE_TEXT)
    _replace_word(root / "manuscript" / "c3.md", "marmalade", "marmalades")
    result = build(root)
    after = _counts(*CHAPTER_KINDS, PAGE_TEXT, "html-search", "cover")
    renders = list(pdf_parts.renders)
    incremental = _outputs(root / "build")
    build(root, tmp / "force", force=True)
    return SimpleNamespace(root=root, tmp=tmp, full=full, after=after, built=result.built, renders=renders,
                           incremental=incremental, force=_outputs(tmp / "force"))


def test_a_correction_makes_only_its_chapter_again(corrected):
    assert set(corrected.built) == {"pdf", "epub", "html"}
    for kind in CHAPTER_KINDS:
        assert corrected.full[kind] == (0, CHAPTERS), kind  # the first build made every chapter
        assert corrected.after[kind] == (CHAPTERS - 1, 1), kind
    # The site's search index parses again only the page that changed; the cover is not redrawn.
    assert corrected.after["html-search"] == (CHAPTERS - 1, 1)
    assert corrected.after["cover"] == (1, 0)  # one hit: the EPUB reuses what the HTML took


def test_a_correction_reads_again_only_the_print_pages_that_changed(corrected):
    """The EPUB's page list takes each page's text from the part that typeset it: no page of
    the PDF is read back, and after a correction only the corrected chapter is read (typeset)."""
    assert corrected.full[PAGE_TEXT] == corrected.after[PAGE_TEXT] == (0, 0)
    assert [name for name in corrected.renders if name.startswith("chapter")] == ["chapter part-3"]


def test_an_epub_made_again_from_the_same_pdf_marks_the_same_pages(corrected, tmp_path):
    """Only the EPUB is stale (its stylesheet changed), so it reads the PDF on disk: the page
    texts its parts gave are found by the PDF's hash, and the EPUB is that of a forced build."""
    root, css = corrected.root, corrected.root / "styles" / "epub.css"
    before = css.read_text()
    css.write_text(before + "\n/* darker */\n")
    try:
        assert build(root).built == ("epub",)
        assert chapter_cache.counts(PDF_TEXTS) == (1, 0) and chapter_cache.counts(PAGE_TEXT) == (0, 0)
        build(root, tmp_path / "force", force=True)
        assert _outputs(root / "build") == _outputs(tmp_path / "force")
    finally:
        css.write_text(before)


def test_the_corrected_editions_equal_a_forced_build_byte_for_byte(corrected):
    assert corrected.incremental.keys() == corrected.force.keys()
    assert "html/media/images/coast.png" in corrected.incremental
    different = [name for name in corrected.force if corrected.incremental[name] != corrected.force[name]]
    assert different == []
    assert b"marmalades" in corrected.incremental["html/part-3.html"]


def test_the_corrected_epub_keeps_its_page_list_and_image(corrected):
    epub = next(v for k, v in corrected.incremental.items() if k.endswith(".epub"))
    with zipfile.ZipFile(io.BytesIO(epub)) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
        pages = nav.xpath('//x:nav[@epub:type="page-list"]//x:a/@href', namespaces=XHTML)
        assert "EPUB/media/images/coast.png" in z.namelist()
        markers = {name: etree.fromstring(z.read(name)).xpath('//*[@epub:type="pagebreak"]/@id', namespaces=XHTML)
                   for name in z.namelist() if name.startswith("EPUB/text/part-")}
    assert len(pages) >= CHAPTERS
    assert markers["EPUB/text/part-3.xhtml"]  # the corrected part is marked again
    listed = {href.split("#")[1] for href in pages}
    assert listed == {ident for found in markers.values() for ident in found}


def test_a_damaged_entry_is_made_again_never_trusted(corrected):
    """Every entry of the new kinds damaged (page texts too), then another correction."""
    root, cache = corrected.root, corrected.root / "build" / ".cache"
    damaged = {kind: _damage(cache / kind) for kind in (*CHAPTER_KINDS, "pdf-part", PDF_TEXTS)}
    _replace_word(root / "manuscript" / "c1.md", "Paragraph 4 of part 1", "Paragraph four of part 1")
    with recorded_warnings() as warnings:
        build(root)
    after = _counts(*CHAPTER_KINDS, PAGE_TEXT)
    assert any("is damaged" in w for w in warnings)
    for kind in CHAPTER_KINDS:
        hits, misses = after[kind]
        assert hits == 0 and misses == CHAPTERS, kind
    assert damaged["pdf-part"] and damaged[PDF_TEXTS]
    assert sum(name.startswith("chapter") for name in pdf_parts.renders) == CHAPTERS  # every part typeset again
    build(root, corrected.tmp / "force-2", force=True)
    assert _outputs(root / "build") == _outputs(corrected.tmp / "force-2")


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    """A book built as EPUB and site only (no PDF), whose build folder and cache are copied per test."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    root = _project(tmp_path_factory.mktemp("site") / "book")
    build(root, formats=("epub", "html"))
    return root


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


CHANGES = {
    # change: (what it does to a copy of the project, the editions whose chapters it invalidates)
    "nothing": (lambda root: None, ()),
    "epub stylesheet": (lambda root: _append(root / "styles" / "epub.css", "\n/* darker */\n"), ("epub",)),
    "template": (lambda root: _append(root / "styles" / "templates" / "copyright.html", "\n"), ("epub", "html")),
    "labels": (lambda root: _append(root / "manuscript" / "book.yaml", "labels:\n  notes: Endnotes\n"),
               ("epub", "html")),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_style_template_or_labels_change_makes_every_chapter_again(small_site, tmp_path, change):
    root = tmp_path / "book"
    shutil.copytree(small_site, root)  # with build/.cache: a copy renders both editions, from the cache
    apply, invalidated = CHANGES[change]
    apply(root)
    build(root, formats=("epub", "html"))
    for kind in CHAPTER_KINDS:
        expected = (0, CHAPTERS) if kind.split("-")[0] in invalidated else (CHAPTERS, 0)
        assert chapter_cache.counts(kind) == expected, kind
    assert chapter_cache.counts("cover")[1] == (change in ("template", "labels"))  # drawn from the metadata
    build(root, tmp_path / "force", formats=("epub", "html"), force=True)
    assert _outputs(root / "build") == _outputs(tmp_path / "force")
    if change == "labels":
        assert b"Endnotes" in (root / "build" / "html" / "part-2.html").read_bytes()
