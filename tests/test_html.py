"""The web edition, parsed page by page, then checked by the Nu HTML Checker and by axe-core in Chromium."""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pypdfium2 as pdfium
import pytest
from lxml import html as lhtml

from conftest import MINIMAL_YAML, REPO, Built, build_project, pdf_rows, write_project
from publish.editions.links import file_name
from publish.manuscript import load_book
from publish.model import Book

FEATURES_YAML = """\
title: The Winter Archive
subtitle: Papers from a Cold Decade
language: en
authors:
  - name: Anna Field
  - name: Ben Cole
    role: translator
series:
  name: Red Star Library
  number: 10
  total: 40
  lines: [Red Star, Soviet Military Intelligence]
  blurb: Documents from the archives, read closely.
publisher: Northwind Press
year: 2026
isbn:
  epub: 978-3-16-148411-7
motto: Adversitate. Custodi. Per Verum
dedication: For the archivists.
description: >
  The papers a cold decade left, read closely.

  A second paragraph, for the back.
web:
  base_url: https://press.example/winter
"""
FEATURES_TEXT = {
    "01.md": """\
        # The First Winter

        It was cold.[^1] The archive stood on the hill, and nobody went there in January.
        See [the second chapter](#the-second-winter) and [the note below](#a-note).

        [^1]: Colder than any year on record.

        ## A note {#a-note}

        The order came on January 4, 1938, and the clerks burned the ledgers by lamplight.

        ![A map of the hill](images/map.png)
        """,
    "02.md": """\
        # The Second Winter

        Again it was cold,[^a] and again[^b] nobody came. Back to [the first](#the-first-winter),
        to [its note](#a-note).

        [^a]: Still colder.
        [^b]: Another note, with *emphasis*.

        | Year | Snow |
        |------|------|
        | 1938 | deep |
        """,
    "03.md": """\
        # Thaw

        The snow went in April, and with it the last of the guards.
        Somebody wrote the names of the winters in chalk on the archive door.
        """,
}
# A Russian book whose text opens before its first heading, with a footnote there.
OPENING_YAML = """\
title: Без названия
language: ru
series:
  name: Серия
  number: 2
  total: 5
  numbering: arabic
"""
OPENING_TEXT = {"a.md": "Вступление без заголовка.[^1]\n\n[^1]: Примечание.\n\n# Глава первая\n\nТекст главы.\n"}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NO_CHROMIUM = "Chromium not found: install Debian's `chromium` (apt-get install chromium) to run the browser tests"


def _png(width: int, height: int) -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\x80\x20\x20" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


@dataclass(frozen=True)
class Site:
    name: str
    root: Path  # build/html
    book: Book

    @functools.cached_property
    def pages(self) -> dict[str, lhtml.HtmlElement]:
        return {p.name: lhtml.fromstring(p.read_bytes()) for p in sorted(self.root.glob("*.html"))}

    def reading_order(self) -> list[str]:
        """index.html, then each rel=next in turn."""
        order, name = [], "index.html"
        while name and name not in order:
            order.append(name)
            nxt = self.pages[name].xpath('//a[@rel="next"]/@href')
            name = nxt[0] if nxt else None
        return order


def _write_features(root: Path) -> Path:
    write_project(root, FEATURES_YAML, FEATURES_TEXT)
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "map.png").write_bytes(_png(40, 20))
    return root


@pytest.fixture(scope="module")
def features_build(tmp_path_factory) -> Built:
    return build_project(_write_features(tmp_path_factory.mktemp("web")), ("html",))


@pytest.fixture(scope="module", params=["features", "opening", "seed"])
def site(request, features_build, tmp_path_factory) -> Site:
    if request.param == "features":
        built = features_build
    elif request.param == "opening":
        root = write_project(tmp_path_factory.mktemp("opening"), OPENING_YAML, OPENING_TEXT)
        built = build_project(root, ("html",))
    else:
        if not (REPO / "manuscript" / "book.yaml").is_file():
            pytest.skip("no default book in manuscript/ yet")
        built = request.getfixturevalue("seed_book")
    return Site(request.param, built.html, load_book(built.root))


@pytest.fixture(scope="module")
def features(features_build) -> Site:
    return Site("features", features_build.html, load_book(features_build.root))


def _text(element) -> str:
    return _spaces(element.text_content())


def _spaces(text: str) -> str:
    """Runs of white space, no-break spaces included, as one space."""
    return " ".join(text.split())


# --- structure -------------------------------------------------------------------------------


def test_every_page_has_lang_title_one_h1_and_landmarks(site: Site):
    assert len(site.pages) >= len(site.book.chapters) + 4
    for name, page in site.pages.items():
        assert page.get("lang") == site.book.meta.language, name
        assert _text(page.find(".//title")), name
        assert len(page.xpath("//h1")) == 1, (name, [_text(h) for h in page.xpath("//h1")])
        assert len(page.xpath("//main")) == 1, name
        assert page.xpath("//header") and page.xpath("//footer"), name
        skip = page.xpath('//a[contains(@class, "skip-link")]/@href')
        assert skip == ["#main"] and page.xpath('//*[@id="main"]'), name


