"""The print edition typeset in parts (editions/pdf_parts.py, pdf_assemble.py) against the
same book typeset whole: the same pages, words, folios, page labels, outline and links."""

from __future__ import annotations

import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest

from conftest import EPOCH, MINIMAL_YAML, REPO, write_project
from publish.editions import pdf_parts, pdf_worker
from publish.manuscript import load_book


def _bench():
    """bench/build.py, whose make_project repeats the seed's text into one long book."""
    spec = importlib.util.spec_from_file_location("bench_build", REPO / "bench" / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BOTTOM_MARGIN_PT = 0.8 * 72


@dataclass
class Read:
    """A PDF read back: each page's words, label and foot band, the outline and the links."""

    data: bytes

    @cached_property
    def doc(self) -> pdfium.PdfDocument:
        return pdfium.PdfDocument(self.data)

    @cached_property
    def pdf(self) -> pikepdf.Pdf:
        return pikepdf.open(io.BytesIO(self.data))

    def __len__(self) -> int:
        return len(self.doc)

    @cached_property
    def words(self) -> list[list[str]]:
        return [_norm(self.doc[i].get_textpage().get_text_range()).split() for i in range(len(self))]

    @cached_property
    def labels(self) -> list[str]:
        return [self.doc.get_page_label(i) for i in range(len(self))]

    @cached_property
    def folios(self) -> list[str]:
        out = []
        for i in range(len(self)):
            page = self.doc[i]
            width, height = page.get_size()
            out.append(_norm(page.get_textpage().get_text_bounded(0, 0, width, BOTTOM_MARGIN_PT - 2)))
        return out

    @cached_property
    def outline(self) -> list[tuple[str, int]]:
        index = {page.objgen: i for i, page in enumerate(self.pdf.pages)}
        with self.pdf.open_outline() as outline:
            return [(item.title, index[self._target(item.destination).objgen]) for item in outline.root]

    def _target(self, destination):
        """The page a destination (an array, or a name in the /Dests tree) points at."""
        if isinstance(destination, pikepdf.Array):
            return destination[0]
        names = pikepdf.NameTree(self.pdf.Root.Names.Dests)
        return names[str(destination)][0]

    @cached_property
    def lefts(self) -> list[float | None]:
        """Where each page's text block starts across (its leftmost character), in points."""
        out = []
        for i in range(len(self)):
            page = self.doc[i]
            _, height = page.get_size()
            text = page.get_textpage()
            boxes = [text.get_charbox(c) for c in range(text.count_chars())]
            body = [b[0] for b in boxes if BOTTOM_MARGIN_PT < b[1] and b[3] < height - 0.75 * 72 and b[2] > b[0]]
            out.append(round(min(body), 1) if body else None)
        return out

    def link_rects(self, index: int) -> list[list[float]]:
        return [[round(float(v), 1) for v in annot.Rect] for annot in self.pdf.pages[index].obj.get("/Annots", [])]

    def links(self, index: int) -> list[int]:
        """The pages the links on page `index` lead to, in order (one link may be several
        annotations: its text, leader and number)."""
        pages = {page.objgen: i for i, page in enumerate(self.pdf.pages)}
        out = []
        for annot in self.pdf.pages[index].obj.get("/Annots", []):
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot and annot.A.get("/S") == "/GoTo":
                dest = annot.A.D
            if dest is not None:
                out.append(pages[self._target(dest).objgen])
        return [target for i, target in enumerate(out) if i == 0 or out[i - 1] != target]


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text.replace("\ufffe", "").replace("\u00ad", ""))


def build_pdf(root: Path, parts: bool, jobs: int = 2) -> bytes:
    """The project's print edition, typeset in parts or whole, into its own folder."""
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    pdf_parts.configure(enabled=parts)
    try:
        shutil.rmtree(root / "build", ignore_errors=True)
        from publish.build import build

        build(root, root / "build", ("pdf",), jobs=jobs)
        return next((root / "build").glob("*.pdf")).read_bytes()
    finally:
        pdf_parts.configure(enabled=True)


def assert_same_book(parts: Read, whole: Read) -> None:
    assert len(parts) == len(whole)
    for i in range(len(whole)):
        assert parts.words[i] == whole.words[i], f"page {i + 1}"
    assert parts.labels == whole.labels
    assert parts.folios == whole.folios
    assert any(whole.folios)  # folios were there to compare
    assert parts.outline == whole.outline


def assert_contents_links_land_on_chapters(book: Read) -> None:
    outline = dict(book.outline)
    contents = outline["Contents"]
    chapter_pages = [i for t, i in book.outline if i > contents and t not in ("Colophon", "Motto")]
    links = book.links(contents)
    assert links, "no links on the contents page"
    assert links == chapter_pages[: len(links)]
    for target in links:
        number = re.search(rf"\b{re.escape(book.labels[target])}\b", " ".join(book.words[contents]))
        assert number, f"folio {book.labels[target]} not on the contents page"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> tuple[Path, Read, Read]:
    root = tmp_path_factory.mktemp("seed-parts")
    shutil.copytree(REPO / "manuscript", root / "manuscript")
    shutil.copytree(REPO / "styles", root / "styles")  # its own: the rebuild must see the same styles
    whole = Read(build_pdf(root, parts=False))
    parts = Read(build_pdf(root, parts=True))
    return root, parts, whole


