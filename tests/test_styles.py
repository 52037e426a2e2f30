"""An editor's own styles/: a mistake in a template or a stylesheet is named with its file and
line and what to do, never a traceback, and the editions already built stay as they were."""

import shutil
import subprocess
import sys

import pytest
from pypdf import PdfReader

from conftest import MINIMAL_YAML, REPO, recorded_warnings, write_project
from publish.errors import PublishError

BODY = {"a.md": "# First\n\nOne *two* three.\n"}


def _project(tmp_path):
    root = write_project(tmp_path / "book", MINIMAL_YAML, BODY)
    shutil.copytree(REPO / "styles", root / "styles")
    return root


def _build(root, *options):
    return subprocess.run([sys.executable, "-m", "publish", "build", str(root), *options],
                          capture_output=True, text=True, timeout=300)


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("expression, message, hint", [
    ("{{ labels.credit(1) }}", "Labels.credit() missing 1 required positional argument", "correct the template"),
    ("{{ meta.titel }}", "meta has no attribute 'titel'", "did you mean meta.title? a template can use: book"),
])
def test_a_template_error_names_the_template_and_its_line(tmp_path, expression, message, hint):
    """A call with a wrong argument was a crash (exit 3, a traceback in a log), and a name the
    template lacks was reported without its line, as "'publish.model.BookMetadata object' has no
    attribute 'titel'"."""
    root = _project(tmp_path)
    assert _build(root, "--format", "html").returncode == 0
    index = (root / "build" / "html" / "index.html").read_bytes()
    template = root / "styles" / "templates" / "title-page.html"
    _edit(template, "{{ meta.title }}", expression)
    done = _build(root, "--format", "html")
    assert done.returncode == 2, done.stderr
    assert f"{template}:5: template error: {message}" in done.stderr
    assert hint in done.stderr
    assert "Traceback" not in done.stderr and "crash" not in done.stderr
    assert (root / "build" / "html" / "index.html").read_bytes() == index


def _warnings_of(styles):
    from publish.stylesheet_check import check_stylesheets

    with recorded_warnings() as said:
        check_stylesheets(styles, ("pdf", "epub", "html"))
    return said


def test_the_default_stylesheets_give_no_warning():
    """A build skips checking publish's own sheets (WeasyPrint would be loaded for print.css): they
    are checked here."""
    from publish import stylesheet_check as check

    for edition, name in check.SHEETS.items():
        path = REPO / "styles" / name
        text = path.read_text()
        check._unclosed(text, path)
        check._addresses(text, path)
        assert check._findings(text, edition, path) == [], name


def test_what_a_stylesheet_ignores_is_named_with_its_line(tmp_path):
    """print.css's `font-sise: 11pt` and `line-height: 1,5` were dropped in silence (the book set
    in 12 pt, 64 pages → 78), as were epub.css's `colour` and a declaration without its colon."""
    styles = tmp_path / "styles"
    shutil.copytree(REPO / "styles", styles)
    _edit(styles / "print.css", "  font-size: 10.5pt;\n", "  font-sise: 11pt;\n  line-height: 1,5;\n")
    line = (styles / "print.css").read_text().split("\n").index("  font-sise: 11pt;") + 1
    (styles / "epub.css").write_text((styles / "epub.css").read_text() + "p { colour: red; }\nh2 { margin 0; }\n")
    epub_lines = len((styles / "epub.css").read_text().split("\n")) - 1
    said = "\n".join(_warnings_of(styles))
    assert (f"print.css:{line}:3: `font-sise: 11pt` is ignored in print: unknown property "
            "(did you mean `font-size`?)") in said
    assert f"print.css:{line + 1}:3: `line-height: 1,5` is ignored in print: invalid value" in said
    assert f"epub.css:{epub_lines - 1}:5: unknown property `colour` is ignored (did you mean `color`?)" in said
    assert f"epub.css:{epub_lines}:" in said and "CSS syntax error" in said
    assert "screen.css" not in said