def test_internal_links_and_resources_resolve(site: Site):
    checked = 0
    for name, page in site.pages.items():
        for element, attribute, url, _ in page.iterlinks():
            if element.tag == "a" and urlsplit(url).scheme in ("http", "https", "mailto"):
                continue  # a link to a web page loads nothing
            if url.startswith("data:"):
                continue  # inline: the empty favicon that stops a request for /favicon.ico
            if element.tag == "link" and element.get("rel") == "canonical":
                continue  # where the page is published: names it, loads nothing
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc, f"{name}: {element.tag} {attribute}={url} leaves the site"
            target = (site.root / name).parent / unquote(parts.path) if parts.path else site.root / name
            assert target.resolve().is_file(), f"{name}: {url} does not exist"
            assert target.resolve().is_relative_to(site.root.resolve()), f"{name}: {url} is outside the site"
            if parts.fragment and target.suffix == ".html":
                ids = site.pages[target.name].xpath("//@id")
                assert parts.fragment in ids, f"{name}: {url} names a missing anchor"
            checked += 1
    css = re.sub(r"/\*.*?\*/", "", (site.root / "assets" / "book.css").read_text(encoding="utf-8"), flags=re.S)
    fonts = re.findall(r"url\(['\"]?([^'\")]+)", css)
    assert fonts and all((site.root / "assets" / f).is_file() for f in fonts), fonts
    assert checked >= 5 * len(site.pages)


def test_a_russian_books_pages_have_ascii_names_and_its_links_resolve(tmp_path):
    """Pages are named by their headings' ids; Russian ones in Latin letters, as the EPUB's
    files are (глава-первая → glava-pervaia-…): a Cyrillic name is a string of %D0%B3… in
    every shared address, and some servers mishandle it. Links and the search index follow."""
    root = write_project(tmp_path, """\
        title: Повести
        language: ru
        series: {name: Библиотека, number: 3, total: 12}
        """, {"a.md": "# Глава первая\n\n## Зима {#зима}\n\nТекст.[^1]\n\n[^1]: Примечание.\n\n"
                      "# Глава вторая\n\nСм. [зиму](#зима) и [первую главу](#глава-первая).\n"})
    built = build_project(root, ("html",))
    names = sorted(p.name for p in built.html.glob("*.html"))
    assert all(name.isascii() for name in names), names
    chapters = [n for n in names if n.startswith("glava-")]
    assert len(chapters) == 2 and all(re.fullmatch(r"glava-[a-z]+-[0-9a-f]{6}\.html", n) for n in chapters)
    second = next(n for n in chapters if "vtoraia" in n)
    first = next(n for n in chapters if "pervaia" in n)
    links = lhtml.fromstring((built.html / second).read_bytes()).xpath("//main//a/@href")
    assert f"{first}#зима" in links and first in links
    assert "#зима" in [f"#{i}" for i in lhtml.fromstring((built.html / first).read_bytes()).xpath("//@id")]
    contents = lhtml.fromstring((built.html / "index.html").read_bytes()).xpath('//nav[@id="contents"]//a/@href')
    assert contents == [first, second]
    index = (built.html / "assets" / "search-index.js").read_text(encoding="utf-8")
    assert first in index and "глава" not in index.split('"', 2)[1]


def test_every_chapter_is_in_the_contents_in_book_order(site: Site):
    contents = site.pages["index.html"].xpath('//nav[@id="contents"]//a/@href')
    titled = [f"{file_name(c.id)}.html" for c in site.book.chapters if c.title]
    assert contents == titled
    for chapter in site.book.chapters:
        page = site.pages[f"{file_name(chapter.id)}.html"]
        if chapter.title:
            assert _text(page.xpath("//h1")[0]) == chapter.title


def test_prev_next_chain_covers_every_page_in_book_order(site: Site):
    order = site.reading_order()
    assert sorted(order) == sorted(set(site.pages) - {"search.html"})
    chapters = [n for n in order if n in {f"{file_name(c.id)}.html" for c in site.book.chapters}]
    assert chapters == [f"{file_name(c.id)}.html" for c in site.book.chapters]
    for before, after in zip(order, order[1:], strict=False):
        assert site.pages[after].xpath('//a[@rel="prev"]/@href') == [before]
    assert not site.pages[order[0]].xpath('//a[@rel="prev"]')
    assert not site.pages[order[-1]].xpath('//a[@rel="next"]')
    # From every page, the contents are one link away.
    for name, page in site.pages.items():
        assert page.xpath('//a[@href="index.html#contents"]'), name


def test_json_ld_names_the_book_series_and_position(site: Site):
    meta = site.book.meta
    for name, page in site.pages.items():
        scripts = page.xpath('//script[@type="application/ld+json"]/text()')
        assert len(scripts) == 1, name
        data = json.loads(scripts[0])
        assert data["@type"] == "Book" and data["name"] == meta.title
        assert data["isPartOf"] == {"@type": "BookSeries", "name": meta.series.name}
        assert data["position"] == meta.series.number
        assert data["inLanguage"] == meta.language