@pytest.fixture(scope="module")
def long_book(tmp_path_factory) -> tuple[Read, Read]:
    root = _bench().make_project(tmp_path_factory.mktemp("long-parts"), 3)
    return Read(build_pdf(root, parts=True)), Read(build_pdf(root, parts=False))


FOOTNOTES_YAML = """\
title: Notes in Parts
language: en
series:
  name: Test Series
  number: 3
  total: 12
"""


def _notes(chapter: int, count: int) -> str:
    text = f"# Chapter {chapter}\n\n"
    for n in range(count):
        text += f"Paragraph {n} of chapter {chapter} has a note.[^c{chapter}n{n}] " + "Words follow here. " * 30
        text += f"\n\n[^c{chapter}n{n}]: Note {n} of chapter {chapter}.\n\n"
    return text


# --------------------------------------------------------------------------- tests


def test_seed_in_parts_equals_the_single_pass(seed):
    _, parts, whole = seed
    assert_same_book(parts, whole)


def test_seed_contents_links_land_on_the_chapter_pages(seed):
    _, parts, whole = seed
    assert_contents_links_land_on_chapters(parts)
    assert parts.links(dict(parts.outline)["Contents"]) == whole.links(dict(whole.outline)["Contents"])


def test_seed_in_parts_keeps_metadata_and_passes_the_pdfua_checker(seed, tmp_path):
    root, parts, whole = seed
    assert parts.pdf.docinfo["/Title"] == whole.pdf.docinfo["/Title"]
    assert parts.pdf.docinfo["/Keywords"] == whole.pdf.docinfo["/Keywords"]
    assert str(parts.pdf.Root.Lang) == str(whole.pdf.Root.Lang)
    assert bool(parts.pdf.Root.MarkInfo.Marked)
    structure = parts.pdf.Root.StructTreeRoot
    nums = structure.ParentTree.Nums
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    assert keys == sorted(set(keys)) and int(structure.ParentTreeNextKey) == keys[-1] + 1
    for page in parts.pdf.pages:  # every page's marked content is found in the parent tree
        if "/StructParents" in page.obj:
            assert int(page.obj.StructParents) in keys
    framed = [page.obj for page in parts.pdf.pages if "/PublishFrame" in page.obj.Resources.get("/XObject", {})]
    assert len(framed) > len(parts) // 2
    for page in framed:  # the running heads and folios drawn over the chapters: pagination, not text
        frame = page.Resources.XObject.PublishFrame
        marks = [operands for operands, op in pikepdf.parse_content_stream(frame) if str(op) == "BDC"]
        assert marks and all(str(m[0]) == "/Artifact" and str(m[1].Type) == "/Pagination" for m in marks)
    path = tmp_path / "parts.pdf"
    path.write_bytes(parts.data)
    result = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "errors=0 warnings=0" in result.stdout


def test_a_one_word_correction_typesets_only_its_chapter(seed):
    root, parts, _ = seed
    pdf_parts.configure(enabled=True)
    text = root / "manuscript" / "text.md"
    original = text.read_text(encoding="utf-8")
    assert "benevolent smiles" in original
    text.write_text(original.replace("benevolent smiles", "benevolent grins!", 1), encoding="utf-8")
    from publish.build import build

    build(root, root / "build", ("pdf",), jobs=2)
    edited = Read(next((root / "build").glob("*.pdf")).read_bytes())
    chapter = load_book(root).chapters[0]
    assert pdf_parts.renders == [f"chapter {chapter.id}"]  # no other part, no frame, no contents
    assert len(edited) == len(parts)
    changed = [i for i in range(len(parts)) if edited.words[i] != parts.words[i]]
    first, second = [i for _, i in parts.outline if i > dict(parts.outline)["Contents"]][:2]
    assert changed and all(first <= i < second for i in changed)
    assert any("grins!" in edited.words[i] for i in changed)
    text.write_text(original, encoding="utf-8")  # back as it was: every part from the cache
    build(root, root / "build", ("pdf",), jobs=2)
    assert pdf_parts.renders == []
    assert next((root / "build").glob("*.pdf")).read_bytes() == parts.data


def test_footnotes_number_on_across_chapters(tmp_path):
    root = write_project(tmp_path, FOOTNOTES_YAML, {"01.md": _notes(1, 3), "02.md": _notes(2, 2)})
    parts, whole = Read(build_pdf(root, parts=True)), Read(build_pdf(root, parts=False))
    assert_same_book(parts, whole)
    text = " ".join(" ".join(w) for w in parts.words)
    assert "5. Note 1 of chapter 2." in text  # the fifth note of the book, not the second