def test_a_rule_left_open_stops_the_build_naming_its_line(tmp_path):
    """A `}` left out made every rule after it part of that rule: print.css lost its chapters'
    page breaks and the build crashed (exit 3); screen.css would have lost its whole look."""
    root = _project(tmp_path)
    assert _build(root, "--format", "html").returncode == 0
    index = (root / "build" / "html" / "index.html").read_bytes()
    sheet = root / "styles" / "screen.css"
    text = sheet.read_text()
    line = text[:text.index("{")].count("\n") + 1  # the rule the first } closes
    sheet.write_text(text.replace("}", "", 1))
    done = _build(root, "--format", "html")
    assert done.returncode == 2, done.stderr
    assert f"{sheet}:{line}: this rule's {{ is never closed" in done.stderr
    assert "Traceback" not in done.stderr
    assert (root / "build" / "html" / "index.html").read_bytes() == index


@pytest.mark.parametrize("sheet", ["screen.css", "fonts/fonts.css"])
def test_a_stylesheet_not_in_utf8_is_named_with_its_line(tmp_path, sheet):
    """A sheet saved as Latin-1 (a © in a `content:`) was an internal error (UnicodeDecodeError)."""
    root = _project(tmp_path)
    path = root / "styles" / sheet
    text = path.read_text()
    path.write_bytes(text.encode() + b'\n.colophon::after { content: "\xa9 Ostrog"; }\n')
    done = _build(root, "--format", "html")
    assert done.returncode == 2, done.stderr
    assert f"{path}:{text.count(chr(10)) + 2}: not valid UTF-8 (byte 0xa9)" in done.stderr
    assert "save the stylesheet as UTF-8" in done.stderr and not (root / "build" / "html").exists()


def test_a_template_not_in_utf8_is_named_with_its_line(tmp_path):
    """Was "copyright.html: template error: 'utf-8' codec can't decode byte 0xa9 …", no folder, no line."""
    root = _project(tmp_path)
    template = root / "styles" / "templates" / "copyright.html"
    template.write_bytes(template.read_bytes().replace(b"\n", b"\n<p>\xa9 Ostrog</p>\n", 1))
    done = _build(root, "--format", "html")
    assert done.returncode == 2, done.stderr
    assert f"{template}:2: not valid UTF-8 (byte 0xa9)" in done.stderr and "save the template as UTF-8" in done.stderr


def test_styles_without_their_fonts_are_warned_of(tmp_path):
    """styles/ copied without fonts/: the PDF was set in this computer's DejaVu Serif, without a word."""
    root = _project(tmp_path)
    shutil.rmtree(root / "styles" / "fonts")
    done = _build(root, "--format", "html")
    assert done.returncode == 0, done.stderr
    assert "fonts/fonts.css is missing, and with it the faces of \"Book Serif\"" in done.stderr


def test_chapters_that_do_not_open_a_page_are_an_error_not_a_crash(tmp_path):
    from publish.build import build

    root = tmp_path / "book"  # the default book: its frames, a run of chapters' margins, are typeset apart
    shutil.copytree(REPO / "manuscript", root / "manuscript")
    shutil.copytree(REPO / "styles", root / "styles")
    _edit(root / "styles" / "print.css", ".text > .chapter { page: chapter; break-before: right; }",
          ".text > .chapter { page: chapter; }")
    with pytest.raises(PublishError) as raised:
        build(root, formats=("pdf",))
    assert "chapters do not each open on a new page" in str(raised.value)
    assert raised.value.diagnostic.file == root / "styles" / "print.css"


def test_a_page_margin_set_in_print_css_is_said_to_be_unused(tmp_path):
    """The page's size and margins are book.yaml's (print.trim, print.margins), set after
    print.css: `@page { margin: 1in }` there changed nothing, and nothing said so."""
    styles = tmp_path / "styles"
    shutil.copytree(REPO / "styles", styles)
    _edit(styles / "print.css", "  margin: 0.75in 0.6in 0.8in 0.75in;", "  margin: 1in;")
    line = (styles / "print.css").read_text().split("\n").index("  margin: 1in;") + 1
    said = "\n".join(_warnings_of(styles))
    assert f"print.css:{line}:3: `margin: 1in` is not used: the page's size and margins are book.yaml's" in said
    assert said.count("is not used") == 1  # the size left as it was, and @footnote's margin, are not named