def test_the_books_description_is_its_pages_description(features: Site):
    """book.yaml `description` is what a search engine and a shared link show: the first
    paragraph in each page's description, the whole in the JSON-LD."""
    page = features.pages["index.html"]
    said = page.xpath('//meta[@name="description"]/@content')[0]
    assert said == "Red Star Library, No.\u00a0X of XL. The papers a cold decade left, read closely."
    assert page.xpath('//meta[@property="og:description"]/@content') == [said]
    data = json.loads(page.xpath('//script[@type="application/ld+json"]/text()')[0])
    assert data["description"] == "The papers a cold decade left, read closely. A second paragraph, for the back."


def test_series_number_is_visible_and_in_the_head(features: Site):
    label = "No. X of XL"  # series.number 10 of series.total 40, roman by default
    for name in ("index.html", "copyright.html", "series-end.html"):
        main = features.pages[name].xpath("//main")[0]
        assert label in _text(main), name
    head = features.pages["index.html"].find("head")
    assert label in _spaces(head.xpath('string(meta[@name="description"]/@content)'))
    assert label in _text(head.find("title"))


def test_seed_series_number_is_visible(site: Site):
    label = _spaces(site.book.meta.series.label)
    printed = {"en": r"No\. (\d+|[IVXLCDM]+) of (\d+|[IVXLCDM]+)", "ru": r"№ (\d+|[IVXLCDM]+) из (\d+|[IVXLCDM]+)"}
    assert re.fullmatch(printed[site.book.meta.language], label)
    for name in ("index.html", "copyright.html", "series-end.html"):
        assert label in _text(site.pages[name].xpath("//main")[0]), name


def test_canonical_links_follow_the_configured_base_url(features: Site, site: Site):
    for name, page in features.pages.items():
        expected = "https://press.example/winter/" + ("" if name == "index.html" else name)
        assert page.xpath('//link[@rel="canonical"]/@href') == [expected], name
        assert page.xpath('//meta[@property="og:url"]/@content') == [expected], name
    if site.name == "seed" and not site.book.meta.base_url:
        assert not any(p.xpath('//link[@rel="canonical"]') for p in site.pages.values())


def test_a_base_url_that_is_not_http_is_refused(tmp_path):
    from publish.errors import PublishError

    yaml = FEATURES_YAML.replace("https://press.example/winter", "press.example/winter")
    write_project(tmp_path, yaml, {"01.md": "# One\n\nText.\n"})
    with pytest.raises(PublishError) as caught:
        load_book(tmp_path)
    assert caught.value.diagnostic.key == "web.base_url"
    assert caught.value.diagnostic.line == yaml.splitlines().index("  base_url: press.example/winter") + 1


def test_every_paragraph_of_every_chapter_is_on_its_page(site: Site):
    for chapter in site.book.chapters:
        article = site.pages[f"{file_name(chapter.id)}.html"].xpath("//article")[0]
        text = _text(article)
        source = lhtml.fragment_fromstring(chapter.body_html, create_parent="div")
        paragraphs = [_text(p) for p in source.xpath("//p[not(ancestor::aside)]")]
        assert paragraphs or not chapter.body_html.strip()
        for paragraph in paragraphs:
            assert paragraph in text, (chapter.id, paragraph[:80])


def test_footnotes_link_both_ways(site: Site):
    found = 0
    for name, page in site.pages.items():
        for ref in page.xpath('//a[contains(@class, "footnote-ref")]'):
            note = page.xpath(f'//*[@id="{ref.get("href").lstrip("#")}"]')
            assert note and note[0].xpath('ancestor::section[contains(@class, "footnotes")]'), name
            back = note[0].xpath('.//a[contains(@class, "footnote-back")]/@href')
            assert f"#{ref.get('id')}" in back, name
            found += 1
    assert found or site.name == "seed"


def test_a_note_before_an_empty_section_is_kept_in_every_edition(tmp_path):
    """Onegin's chapter four: its epigraph's note, then "## I. II. III" (stanzas left out) with
    nothing under it over "## VII". pandoc dropped the note with the empty section: the call
    printed as a bare number in every edition, and the note nowhere."""
    import zipfile

    import pypdf

    text = ("# Chapter Four\n\n> Morals are in the nature of things.^[Necker, on the revolution.]\n\n"
            "## I. II. III\n\n## VII\n\nThe less we love a woman.^[A second note.]\n\n## VIII\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"01.md": text}))
    page = lhtml.fromstring((built.html / "chapter-four.html").read_bytes())
    refs = page.xpath('//a[contains(@class, "footnote-ref")]')
    assert len(refs) == 2
    notes = [_text(page.xpath(f'//*[@id="{ref.get("href").lstrip("#")}"]')[0]) for ref in refs]
    assert "Necker, on the revolution." in notes[0] and "A second note." in notes[1]
    with zipfile.ZipFile(built.epub) as epub:
        chapter = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("chapter-four.xhtml"))
    assert "Necker, on the revolution." in chapter and "A second note." in chapter
    printed = " ".join(page.extract_text() for page in pypdf.PdfReader(built.pdf).pages)
    assert "Necker, on the revolution." in printed and "A second note." in printed