def test_notes_numbered_by_chapter_start_from_1_in_each_in_every_edition(tmp_path):
    """A history's notes run to thousands through the book (Gibbon's 8,000): with
    `note_numbers: chapter` each chapter's count from 1, in print (typeset in parts or whole),
    at the EPUB's calls and notes, and on the web; the links still lead to each note and back."""
    from lxml import etree
    from lxml import html as lhtml

    from conftest import build_project

    files = {"01.md": _notes(1, 3), "02.md": _notes(2, 2)}
    root = write_project(tmp_path, FOOTNOTES_YAML + "note_numbers: chapter\n", files)
    parts, whole = Read(build_pdf(root, parts=True)), Read(build_pdf(root, parts=False))
    assert_same_book(parts, whole)
    text = " ".join(" ".join(w) for w in parts.words)
    assert "1. Note 0 of chapter 2." in text and "2. Note 1 of chapter 2." in text and "4. Note" not in text
    built = build_project(root, ("epub", "html"))
    import zipfile

    with zipfile.ZipFile(built.epub) as z:
        second = etree.fromstring(z.read(next(n for n in z.namelist() if n.endswith("chapter-2.xhtml"))))
    ns = {"x": "http://www.w3.org/1999/xhtml", "e": "http://www.idpf.org/2007/ops"}
    calls = second.xpath("//x:a[@e:type='noteref']", namespaces=ns)
    assert ["".join(a.itertext()) for a in calls] == ["1", "2"]
    notes = second.xpath("//x:aside[@e:type='footnote']", namespaces=ns)
    assert ["".join(n.itertext()).split(".")[0].strip() for n in notes] == ["1", "2"]
    assert [a.get("href").lstrip("#") for a in calls] == [n.get("id") for n in notes]  # each call leads to its note
    page = lhtml.fromstring((built.html / "chapter-2.html").read_bytes())
    web_calls = page.xpath("//a[contains(@class, 'footnote-ref')]")
    assert [a.text_content() for a in web_calls] == ["1", "2"]
    assert all(page.xpath(f"//*[@id='{a.get('href')[1:]}']") for a in web_calls)


def test_note_numbers_other_than_book_or_chapter_are_refused(tmp_path):
    from publish.errors import PublishError

    root = write_project(tmp_path, FOOTNOTES_YAML + "note_numbers: section\n", {"01.md": _notes(1, 1)})
    with pytest.raises(PublishError, match="note_numbers.*'book' or 'chapter'"):
        load_book(root)


def test_a_chapter_titled_in_cyrillic_in_parts_equals_the_single_pass(tmp_path):
    """A book typeset in parts with a chapter '# Глава первая' (an English book's Russian
    appendix, or any Russian book) was an internal error when the contents page held a range
    (1941–1945, kept on one line through lxml): its links' addresses came back percent-encoded
    (%D0%B3…) and the chapter's page number was looked for under that name."""
    files = {f"{n:02}.md": _notes(n, 2) for n in range(1, 6)}
    files["03.md"] = files["03.md"].replace("# Chapter 3", "# Глава первая")
    files["01.md"] = files["01.md"].replace("# Chapter 1", "# Chapter 1, 1941-1945")  # a range on the page
    root = write_project(tmp_path, FOOTNOTES_YAML, files)
    parts, whole = Read(build_pdf(root, parts=True)), Read(build_pdf(root, parts=False))
    assert_same_book(parts, whole)
    assert "Глава первая" in dict(whole.outline)


def test_any_chapter_start_in_parts_equals_the_single_pass(tmp_path):
    """With `chapter_start: any` a chapter opens on the next page, recto or verso. Typeset
    alone it opens on a recto: on a verso its pages are moved across to the other side's
    margins, its links with them; a part's title still opens on a recto."""
    yaml = FOOTNOTES_YAML + "print:\n  chapter_start: any\n"
    files = {f"{n:02}.md": _notes(n, n + 1) + "See [the first chapter](#chapter-1).\n" for n in range(1, 6)}
    files["03.md"] = "# Part Two {.part}\n\n" + files["03.md"]
    root = write_project(tmp_path, yaml, files)
    parts, whole = Read(build_pdf(root, parts=True)), Read(build_pdf(root, parts=False))
    assert_same_book(parts, whole)
    assert parts.lefts == whole.lefts
    openings = [index for title, index in whole.outline if title.startswith("Chapter")]
    assert any(index % 2 for index in openings)  # some chapter opens on a verso
    assert dict(whole.outline)["Part Two"] % 2 == 0
    for index in range(len(whole)):
        assert parts.links(index) == whole.links(index)
        assert parts.link_rects(index) == whole.link_rects(index)


def test_any_chapter_start_for_the_printer_keeps_the_crop_marks_in_place(tmp_path):
    """With bleed and crop marks a chapter's pages carry no marks of their own (its frame's
    are drawn over it): moved across with a chapter opening on a verso, they stood askew."""
    from PIL import ImageChops

    yaml = FOOTNOTES_YAML + "print:\n  chapter_start: any\n  marks: crop\n"
    root = write_project(tmp_path, yaml, {f"{n:02}.md": _notes(n, n + 1) for n in range(1, 6)})
    books = []
    for parts in (True, False):
        pdf_parts.configure(enabled=parts)
        try:
            shutil.rmtree(root / "build", ignore_errors=True)
            from publish.build import build
            build(root, root / "build", ("pdf",), jobs=2, printer=True)
        finally:
            pdf_parts.configure(enabled=True)
        interior = next(p for p in (root / "build").glob("*.pdf") if not p.name.endswith("-cover.pdf"))
        books.append(pdfium.PdfDocument(interior.read_bytes()))
    parts, whole = books
    assert len(parts) == len(whole)
    flipped = 0
    for i in range(len(whole)):
        a, b = parts[i].render(scale=1).to_pil().convert("L"), whole[i].render(scale=1).to_pil().convert("L")
        difference = ImageChops.difference(a, b)
        bleed = 9  # 0.125 in around the trim, where the marks are
        inner = difference.crop((bleed + 2, bleed + 2, a.width - bleed - 2, a.height - bleed - 2))
        outside = sum(difference.histogram()[41:]) - sum(inner.histogram()[41:])  # pixels apart by more than 40
        assert outside == 0, f"page {i + 1}: the marks differ"
        flipped += i % 2 == 1 and bool(parts[i].get_textpage().get_text_range().startswith("Chapter"))
    assert flipped  # some chapter opened on a verso