def test_a_drop_cap_in_print_css_builds(tmp_path):
    """A floated first letter (a drop cap) crashed the print edition (exit 3, WeasyPrint's float
    layout asserting) when a page was made again for a word hyphenated over a recto's turn: the
    paragraph already held its first letter's box, and WeasyPrint made a box round it again."""
    from publish.build import build

    root = tmp_path / "book"
    shutil.copytree(REPO / "manuscript", root / "manuscript")
    shutil.copytree(REPO / "styles", root / "styles")
    with (root / "styles" / "print.css").open("a") as sheet:
        sheet.write("\n.chapter-title + p::first-letter { float: left; font-size: 3.1em; line-height: 0.8; }\n")
    build(root, formats=("pdf",))
    text = "".join(page.extract_text() for page in PdfReader(next((root / "build").glob("*.pdf"))).pages)
    assert "meeting of the delegations of the" in " ".join(text.split())  # the chapter whose page was made again


def test_the_web_edition_carries_every_font_its_stylesheet_names(tmp_path):
    """A face given as TrueType alone (fonts.css naming Literata-Regular.ttf, as an editor's
    swap may): book.css named fonts/….ttf, but only .woff2 files were carried, so the browser
    fell back on Georgia."""
    import re

    from conftest import build_project

    root = _project(tmp_path)
    css = root / "styles" / "fonts" / "fonts.css"
    css.write_text(re.sub(r'"(Literata-\w+)\.woff2"\) format\("woff2"\)', r'"\1.ttf") format("truetype")',
                          css.read_text()))
    for woff2 in (root / "styles" / "fonts").glob("*.woff2"):
        woff2.unlink()
    assets = build_project(root, ("html",)).html / "assets"
    named = re.findall(r'url\("(fonts/[^"]+)"\)', (assets / "book.css").read_text())
    assert len(named) == 4 and all((assets / name).is_file() for name in named), named


@pytest.mark.parametrize("sheet, rule, message", [
    ("screen.css", '@import url("https://fonts.googleapis.com/css2?family=Lora");\n',
     "'https://fonts.googleapis.com/css2?family=Lora': the editions never load anything from elsewhere"),
    ("epub.css", "body { background: url(https://example.com/paper.png); }\n",
     "'https://example.com/paper.png': the editions never load anything from elsewhere"),
    ("print.css", 'html { background: url("paper.png"); }\n', "'paper.png': there is no such file in styles/"),
])
def test_a_stylesheet_naming_a_file_the_editions_cannot_have_stops_the_build(tmp_path, sheet, rule, message):
    """A web font @imported from Google in screen.css was loaded by every reader's browser, a
    remote picture in epub.css made an EPUB epubcheck refuses, and one in print.css crashed the
    print edition's workers (exit 3)."""
    root = _project(tmp_path)
    path = root / "styles" / sheet
    path.write_text(rule + path.read_text())
    done = _build(root, "--format", {"screen.css": "html", "epub.css": "epub", "print.css": "pdf"}[sheet])
    assert done.returncode == 2, done.stderr
    assert f"{path}:1: {message}" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_picture_of_styles_named_in_print_css_is_fine(tmp_path):
    styles = tmp_path / "styles"
    shutil.copytree(REPO / "styles", styles)
    shutil.copy(REPO / "tests/manuscripts/pandoc-features/images/square.png", styles / "paper.png")
    (styles / "print.css").write_text((styles / "print.css").read_text() + '\nhtml { background: url("paper.png"); }\n')
    (styles / "screen.css").write_text((styles / "screen.css").read_text() + "\n.map { clip-path: url(#coast); }\n")
    assert _warnings_of(styles) == []  # and no error: url(#coast) names an element of the page


def test_the_printers_cover_stylesheet_is_checked_when_it_is_used(tmp_path):
    from publish.stylesheet_check import check_stylesheets

    styles = tmp_path / "styles"
    shutil.copytree(REPO / "styles", styles)
    (styles / "cover.css").write_text((styles / "cover.css").read_text() + "\n.front { colr: red; }\n")
    with recorded_warnings() as said:
        check_stylesheets(styles, ("pdf", "cover"))
    assert any("cover.css:" in w and "`colr: red` is ignored in print" in w and "`color`" in w for w in said), said