def test_the_notes_of_a_book_without_headings_are_under_a_heading(tmp_path):
    """A Word document with no headings and a note (pandoc's footnote.odt): pandoc set the notes
    of its one untitled chapter as a <section> at the document's end, not the <aside> gathered
    elsewhere, so the page kept a section without a heading (a Nu warning) and no "Notes"."""
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"01.md": "Some text[^1] with a note.\n\n"
                                                                         "[^1]: Footnote text\n"}),
                          ("html",))
    page = lhtml.fromstring((built.html / "opening.html").read_bytes())
    (notes,) = page.xpath("//article/section[contains(@class, 'footnotes')]")
    assert _text(notes.xpath("./h2")[0]) == "Notes" and "Footnote text" in _text(notes)
    assert not page.xpath("//*[contains(@class, 'footnotes-end-of-document')]")


def test_an_untitled_opening_gets_a_page_in_the_reading_order(site: Site):
    for chapter in site.book.chapters:
        name = f"{file_name(chapter.id)}.html"
        assert name in site.reading_order()
        if not chapter.title:
            assert _text(site.pages[name].find(".//title")) == site.book.meta.title
            assert _text(site.pages[name].xpath("//h1")[0]) == site.book.meta.title


def test_features_notes_are_at_the_end_under_a_heading(features: Site):
    article = features.pages["the-second-winter.html"].xpath("//article")[0]
    notes = article[-1]
    assert notes.tag == "section" and "footnotes" in notes.get("class")
    assert _text(notes.xpath(".//h2")[0]) == "Notes"
    assert [_text(li) for li in notes.xpath(".//li")][1].startswith("Another note, with emphasis")


def test_index_shows_the_cover_with_alt_text(site: Site):
    from PIL import Image

    (img,) = site.pages["index.html"].xpath('//figure[@class="cover"]/img')
    meta = site.book.meta
    assert meta.title in img.get("alt") and _spaces(meta.series.label) in _spaces(img.get("alt"))
    with Image.open(site.root / img.get("src")) as picture:
        assert picture.size == (int(img.get("width")), int(img.get("height")))
        assert picture.height > picture.width  # a book cover, upright


def test_images_are_copied_beside_the_pages(features: Site, features_build: Built):
    # (A remote image stops the build before any edition renders: images.check_resources.)
    page = features.pages["the-first-winter.html"]
    (src,) = page.xpath("//article//img/@src")
    assert (features.root / src).read_bytes() == (features_build.root / "manuscript/images/map.png").read_bytes()
    assert page.xpath("//article//img/@alt") == ["A map of the hill"]


def test_an_image_without_a_description_gets_an_empty_alt(tmp_path):
    # ![](images/rule.png), as authors write for an ornament: pandoc's <img> had no alt at all,
    # which the Nu HTML Checker rejects ("An img element must have an alt attribute").
    root = write_project(tmp_path, FEATURES_YAML, {"01.md": "# One\n\nText.\n\n![](images/rule.png)\n\nMore text.\n"})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "rule.png").write_bytes(_png(40, 20))
    built = build_project(root, ("html",))
    page = lhtml.parse(str(built.html / "one.html")).getroot()
    (img,) = page.xpath("//article//img")
    assert img.get("alt") == "" and img.get("src").endswith("rule.png")


def test_pages_read_without_javascript(site: Site):
    for name, page in site.pages.items():
        scripts = [s for s in page.xpath("//script") if s.get("type") != "application/ld+json"]
        assert not scripts or name == "search.html", name
    search = site.pages["search.html"]
    assert search.xpath("//noscript//a/@href") == ["index.html#contents"]