def test_any_chapter_start_a_chapter_grown_by_a_page_moves_the_rest_without_typesetting_them(tmp_path):
    """A chapter one page longer turns every later chapter onto its other side: they are
    taken from the cache and moved across, and the book is that of a build from scratch."""
    yaml = FOOTNOTES_YAML + "print:\n  chapter_start: any\n"
    files = {f"{n:02}.md": _notes(n, 3) for n in range(1, 5)}
    root = write_project(tmp_path, yaml, files)
    from publish.build import build

    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(root, root / "build", ("pdf",), jobs=2)
    before = Read(next((root / "build").glob("*.pdf")).read_bytes())
    grown = files["01.md"]
    while True:  # paragraphs added until chapter 1 is one page longer
        grown += "\n\nOne more paragraph. " + "Words follow here. " * 20
        (root / "manuscript" / "01.md").write_text(grown, encoding="utf-8")
        build(root, root / "build", ("pdf",), jobs=2)
        after = Read(next((root / "build").glob("*.pdf")).read_bytes())
        if len(after) != len(before):  # one page more, and a blank verso before the back matter
            break
    assert pdf_parts.renders[0] == f"chapter {load_book(root).chapters[0].id}"
    assert not any(name.startswith("chapter") for name in pdf_parts.renders[1:])
    pairs = zip(before.outline, after.outline, strict=True)
    openings = [(i, j) for (title, i), (_, j) in pairs if title.startswith("Chapter ")]
    assert all(j == i + 1 for i, j in openings[1:])  # on the other side now
    assert after.data == build_pdf(root, parts=True)  # as built from scratch, byte for byte
    scratch = Read(build_pdf(root, parts=False))
    assert_same_book(after, scratch)
    assert after.lefts == scratch.lefts


def test_long_book_in_parts_equals_the_single_pass(long_book):
    parts, whole = long_book
    assert len(whole) > 150
    assert_same_book(parts, whole)
    assert_contents_links_land_on_chapters(parts)


@pytest.mark.parametrize("here", [True, False])
def test_jobs_added_as_results_come_in_run_before_those_waiting(here):
    """workers.map_following, which lets a frame be typeset as soon as its chapters are: every
    result is told in order, an added job runs once, before the jobs still waiting; a known
    result is told but not run."""
    from publish import workers

    told = []

    def follow(index, result):
        told.append((index, result))
        return [-(100 + index)] if index % 2 else []

    items = [-i for i in range(12)]
    with workers.started(2):
        ran = [item for item, _ in workers.map_following(abs, items, follow, known={3: 3}, here=here)]
    assert told == [(i, i) for i in range(12)]
    assert sorted(ran) == sorted([-i for i in range(12) if i != 3] + [-(100 + i) for i in range(1, 12, 2)])
    assert ran.index(-101) < ran.index(-11)
    if here:
        assert ran[:6] == [0, -1, -101, -2, -103, -4]  # -3 known: told after -2, its follower runs next


def _pid_after(seconds: float) -> int:
    import time

    time.sleep(seconds)
    return os.getpid()


def test_a_last_job_run_alone_lets_the_other_workers_end():
    """The front matter is typeset last, in a worker of its own: once the other jobs are done,
    their workers end (the rest of the book is assembled meanwhile, in less memory)."""
    from publish import workers

    def follow(index, result):
        return [1.0] if index == 3 else []  # after the last item: the one run alone

    seen = []
    with workers.started(2):
        for item, pid in workers.map_following(_pid_after, [0.05, 0.05, 0.05, 0.05], follow,
                                               alone=lambda item: item == 1.0):
            seen.append((item, pid, workers._pool is None))
    alone = [(pid, ended) for item, pid, ended in seen if item == 1.0]
    others = {pid for item, pid, _ in seen if item != 1.0}
    assert len(alone) == 1 and alone[0][0] not in others
    assert alone[0][1]  # by the time it was done, the other workers had gone
    assert workers._side is None  # and its own went with the build