def test_a_book_face_without_small_capitals_is_said_so(tmp_path, caplog):
    """Liberation Serif swapped in as the guide says: print.css's small capitals set from lower
    case (the series name, the imprint, 'contents') printed in lower case, in silence."""
    import logging

    from fontTools.ttLib import TTFont

    from publish.styles import check_fonts

    repo = REPO
    fonts = tmp_path / "styles" / "fonts"
    fonts.mkdir(parents=True)
    for style in ("Regular", "Italic", "Bold"):
        shutil.copy(repo / f"styles/fonts/Literata-{style}.ttf", fonts / f"Face-{style}.ttf")
    plain = TTFont(fonts / "Face-Regular.ttf")
    del plain["GSUB"]  # no OpenType substitutions: no smcp
    plain.save(fonts / "Face-Regular.ttf")
    (fonts / "fonts.css").write_text("".join(
        f'@font-face {{ font-family: "Book Serif"; font-style: {style}; font-weight: {weight}; '
        f'src: url("Face-{name}.ttf") format("truetype"); }}\n'
        for name, style, weight in (("Regular", "normal", 400), ("Italic", "italic", 400), ("Bold", "normal", 700))))
    with caplog.at_level(logging.WARNING, logger="publish"):
        check_fonts(tmp_path / "styles")
    said = [r.getMessage() for r in caplog.records]
    assert any('"Book Serif" (Face-Regular.ttf) has no small capitals (OpenType smcp)' in m for m in said), said
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="publish"):
        check_fonts(repo / "styles")  # Literata has them
    assert not caplog.records


def test_a_face_whose_licence_forbids_embedding_is_said_so_each_build(tmp_path, caplog):
    """A press's commercial face marked Restricted License embedding (OpenType fsType 2) was
    cut down and embedded in the EPUB, the web edition and the PDF in silence: stores refuse an
    ebook that embeds a font against its licence, and epubcheck does not look. Named, each build
    (also when the check comes from the cache), with what to do."""
    import logging

    from fontTools.ttLib import TTFont

    from publish.cache import Cache
    from publish.styles import check_fonts

    fonts = tmp_path / "styles" / "fonts"
    fonts.mkdir(parents=True)
    for style in ("Regular", "Italic", "Bold"):
        shutil.copy(REPO / f"styles/fonts/Literata-{style}.ttf", fonts / f"Face-{style}.ttf")
    restricted = TTFont(fonts / "Face-Italic.ttf")
    restricted["OS/2"].fsType = 0x0002
    restricted.save(fonts / "Face-Italic.ttf")
    (fonts / "fonts.css").write_text("".join(
        f'@font-face {{ font-family: "Book Serif"; font-style: {style}; font-weight: {weight}; '
        f'src: url("Face-{name}.ttf") format("truetype"); }}\n'
        for name, style, weight in (("Regular", "normal", 400), ("Italic", "italic", 400), ("Bold", "normal", 700))))
    cache = Cache(tmp_path / "cache")
    for _ in range(2):  # checked, then from the cache
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="publish"):
            check_fonts(tmp_path / "styles", cache)
        said = [r.getMessage() for r in caplog.records if "embed" in r.getMessage()]
        assert len(said) == 1 and "Face-Italic.ttf: the font says it may not be embedded at all" in said[0], said
        assert "SIL Open Font License" in said[0]


def test_selectors_older_ebook_readers_cannot_read_are_named_in_epub_css(tmp_path, caplog):
    """calibre's conversion to Kindle dropped nine rules of publish's own epub.css (`.index :is(ul,
    ol)`, `li:not(.part, .in-part)`): a reader that cannot read one selector drops the whole rule,
    so an index's sub-entries lost their indent. The shipped sheet writes them out; an editor's
    epub.css using them is warned of with its line and what to write."""
    import logging

    from publish.stylesheet_check import check_stylesheets, newer_selectors

    assert newer_selectors((REPO / "styles" / "epub.css").read_text(encoding="utf-8")) == []
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "epub.css").write_text("p { margin: 0; }\n.index :is(ul, ol) { list-style: none; }\n"
                                     "tr:has(img) > td { vertical-align: top; }\n"
                                     "li:not(.part, .in-part), tr:has(img) > th { margin: 1em; }\n")
    with caplog.at_level(logging.WARNING, logger="publish"):
        check_stylesheets(styles, ("epub",))
    said = [r.getMessage() for r in caplog.records]
    assert len(said) == 2, said
    assert said[0].startswith(f"{styles / 'epub.css'}:2:1: `.index :is(ul, ol)` uses `:is()`, which Kindle")
    assert "`.a p, .b p`" in said[0]
    assert said[1].startswith(f"{styles / 'epub.css'}:4:1: `li:not(.part, .in-part), tr:has(img) > th` uses "
                              "`:not()` of a list")