def test_search_index_is_built_with_the_site(site: Site):
    entry = json.loads((site.root / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    language = site.book.meta.language.split("-")[0].lower()
    assert entry["languages"][language]["page_count"] == len(site.book.chapters)
    assert (site.root / "pagefind" / "pagefind-ui.js").is_file()


def test_same_input_gives_byte_identical_site(features_build: Built, tmp_path):
    again = build_project(_write_features(tmp_path / "again"), ("html",))
    first = {p.relative_to(features_build.html): p.read_bytes() for p in features_build.html.rglob("*") if p.is_file()}
    second = {p.relative_to(again.html): p.read_bytes() for p in again.html.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    changed = [k for k in first if first[k] != second[k]]
    detail = ""
    if changed and changed[0].suffix in (".html", ".css", ".js", ".json"):
        import difflib

        old, new = (x[changed[0]].decode().splitlines() for x in (first, second))
        detail = "\n".join(list(difflib.unified_diff(old, new, lineterm=""))[:20])
    assert changed == [], detail


# --- the Nu HTML Checker ---------------------------------------------------------------------


def _vnu_jar() -> Path:
    """vnu.jar from npm's `vnu-jar`: $VNU_JAR, or installed once into a cache folder."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "publish" / "vnu"
    jar = cache / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.is_file():
        if not shutil.which("npm"):
            pytest.skip("the Nu HTML Checker needs npm to install `vnu-jar` (or set VNU_JAR to vnu.jar)")
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["npm", "install", "--prefix", str(cache), "--ignore-scripts", "--no-audit", "--no-fund", "vnu-jar@26"],
            capture_output=True, text=True, timeout=300,
        )
        if done.returncode != 0 or not jar.is_file():
            pytest.skip(f"could not install vnu-jar with npm: {done.stderr[-300:]}")
    return jar


def test_nu_html_checker_reports_no_errors(site: Site):
    if not shutil.which("java"):
        pytest.skip("the Nu HTML Checker needs Java (apt-get install default-jre-headless)")
    done = subprocess.run(
        ["java", "-jar", str(_vnu_jar()), "--skip-non-html", "--also-check-css", "--format", "json",
         "--stdout", str(site.root)],
        capture_output=True, text=True, timeout=600,
    )
    report = json.loads(done.stdout)
    errors = [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in report["messages"] if m["type"] != "info"]
    assert errors == []
    assert done.returncode == 0


# --- in Chromium: axe-core, requests, layout, search -----------------------------------------


@pytest.fixture(scope="module")
def browser():
    if not shutil.which("chromium"):
        pytest.skip(NO_CHROMIUM)
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' for Playwright")
    with sync_api.sync_playwright() as playwright:
        # The system Chromium: Playwright must never download its own browser.
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        yield browser
        browser.close()


@contextlib.contextmanager
def _page(browser, **context_options):
    context = browser.new_context(**context_options)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        yield page, requests
    finally:
        context.close()


def test_axe_finds_no_violations_and_nothing_leaves_the_site(browser, site: Site):
    axe_module = pytest.importorskip("axe_playwright_python.sync_playwright")
    axe = axe_module.Axe()
    root = site.root.resolve().as_uri()
    problems = []
    for scheme in ("light", "dark"):
        with _page(browser, color_scheme=scheme) as (page, requests):
            for name in site.pages:
                page.goto(f"{root}/{name}", wait_until="load")
                result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
                for violation in result.response["violations"]:
                    targets = [node["target"] for node in violation["nodes"]][:3]
                    problems.append(f"{scheme} {name}: {violation['id']} {targets}")
            assert len(requests) > len(site.pages)  # the recorder saw the pages and their assets
            outside = [url for url in requests if not url.startswith(root + "/")]
            assert outside == []
    assert problems == []


def test_code_and_a_long_address_outside_a_paragraph_fit_a_phone(browser, tmp_path):
    """A code block's long line and a long address in a list item ran off a phone's screen (and a
    200-character line off a desktop's): the whole page scrolled sideways. Print and EPUB wrap them."""
    source = ("# Sources\n\n- The archive, https://collections.ctdigitalarchive.org/islandora/object/120002:otl\n\n"
              "```\nif(knitr::is_html_output(excludes=\"markdown\")) knitr::include_url(\"http://pathname-to-"
              "interactive-version-keyword.html\") else knitr::include_graphics(\"pathname-to-static.png\")"
              "\n```\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": source})
    built = build_project(root, ("html",))
    for width in (375, 1280):
        with _page(browser, viewport={"width": width, "height": 800}) as (page, _):
            page.goto((built.html / "sources.html").resolve().as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= width, width


def test_a_number_range_is_never_broken_after_its_dash(browser, tmp_path):
    """At a phone's width the browser broke "for the period 1941–" / "1944." (as print never does)."""
    words = "In the years of the war the squadrons kept watch over the coast for the period"
    text = "# Watch\n\n" + "\n\n".join(f"{words[:20 + 3 * n]} 1941-1944 and {1900 + n}–{1950 + n}." for n in range(40))
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("html",))
    with _page(browser, viewport={"width": 375, "height": 800}) as (page, _):
        page.goto((built.html / "watch.html").resolve().as_uri())
        page.evaluate("document.fonts.ready")
        broken = page.evaluate("""() => [...document.querySelectorAll('article p')].flatMap(p => {
            const range = document.createRange(), out = [];
            for (const m of p.textContent.matchAll(/\\d+–\\d+/g)) {
                const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT);
                let node, at = 0;
                while ((node = walker.nextNode()) && at + node.length <= m.index) at += node.length;
                range.setStart(node, m.index - at);
                range.setEnd(node, Math.min(node.length, m.index - at + m[0].length));
                if (range.getClientRects().length > 1) out.push(m[0]);
            }
            return out;
        })""")
        ranges = page.evaluate("document.querySelectorAll('article p .nowrap').length")
    assert ranges == 80 and broken == []


def test_layout_fits_a_phone_and_keeps_a_readable_measure(browser, features: Site):
    root = features.root.resolve().as_uri()
    chapter = "the-first-winter.html"
    with _page(browser, viewport={"width": 375, "height": 800}) as (page, _):
        for name in ("index.html", chapter):
            page.goto(f"{root}/{name}")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 375, (name, width)
    with _page(browser, viewport={"width": 1280, "height": 900}) as (page, _):
        page.goto(f"{root}/{chapter}")
        page.evaluate("document.fonts.ready")
        # Characters per line: the paragraph's width over the mean width of its characters.
        measure = page.evaluate("""() => {
            const p = document.querySelector('article p');
            const text = p.textContent, probe = document.createElement('span');
            probe.style.whiteSpace = 'nowrap';
            probe.textContent = text;
            p.appendChild(probe);
            const perChar = probe.getBoundingClientRect().width / text.length;
            probe.remove();
            return p.getBoundingClientRect().width / perChar;
        }""")
        assert 60 <= measure <= 75, measure
        font = page.evaluate("getComputedStyle(document.querySelector('article p')).fontFamily")
        assert font.startswith('"Book Serif"')
        assert page.evaluate("document.fonts.check('1em \"Book Serif\"')")


def test_a_block_quotes_first_paragraph_is_not_indented(browser, tmp_path):
    """Like a chapter's or a section's first paragraph, a quotation's opens flush left; the
    paragraphs after it in the quote, and in the text, are indented."""
    text = ("# Letters\n\nThe first paragraph.\n\nThe second paragraph.\n\n"
            "> A block quote.\n>\n> Its second paragraph.\n>\n> > A nested block quote.\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("html",))
    with _page(browser, viewport={"width": 1280, "height": 900}) as (page, _):
        page.goto((built.html / "letters.html").resolve().as_uri())
        indents = page.evaluate("""() => [...document.querySelectorAll('article blockquote > p')].map(
            p => [p === p.parentElement.firstElementChild, parseFloat(getComputedStyle(p).textIndent)])""")
        assert [indent for first, indent in indents if first] == [0, 0]  # the quote, and the one in it
        assert [indent > 0 for first, indent in indents if not first] == [True]  # "Its second paragraph."
        text_indents = page.evaluate("[...document.querySelectorAll('article > p')].map("
                                     "p => parseFloat(getComputedStyle(p).textIndent))")
        assert text_indents[0] == 0 and text_indents[1] > 0


def test_skip_link_and_focus_are_visible(browser, features: Site):
    with _page(browser, viewport={"width": 1280, "height": 900}) as (page, _):
        page.goto(f"{features.root.resolve().as_uri()}/the-first-winter.html")
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const a = document.activeElement, box = a.getBoundingClientRect(), style = getComputedStyle(a);
            return {cls: a.className, top: box.top, left: box.left, outline: style.outlineStyle,
                    width: parseFloat(style.outlineWidth)};
        }""")
        assert focused["cls"] == "skip-link" and focused["top"] >= 0 and focused["left"] >= 0
        assert focused["outline"] != "none" and focused["width"] >= 2
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "main"


@contextlib.contextmanager
def _serve(folder: Path):
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_finds_a_chapter_offline(browser, features: Site, scheme: str):
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    with _serve(features.root) as origin, _page(browser, color_scheme=scheme) as (page, requests):
        page.goto(f"{origin}/search.html")
        page.fill(".pagefind-ui__search-input", "chalk")
        link = page.locator(".pagefind-ui__result-link").first
        link.wait_for(timeout=15000)
        assert link.get_attribute("href").endswith("/thaw.html")
        page.wait_for_timeout(300)  # let the result excerpts settle before checking contrast
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        assert [v["id"] for v in result.response["violations"]] == []
        link.click()
        page.wait_for_url("**/thaw.html")
        assert page.locator("h1").inner_text() == "Thaw"
        assert [url for url in requests if not url.startswith(origin + "/")] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_works_from_the_file_system(browser, features: Site, scheme: str):
    """Opened as file://, where Pagefind cannot fetch its index: the offline index answers instead."""
    axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe()
    root = features.root.resolve().as_uri()
    with _page(browser, color_scheme=scheme) as (page, requests):
        page.goto(f"{root}/search.html")
        page.fill(".search-query", "CHALK archive")  # every word, in any case, anywhere in the section
        link = page.locator(".search-results a").first
        link.wait_for(timeout=10000)
        assert page.locator(".search-results li").count() == 1
        assert link.get_attribute("href") == "thaw.html"
        # Every word of the query marked in the excerpt, not only the first.
        assert page.locator(".search-results mark").all_inner_texts() == ["chalk", "archive"]
        assert re.search(r"\b1\b", page.locator(".search-status").inner_text())
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": TAGS}})
        assert [v["id"] for v in result.response["violations"]] == []
        page.fill(".search-query", "lamplight")  # a section of chapter 1: the link goes to its anchor
        page.locator('.search-results a[href="the-first-winter.html#a-note"]').wait_for(timeout=5000)
        page.fill(".search-query", "chalk xylophone")
        page.locator(".search-status", has_text="Nothing found").wait_for(timeout=5000)
        assert page.locator(".search-results li").count() == 0
        page.fill(".search-query", "chalk")
        link.wait_for(timeout=5000)
        link.click()
        page.wait_for_url("**/thaw.html")
        assert page.locator("h1").inner_text() == "Thaw"
        assert [url for url in requests if not url.startswith(root + "/")] == []


def test_offline_index_has_every_section_and_its_address(features: Site):
    text = (features.root / "assets" / "search-index.js").read_text(encoding="utf-8")
    entries = json.loads(text.removeprefix("window.PUBLISH_SEARCH_INDEX = ").removesuffix(";\n"))
    addresses = [address for address, _, _ in entries]
    for address in addresses:
        page, _, anchor = address.partition("#")
        assert page in features.pages and (not anchor or anchor in features.pages[page].xpath("//@id")), address
    chapters = [a for a in addresses if "#" not in a]
    assert chapters == [f"{file_name(c.id)}.html" for c in features.book.chapters]
    assert "the-first-winter.html#a-note" in addresses
    for chapter in features.book.chapters:  # every paragraph of the text is found in some entry
        source = lhtml.fragment_fromstring(chapter.body_html, create_parent="div")
        for ref in source.xpath('//a[contains(@class, "footnote-ref")]'):
            ref.drop_tree()  # a note's number is not a word of the text
        for p in source.xpath("//p[not(ancestor::aside)]"):
            assert any(_text(p) in body for _, _, body in entries), _text(p)


def test_offline_index_of_a_long_book_stays_near_the_size_of_its_text():
    """A 500,000-word book: the index is its text plus addresses, loaded only by search.html."""
    from types import SimpleNamespace

    from publish.editions.search import offline_index

    words = ("archive winter snow order ledger lamplight chalk door guard hill январь ёлка " * 500).split()
    chapters = [SimpleNamespace(id=f"chapter-{i}", file=f"chapter-{i}") for i in range(100)]
    pages = {}
    for i, chapter in enumerate(chapters):
        paragraphs = "".join(f"<p>{' '.join(words[j:j + 100])}</p>" for j in range(0, 5000, 100))
        pages[f"{chapter.id}.html"] = (f'<html><body><main><article id="{chapter.id}"><h1>Chapter {i}</h1>'
                                       f'<section id="s{i}"><h2>Part</h2>{paragraphs}</section></article></main>'
                                       "</body></html>").encode()
    index = offline_index(SimpleNamespace(chapters=chapters), pages)
    text_bytes = len(" ".join(words[:5000]).encode()) * 100
    assert len(index) < 1.05 * text_bytes, (len(index), text_bytes)


def test_proof_screenshots_of_home_and_a_chapter(features: Site, tmp_path):
    from PIL import Image

    if not shutil.which("chromium"):
        pytest.skip(NO_CHROMIUM)

    from publish.editions.html_proof import screenshot_site

    shots = screenshot_site(features.root, tmp_path / "proof", schemes=("light",))
    assert sorted(p.name for p in shots) == [
        "html-chapter-1280-light.png", "html-chapter-375-light.png",
        "html-index-1280-light.png", "html-index-375-light.png",
    ]
    for shot in shots:
        with Image.open(shot) as picture:
            assert picture.width == int(shot.stem.split("-")[2])
            # Not a blank page: the text makes many distinct shades.
            assert len(picture.convert("L").getcolors(256)) > 16


def test_a_notes_paragraphs_stay_apart_in_the_browser(browser):
    # pandoc's testsuite: the long note's first two paragraphs ran together, both inline.
    css = (REPO / "styles" / "screen.css").read_text(encoding="utf-8")
    with _page(browser) as (page, _):
        page.set_content(f"<style>{css}</style><section class='footnotes'><ol><li id='fn1'>"
                         "<p id='a'>Here's the long note.</p><p id='b'>Subsequent blocks.</p></li></ol></section>")
        first, second = (page.locator(f"#{name}").bounding_box() for name in ("a", "b"))
    assert second["y"] >= first["y"] + first["height"]


def test_a_definition_of_two_paragraphs_keeps_them_apart_in_every_edition(tmp_path):
    """A chronology as a compact definition list: pandoc reads a definition's paragraphs as
    Plain, and its HTML ran them into one ("… follows. The massacre was reported …")."""
    text = ("# Chronology\n\n1894\n:   Port Arthur taken.\n\n    The massacre was reported abroad.\n\n"
            "1898\n:   The lease signed.\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}))
    page = lhtml.parse(str(built.html / "chronology.html")).getroot()
    (first, second) = page.xpath("//dd")
    assert [p.text_content() for p in first.xpath("p")] == ["Port Arthur taken.", "The massacre was reported abroad."]
    assert not second.xpath("p")  # one paragraph: compact as written
    with zipfile.ZipFile(built.epub) as epub:
        xhtml = next(epub.read(n).decode() for n in epub.namelist() if n.endswith("chronology.xhtml"))
    assert "<p>Port Arthur taken.</p>" in xhtml and "<p>The massacre was reported abroad.</p>" in xhtml
    lines = [line.strip().replace("\xa0", " ") for page in pdfium.PdfDocument(built.pdf)  # a last word bound
             for line in page.get_textpage().get_text_range().split("\r\n")]
    assert "Port Arthur taken." in lines and "The massacre was reported abroad." in lines


def test_a_title_ending_in_its_own_mark_takes_no_colon_before_its_subtitle(tmp_path):
    """Shackleton's "South!" with its subtitle read "South!: The Story of Shackleton's Last
    Expedition" on the copyright page and in the cover's description: a title that ends in "!",
    "?" or a stop is followed by its subtitle after a space; others still take a colon."""
    for title, line in (("South!", "South! The Story of the Expedition"),
                        ("South", "South: The Story of the Expedition")):
        yaml_text = MINIMAL_YAML.replace("A Small Book", f'"{title}"') + "subtitle: The Story of the Expedition\n"
        root = write_project(tmp_path / title.strip("!"), yaml_text, {"01.md": "# One\n\nText.\n"})
        built = build_project(root, ("html", "epub"))
        page = lhtml.fromstring((built.html / "copyright.html").read_bytes())
        assert _text(page.xpath('//p[@class="copyright-title"]')[0]) == line
        cover = lhtml.fromstring((built.html / "index.html").read_bytes())
        assert f"Cover: {line}." in cover.xpath("string(//img[contains(@src, 'cover')]/@alt)")


def test_verse_and_quotations_in_a_right_to_left_passage_indent_at_the_right(tmp_path):
    """A Hebrew poem in the web edition and the EPUB: a long line's turnover was indented at the
    left, its first line hung out past the text's right edge, and a quotation was set in from the
    left. Each is set in at the lines' start now, the right (laid out here by WeasyPrint, which
    reads the editions' stylesheets as a browser does)."""
    import weasyprint

    from publish.editions.rtl_indents import indents_at_the_start

    long_line = " ".join(["שורה ראשונה של שיר ארוך מאוד"] * 4)
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"""\
        # One

        ::: {{lang=he}}
        {long_line}

        | {long_line}
        | שורה שנייה

        > ציטוט קצר.
        :::
        """})
    shutil.copytree(REPO / "styles", root / "styles")
    built = build_project(root, ("epub", "html"))
    epub = tmp_path / "epub"
    with zipfile.ZipFile(built.epub) as z:
        z.extractall(epub)
    for page in (built.html / "one.html", epub / "EPUB/text/one.xhtml"):
        pdf = tmp_path / f"{page.suffix[1:]}.pdf"
        with indents_at_the_start():  # WeasyPrint's own puts a right-to-left indent at the left
            weasyprint.HTML(filename=page).write_pdf(pdf)
        lines = [(words, right) for words, _, right in pdf_rows(pdfium.PdfDocument(pdf)[0])]
        at = max(i for i, (words, _) in enumerate(lines) if words.startswith("שורהראשונה"))
        (first, turned), quoted = [right for _, right in lines[at:at + 2]], next(
            right for words, right in lines if "ציטוט" in words)
        right = max(end for _, end in lines)
        assert first - turned > 10, (page.name, lines)  # the turnover set in at the right
        assert first < right - 10 and quoted < right - 10, (page.name, lines)  # the verse and quotation set in


def test_no_heading_level_is_skipped(tmp_path):
    """An imported web page's <h2> over <h4> and <h6> (The Ancient Art of the Province of
    Chiriqui) made pages the Nu checker failed: 'The heading h4 follows the heading h2, skipping
    1 heading level'. Each heading is set at its depth under those above it."""
    text = "# One\n\nText.\n\n#### Deep\n\nMore.\n\n###### Deeper\n\nMore.\n\n## Two\n\nEnd.\n"
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("html",))
    page = lhtml.fromstring((built.html / "one.html").read_bytes())
    headings = [(h.tag, h.text_content().strip()) for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")
                if h.text_content().strip() in ("One", "Deep", "Deeper", "Two")]
    assert headings == [("h1", "One"), ("h2", "Deep"), ("h3", "Deeper"), ("h2", "Two")]


def test_a_heading_in_the_untitled_opening_skips_no_level(tmp_path):
    """Herodotus (Gutenberg's HTML) opens, before its first chapter, with its epigraph set as an
    <h5> ('{e Herodotou diathesis …}.—Dion. Halic.'): the opening's page set it as an h4 under the
    page's own h1, and the Nu checker failed it ('h4 follows h1, skipping 2 heading levels')."""
    text = "##### A motto\n\nA preparer's note.\n\n###### Under it\n\nMore.\n\n# One\n\nText.\n"
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("html", "epub"))
    page = lhtml.fromstring((built.html / "opening.html").read_bytes())
    headings = [h.tag for h in page.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert headings[:3] == ["h1", "h2", "h3"], headings


def test_a_wrapped_contents_entrys_number_stands_by_its_first_line(browser, tmp_path):
    """The Fiery Angel's contents at 390 px: "Глава 5. Как мы изучали магию и чем кончился наш
    магический опыт" over three lines had its "7." by the last (each entry's link is an inline
    block, which a list's marker lines up with at its last line); it stands by the first."""
    title = "Глава 2. Как мы изучали магию и чем кончился наш магический опыт, долгий и печальный"
    root = write_project(tmp_path, MINIMAL_YAML.replace("language: en", "language: ru"),
                         {"a.md": "# Глава 1\n\nТекст.\n\n" + f"# {title}\n\nТекст.\n"})
    built = build_project(root, ("html",))
    with _page(browser, viewport={"width": 390, "height": 900}) as (page, _):
        page.goto((built.html / "index.html").as_uri())
        entry = page.locator("ol.toc > li").nth(1)
        entry.scroll_into_view_if_needed()
        link, listing = entry.locator("a").bounding_box(), page.locator("ol.toc").bounding_box()
        assert link["height"] > 40  # the title takes two lines or more
        # The number is drawn left of the entry, in the list's margin: the strip beside the link.
        shot = page.screenshot(clip={"x": listing["x"], "y": link["y"], "width": link["x"] - listing["x"] - 1,
                                     "height": link["height"]})
    from io import BytesIO

    from PIL import Image

    image = Image.open(BytesIO(shot)).convert("L")
    rows = [y for y in range(image.height) if any(image.getpixel((x, y)) < 128 for x in range(image.width))]
    assert rows, "no number drawn"
    assert max(rows) < image.height * 0.45, (rows[0], rows[-1], image.height)  # by the first of its lines