def _worker_state(project: Path | None = None) -> tuple[list[str], bool, bool]:
    """In a worker: the hyphenation dictionaries loaded, whether WeasyPrint's warm-up ran, and
    whether the worker holds a typesetter for the parts of a build of `project`."""
    import dataclasses

    import pyphen

    from publish.cache import Cache
    from publish.editions import pdf_worker
    from publish.manuscript import load_book
    from publish.print_layout import page_css
    from publish.typography.strings import typeset_metadata

    kept = False
    if project is not None and project.is_dir():  # the book as the build reads it, its key as a part's
        book = load_book(project.resolve(), cache=Cache(None))
        book = dataclasses.replace(book, meta=typeset_metadata(book.meta, Cache(None)), chapters=())
        key = pdf_worker._typesetter_key(book, page_css(book), pdf_parts.inputs_digest(book))
        kept = key in pdf_worker._typesetters
    return sorted(Path(p).name for p in pyphen.hdcache), "publish.editions.pdf_warm" in sys.modules, kept


def _first_worker_state(tmp_path: Path, project: Path) -> str:
    """What a worker of a build of `project` starts with, in a process of its own: the fork
    server is one per process, started once (another test's would be warm already)."""
    script = f"""
import sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from pathlib import Path
from publish import workers
from test_pdf_parallel import _worker_state
if __name__ == "__main__":
    with workers.started(2, project=Path({str(project)!r})):
        print(workers.pool().submit(_worker_state, Path({str(project)!r})).result())
    print(workers.PROJECT_ENV in __import__("os").environ)
"""
    (tmp_path / "probe.py").write_text(script)
    done = subprocess.run([sys.executable, str(tmp_path / "probe.py")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    state, variable_left = done.stdout.strip().split("\n")
    assert variable_left == "False"  # the build's variable, gone with its workers
    return state


def test_workers_start_warmed_up_with_the_books_print_styles(tmp_path):
    """The fork server typesets a sample page in the book's styles (editions/pdf_warm.py):
    a worker starts with the book's hyphenation patterns loaded, and with the typesetter that
    did it, kept for the book's parts (its stylesheets parsed, its fonts loaded)."""
    root = write_project(tmp_path / "book", MINIMAL_YAML.replace("en", "ru"), {"01.md": "# A\n\nТекст.\n"})
    assert _first_worker_state(tmp_path, root) == "(['hyph_ru_RU.dic'], True, True)"


def test_a_server_started_before_the_build_knows_its_work_warms_up_with_the_project(tmp_path):
    """A first build starts the workers' server before it makes its keys (workers.start_server):
    the server reads the project from the environment as it starts, and the variable is gone at once."""
    root = write_project(tmp_path / "book", MINIMAL_YAML.replace("en", "ru"), {"01.md": "# A\n\nТекст.\n"})
    script = f"""
import os, sys
sys.path.insert(0, {str(Path(__file__).parent)!r})
from pathlib import Path
from publish import workers
from test_pdf_parallel import _worker_state
if __name__ == "__main__":
    workers.start_server(Path({str(root)!r}), 2)
    print(workers.PROJECT_ENV in os.environ)
    with workers.started(2, early=True):
        print(workers.pool().submit(_worker_state, Path({str(root)!r})).result())
"""
    (tmp_path / "probe.py").write_text(script)
    done = subprocess.run([sys.executable, str(tmp_path / "probe.py")], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:2] == ["False", "(['hyph_ru_RU.dic'], True, True)"]


def test_a_correction_from_the_command_starts_the_workers_server_before_the_keys(tmp_path, monkeypatch):
    """The command's quick check found a change (`changed`): the server the workers fork from
    starts before the build makes its editions' keys (a tenth of a second on the seed), as a
    first build's does; a build not told so starts it only once it knows the print edition is stale."""
    import publish.build as building
    from publish import workers

    chapters = {"01.md": "# A\n\nThe harbour.\n", "02.md": "# B\n\nShips.\n"}
    root = write_project(tmp_path / "book", MINIMAL_YAML, chapters)
    building.build(root, formats=("pdf",))
    order: list[str] = []
    keys = building.edition_keys
    monkeypatch.setattr(building, "edition_keys", lambda *a, **k: order.append("keys") or keys(*a, **k))
    monkeypatch.setattr(workers, "start_server", lambda *a, **k: order.append("server"))
    for changed in (False, True):
        (root / "manuscript" / "01.md").write_text(f"# A\n\nThe harbour {changed}.\n", encoding="utf-8")
        order.clear()
        building.build(root, formats=("pdf",), changed=changed)
        assert order == (["server", "keys"] if changed else ["keys"])


def test_a_first_build_without_the_print_edition_starts_no_workers_for_a_short_book(tmp_path, monkeypatch):
    """`--format html` of a book too short to read in batches: the workers' server started all
    the same, its WeasyPrint loaded and warmed for nothing (0.6 of the seed's 1.6 CPU seconds);
    a book long enough for batches still has its workers, and so has a first print edition."""
    import publish.build as building
    from publish import workers
    from publish.manuscript_batches import MIN_BATCH_CHARS

    started: list[str] = []
    monkeypatch.setattr(workers, "_start_server", lambda: started.append("server"))
    monkeypatch.setattr(workers, "count", lambda jobs=0: 2)
    paragraph = "The harbour at dawn was quiet and grey. " * 50 + "\n\n"
    cases = (("short", 30_000, ("html",), []), ("long", MIN_BATCH_CHARS + 10_000, ("html",), ["server"]),
             ("print", 30_000, ("pdf",), ["server"]))
    # The workers themselves are not started: the stages run here.
    monkeypatch.setattr(workers, "pool", lambda: (_ for _ in ()).throw(AssertionError("no pool here")))
    monkeypatch.setattr(workers, "running", lambda: False)
    for label, chars, formats, expected in cases:
        text = "# One\n\n" + paragraph * (chars // len(paragraph) + 1)
        root = write_project(tmp_path / label, MINIMAL_YAML, {"01.md": text})
        started.clear()
        building.build(root, formats=formats, force=True)
        assert started[:1] == expected, label


def test_a_warm_up_that_fails_leaves_the_workers_cold_never_broken(tmp_path):
    """A project the fork server cannot read (here, none at all): the workers start and work,
    with no hyphenation patterns loaded yet."""
    assert _first_worker_state(tmp_path, tmp_path / "missing") == "([], True, False)"


def test_a_builder_that_keeps_its_typesetters_reads_a_changed_stylesheet_again(tmp_path, monkeypatch):
    """The watcher's builder keeps WeasyPrint set up between builds: a correction makes no new
    Typesetter, a changed print.css does, and every PDF equals a fresh process's."""
    from publish.build import build
    from publish.editions import pdf

    made: list[str] = []

    class Counted(pdf.Typesetter):
        def __init__(self, book, page_style) -> None:
            made.append(book.root.name)
            super().__init__(book, page_style)

    monkeypatch.setattr(pdf, "Typesetter", Counted)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    root = write_project(tmp_path / "kept", MINIMAL_YAML, {"01.md": "# One\n\nThe harbour at dawn.\n",
                                                          "02.md": "# Two\n\nThe keeper counted ships.\n"})
    shutil.copytree(REPO / "styles", root / "styles")

    def typeset() -> bytes:
        build(root, root / "build", ("pdf",), jobs=1)
        return next((root / "build").glob("*.pdf")).read_bytes()

    def fresh() -> bytes:
        pdf_parts.configure(keep_typesetters=False)
        try:
            build(root, tmp_path / "fresh", ("pdf",), jobs=1, force=True)
            return next((tmp_path / "fresh").glob("*.pdf")).read_bytes()
        finally:
            pdf_parts.configure(keep_typesetters=True)

    pdf_parts.configure(keep_typesetters=True)
    try:
        typeset()
        assert made
        made.clear()
        _replace(root / "manuscript" / "01.md", "at dawn", "at noon")
        corrected = typeset()
        assert pdf_parts.renders and made == []  # typeset again, by the typesetter kept
        with (root / "styles" / "print.css").open("a", encoding="utf-8") as css:
            css.write('\n.chapter p::before { content: "Restyled: "; }\n')
        restyled = typeset()
        assert made  # the new stylesheet read: a typesetter made for it
        assert len(pdf_worker._typesetters) == len(set(made))  # and the old ones let go
        assert "Restyled:" in str(Read(restyled).words) and "Restyled:" not in str(Read(corrected).words)
        assert restyled == fresh()
    finally:
        pdf_parts.configure(keep_typesetters=False)
        pdf_worker._typesetters.clear()


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_a_correction_is_typeset_by_a_worker_started_while_the_book_loads(tmp_path):
    """After a one-word correction the build starts the workers' server at once: the chapter
    is typeset warm there, and this process never loads WeasyPrint's layout. In a process of
    its own, as the fork server is one per process."""
    root = write_project(tmp_path / "book", MINIMAL_YAML, {"01.md": "# One\n\nThe harbour at dawn.\n",
                                                         "02.md": "# Two\n\nThe keeper counted ships.\n"})
    script = f"""
import sys
from pathlib import Path
from publish.build import build
from publish.editions import pdf_parts
if __name__ == "__main__":
    build(Path({str(root)!r}), formats=("pdf",), jobs=2)
    print(pdf_parts.renders, "weasyprint.layout" in sys.modules)
"""
    (tmp_path / "probe.py").write_text(script)

    def run() -> str:
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SOURCE_DATE_EPOCH": EPOCH}
        done = subprocess.run([sys.executable, str(tmp_path / "probe.py")], capture_output=True, text=True,
                              timeout=120, env=env)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    run()  # the first build: a short book, typeset here
    _replace(root / "manuscript" / "02.md", "counted", "numbered")
    assert run() == "['chapter two'] False"
    words = Read(next((root / "build").glob("*.pdf")).read_bytes()).words
    assert "numbered ships" in " ".join(word for page in words for word in page)


def test_the_body_is_assembled_before_the_front_matter_is_typeset(tmp_path, monkeypatch):
    """The contents page waits for every chapter's folio, so the front matter is typeset last:
    the chapters and back matter are put together meanwhile, not after it."""
    from publish.build import build
    from publish.editions import pdf_assemble

    typeset_by_then: list[list[str]] = []
    assemble_body = pdf_assemble.assemble_body

    def recorded(*args):
        typeset_by_then.append(list(pdf_parts.renders))
        return assemble_body(*args)

    monkeypatch.setattr(pdf_assemble, "assemble_body", recorded)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    chapters = {f"{n}.md": f"# Part {n}\n\nText {n}.\n" for n in range(1, 4)}
    root = write_project(tmp_path / "book", MINIMAL_YAML, chapters)
    build(root, root / "build", ("pdf",), jobs=1)
    assert len(typeset_by_then) == 1
    assert "front" not in typeset_by_then[0] and "chapter part-3" in typeset_by_then[0]
    assert "front" in pdf_parts.renders
    text = " ".join(" ".join(page) for page in Read(next((root / "build").glob("*.pdf")).read_bytes()).words)
    assert "Text 1." in text and "Text 3." in text


def test_links_between_chapters_lead_to_their_pages(tmp_path):
    """A chapter typeset alone lacks the other chapters' anchors: WeasyPrint said "No anchor
    #two" and dropped the link. The links go to the right pages of the assembled book."""
    import pikepdf
    import pypdfium2 as pdfium

    from conftest import MINIMAL_YAML, build_project, write_project

    filler = "\n\n".join(["Words that fill the chapter out over a page or two of text, line after line."] * 40)
    root = write_project(tmp_path, MINIMAL_YAML, {
        "a.md": f"# One\n\nSee [the second chapter](#two) and [its section](#sec).\n\n{filler}\n",
        "b.md": f"# Two\n\n{filler}\n\n## A Section {{#sec}}\n\nBack to [the first](#one).\n",
    })
    pdf_path = build_project(root, ("pdf",)).pdf
    texts = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(pdf_path)]
    with pikepdf.open(pdf_path) as pdf:
        names = dict(_named_destinations(pdf))
        targets = {}
        for index, page in enumerate(pdf.pages):
            for annot in page.obj.get("/Annots", []):
                if "/Dest" in annot and index >= 6:  # the text's links, not the contents page's
                    targets[str(annot.Dest)] = index
        pages = {name: [p.objgen for p in pdf.pages].index(dest[0].objgen) for name, dest in names.items()
                 if name in ("one", "two", "sec")}
    assert set(targets) == {"one", "two", "sec"}
    assert texts[pages["two"]].startswith("Two") and "A\u00a0Section" in texts[pages["sec"]]
    assert texts[pages["one"]].startswith("One")


def test_links_to_russian_anchors_lead_to_their_pages(tmp_path):
    """Pandoc's writer sends "#зима" as "#%D0%B7…", and WeasyPrint a link out of a chapter
    percent-encoded: every link of a Russian book (the contents page's too) named an anchor
    the PDF did not have, and led nowhere; the other editions printed the links as text."""
    import pikepdf

    from conftest import build_project, write_project

    filler = "\n\n".join(["Слова, которые заполняют главу на страницу или две, строка за строкой."] * 40)
    root = write_project(tmp_path, "title: Повести\nlanguage: ru\nseries: {name: Библиотека, number: 3, total: 12}\n", {
        "a.md": f"# Глава первая\n\nСм. [вторую главу](#глава-вторая) и [зиму](#зима).\n\n{filler}\n",
        "b.md": f"# Глава вторая\n\n{filler}\n\n## Зима {{#зима}}\n\nНазад к [первой](#глава-первая).\n",
    })
    built = build_project(root, ("pdf", "html"))
    with pikepdf.open(built.pdf) as pdf:
        names = {bytes(pikepdf.String(name)): dest for name, dest in _named_destinations(pdf)}
        pages = [p.objgen for p in pdf.pages]
        links = [(index, bytes(annot.Dest)) for index, page in enumerate(pdf.pages)
                 for annot in page.obj.get("/Annots", []) if "/Dest" in annot]
        assert len({name for _, name in links}) == 3 and all(name in names for _, name in links)
        target = {name: pages.index(names[name][0].objgen) for _, name in links}
    assert target[bytes(pikepdf.String("зима"))] > target[bytes(pikepdf.String("глава-вторая"))]
    page = (built.html / next(p.name for p in built.html.glob("glava-pervaia-*.html"))).read_text(encoding="utf-8")
    assert 'href="glava-vtoraia-' in page and "#зима" in page  # a link, not text, on the web too


def _named_destinations(pdf):
    import pikepdf

    def walk(node):
        if "/Names" in node:
            items = node.Names
            for i in range(0, len(items), 2):
                value = items[i + 1]
                yield str(items[i]), value.D if isinstance(value, pikepdf.Dictionary) else value
        for kid in node.get("/Kids", []):
            yield from walk(kid)

    return walk(pdf.Root.Names.Dests)


def _old_edition(root: Path) -> Path:
    """A book with an old edition's page anchors (page11 … page44, as Project Gutenberg keeps
    them), its contents' and index's numbers linked to them (Chiriqui's, MacDowell's Essays')."""
    filler = "\n\n".join(["Words that fill the chapter out over a page or two of text, line after line."] * 5)
    chapters = {f"c{n}.md": f"# Chapter {n}\n\n" + "\n\n".join(f"[]{{#page{n * 10 + p}}}{filler}" for p in range(1, 9))
                for n in range(1, 5)}
    index = "\n\n".join([
        "Alpha, [11](#page11), [11](#page11), [12](#page12)-[13](#page13)",
        "Beta, [21](#page21)-[22](#page22), [34](#page34)",
        "Gamma, [41](#page41), see p. [12](#page12)",
        "Delta, [4](#chapter-2)",  # an index's number is a page wherever it leads
    ])
    return write_project(root, MINIMAL_YAML, {
        "a.md": "# The Old Contents\n\nChapter 2 [21](#page21)\n\nChapter 4 [41](#page41)\n\n"
                "Paragraph [21](#par-21), figure [1](#fig-1).\n\n[]{#par-21} []{#fig-1}\n",
        **chapters,
        "z.md": f"# Index\n\n::: index\n{index}\n:::\n",
    })


def test_an_old_editions_page_numbers_print_this_books_pages(tmp_path):
    """An old edition's index and contents printed its page numbers ("Alpha, 11, 11, 12-13"),
    another book's: each now prints the page its anchor falls on, a range to the page where its
    last page ends (the next page's anchor), typeset in parts as in one document; each is a link
    to its page; a paragraph's or a figure's number is no page."""
    root = _old_edition(tmp_path)
    whole = Read(build_pdf(root, parts=False))
    parts = Read(build_pdf(root, parts=True))
    assert_same_book(parts, whole)
    outline = dict(parts.outline)
    index, contents = outline["Index"], outline["The Old Contents"]
    names = dict(_named_destinations(parts.pdf))
    objgens = [page.objgen for page in parts.pdf.pages]

    def folio(anchor: str) -> int:
        return int(parts.labels[objgens.index(names[anchor][0].objgen)])

    def printed(start: int, last: int) -> set[str]:
        """A range from old page `start` to old page `last` as it may print: to the page where the
        next page's anchor is, or the page before if that anchor opens its page."""
        ends = {max(folio(f"page{start}"), folio(f"page{last + 1}") - back) for back in (0, 1)}
        return {f"{folio(f'page{start}')}" + (f"–{end}" if end != folio(f"page{start}") else "") for end in ends}

    def one(page: int) -> set[int]:
        """Old page `page` alone: the page of its anchor, or the next, which may hold more of it."""
        return {folio(f"page{page}"), folio(f"page{page}") + 1}

    entries = {line.split(",")[0]: line for line in _lines(parts, index)}
    alpha = entries["Alpha"].split(", ", 1)[1]
    assert alpha in {f"{folio('page11')}, {r}" for r in printed(12, 13)} | printed(12, 13)  # 11 said once
    assert entries["Beta"].split(", ", 1)[1] in {f"{r}, {n}" for r in printed(21, 22) for n in one(34)}
    assert entries["Gamma"] in {f"Gamma, {a}, see p. {b}" for a in one(41) for b in one(12)}
    assert entries["Delta"] == f"Delta, {folio('chapter-2')}"  # an index's number: a page wherever it leads
    numbers = [n for line in _lines(parts, index)[1:-1] for n in re.findall(r"\d+", line)]
    numbers = [n for k, n in enumerate(numbers) if not k or numbers[k - 1] != n]  # as Read.links has them
    assert [parts.labels[t] for t in parts.links(index)] == numbers  # each a link to the page it prints
    old_contents = " ".join(parts.words[contents])
    assert any(f"Chapter 2 {a} Chapter 4 {b}" in old_contents for a in one(21) for b in one(41))
    assert "Paragraph 21, figure 1." in old_contents


def _lines(book: Read, page: int) -> list[str]:
    text = book.doc[page].get_textpage().get_text_range()
    return [_norm(line).strip() for line in text.splitlines() if line.strip()]


def test_an_old_editions_page_numbers_are_typeset_again_only_when_they_change(tmp_path):
    """A correction that moves no anchor typesets its chapter alone (the index, typeset with its
    numbers, comes from the cache as the others); one that moves them typesets the index too."""
    from conftest import build_project

    root = _old_edition(tmp_path)
    build_project(root, ("pdf",))
    path = root / "manuscript" / "c3.md"
    path.write_text(path.read_text(encoding="utf-8").replace("line after line", "line upon line", 1), encoding="utf-8")
    build_project(root, ("pdf",))
    assert pdf_parts.renders == ["chapter chapter-3"]
    path = root / "manuscript" / "c1.md"
    path.write_text(path.read_text(encoding="utf-8").replace("# Chapter 1\n", "# Chapter 1\n\n" + "More words. " * 400),
                    encoding="utf-8")
    build_project(root, ("pdf",))
    assert "chapter chapter-1" in pdf_parts.renders and "chapter index-2" in pdf_parts.renders
    assert "chapter chapter-3" not in pdf_parts.renders


def test_an_old_editions_index_pages_are_in_the_epubs_page_list(tmp_path):
    """The EPUB's page list finds each print page by its words; an index's numbers are this book's
    pages in print and the old edition's in the EPUB ("Alpha, 3–4" and "Alpha, 11, 11, 12-13"): its
    pages were left out of the list (3 of Chiriqui's 304). They are found with numbers alike."""
    import zipfile

    from conftest import build_project

    root = _old_edition(tmp_path)
    built = build_project(root, ("pdf", "epub"))
    book = Read(built.pdf.read_bytes())
    index = dict(book.outline)["Index"]
    with zipfile.ZipFile(built.epub) as epub:
        nav = epub.read("EPUB/nav.xhtml").decode("utf-8")
    assert f'>{book.labels[index]}</a>' in nav.split('epub:type="page-list"')[1]