def test_a_tag_left_open_in_a_page_the_book_lacks_yet_stops_the_build(tmp_path):
    """dedication.html with an '{% if %}' never closed built without a word while the book had no
    dedication, and stopped the build only the day book.yaml was given one: every template is
    read before any edition is made, and read again when changed after a good build (the build
    remembers the templates that parsed)."""
    root = _project(tmp_path)
    assert _build(root, "--format", "epub").returncode == 0
    template = root / "styles" / "templates" / "dedication.html"
    template.write_text(template.read_text() + "{% if meta.dedication %}<p>…</p>\n", encoding="utf-8")
    assert "dedication:" not in (root / "manuscript" / "book.yaml").read_text()
    done = _build(root, "--format", "html")
    assert done.returncode == 2, done.stderr
    assert f"{template}:" in done.stderr and "template error: Unexpected end of template" in done.stderr
    assert not (root / "build" / "html").exists()


def test_a_styles_folder_holding_only_a_citation_style_says_how_to_fill_it(tmp_path):
    """The guide's `csl` example was `styles/…csl`: a styles/ folder made to hold it replaced the
    default look, and the build said "stylesheet is missing → restore it from the default styles"."""
    root = write_project(tmp_path / "book", MINIMAL_YAML, BODY)
    (root / "styles").mkdir()
    (root / "styles" / "chicago.csl").write_text("<style/>")
    done = _build(root, "--format", "html")
    assert done.returncode == 2, done.stderr
    assert "screen.css: stylesheet is missing" in done.stderr
    assert f"run `publish styles {root}` to copy in the files it lacks" in done.stderr
    assert not (root / "build" / "html").exists()


def test_a_face_swapped_for_a_ttf_is_declared_truetype_on_the_web(tmp_path):
    """The editor renames Literata's .woff2 files to a TrueType face's in fonts.css and leaves
    `format("woff2")` after them: the web edition carried that hint, which a browser may trust and
    skip the face for. The EPUB's was already put right."""
    root = _project(tmp_path)
    fonts = root / "styles" / "fonts"
    for face in ("Regular", "Italic", "Bold", "BoldItalic"):
        shutil.copy(fonts / f"Literata-{face}.ttf", fonts / f"Other-{face}.ttf")
        _edit(fonts / "fonts.css", f'url("Literata-{face}.woff2")', f'url("Other-{face}.ttf")')
    assert _build(root, "--format", "html").returncode == 0
    css = (root / "build" / "html" / "assets" / "book.css").read_text()
    assert 'url("fonts/Other-Regular.ttf") format("truetype")' in css
    assert 'format("woff2")' not in css


@pytest.mark.parametrize("font", sorted(p.name for p in (REPO / "styles" / "fonts").glob("*.*")
                                         if p.suffix in (".ttf", ".otf", ".woff2")))
def test_every_bundled_font_reads_whole(font):
    """Five glyphs added to Literata (ѵ ѳ Ѵ Ѳ and the narrow no-break space) were given no vertical
    metrics: browsers' font sanitizer (OTS) refused the web edition's fonts ("vmtx: Failed to
    parse table") and set the book in a fallback face. Every table of every face reads whole, and
    each metrics table has an entry for every glyph."""
    from fontTools.ttLib import TTFont

    face = TTFont(REPO / "styles" / "fonts" / font)
    glyphs = len(face.getGlyphOrder())
    for tag in face.keys():
        if tag != "GlyphOrder":
            face[tag]  # noqa: B018 (reading the table is the check)
    for tag in ("hmtx", "vmtx"):
        if tag in face:
            assert len(face[tag].metrics) == glyphs, (font, tag)
