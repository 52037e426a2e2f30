"""The print edition's parts each embed a subset of a face; assembled, they share one font
holding every glyph of them all. The merged font must draw exactly what the subsets drew."""

import io
import shutil
import zipfile

import ots
import pikepdf
import pypdf
import pypdfium2 as pdfium
import pytest
import weasyprint
from fontTools.ttLib import TTFont

import conftest
from conftest import MINIMAL_YAML, REPO, build_project, recorded_warnings, write_project
from publish.cache import Cache
from publish.editions import pdf_fonts, pdf_parts
from publish.print_glyphs import _system_chars

FACE = f"""@font-face {{ font-family: T; src: url({(REPO / 'styles/fonts/Literata-Regular.ttf').as_uri()}); }}
@font-face {{ font-family: T; font-style: italic; src: url({(REPO / 'styles/fonts/Literata-Italic.ttf').as_uri()}); }}
@page {{ size: 12cm 8cm; margin: 1cm }} body {{ font: 14pt/1.4 T }}"""
TEXTS = [
    "<p>Moscow, 9 August 1945: «the Kwantung Army» — <i>fi, ffl</i> 1941–1942 ½</p>",
    "<p>Ёлка, щёки, Жуков — <i>Разведупр</i> № 731; Tokyo Bay &amp; Potsdam?</p>",
    "<p>Quiz: jumpy zebras vex ǅ ŋ ø þ, œuvre… <i>Quixotic WXYZ</i> 0123456789</p>",
]


@pytest.fixture(scope="module")
def parts() -> list[bytes]:
    return [weasyprint.HTML(string=f"<html lang=en><style>{FACE}</style>{t}</html>").write_pdf() for t in TEXTS]


def font_files(pdf: pikepdf.Pdf) -> dict[str, list[bytes]]:
    found: dict[str, list[bytes]] = {}
    for obj in pdf.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor" and "/FontFile2" in obj:
            found.setdefault(str(obj.FontName).partition("+")[2], []).append(obj.FontFile2.read_bytes())
    return found


def assembled(parts: list[bytes]) -> pikepdf.Pdf:
    book = pikepdf.new()
    for data in parts:
        book.pages.extend(pikepdf.open(io.BytesIO(data)).pages)
    return book


def pictures(pdf: pikepdf.Pdf) -> list[bytes]:
    out = io.BytesIO()
    pdf.save(out)
    doc = pdfium.PdfDocument(out.getvalue())
    return [page.render(scale=2).to_pil().tobytes() for page in doc]


def sanitised(font: bytes, tmp_path) -> bool:
    path = tmp_path / "font.ttf"
    path.write_bytes(font)
    return ots.sanitize(str(path), str(tmp_path / "clean.ttf"), capture_output=True).returncode == 0


def test_merged_font_holds_every_glyph_of_every_subset(parts, tmp_path):
    subsets = font_files(assembled(parts))
    assert set(subsets) == {"T", "T-Italic"}
    for face, fonts in subsets.items():
        assert len(fonts) == 3 and len(set(fonts)) == 3
        merged = pdf_fonts._merge(fonts)
        assert merged is not None
        union = TTFont(io.BytesIO(merged))
        union.ensureDecompiled()  # every table parses
        order = union.getGlyphOrder()
        drawn = 0
        for subset in map(lambda data: TTFont(io.BytesIO(data)), fonts):
            for gid, name in enumerate(subset.getGlyphOrder()):
                glyph = subset["glyf"][name]
                if glyph.numberOfContours == 0:
                    continue
                drawn += 1
                mine = union["glyf"][order[gid]]
                assert mine.numberOfContours == glyph.numberOfContours, (face, gid)
                if glyph.numberOfContours > 0:
                    assert list(mine.coordinates) == list(glyph.coordinates), (face, gid)
                else:  # a composite: the same parts, by glyph id
                    assert mine.getComponentNames(union["glyf"]) == [
                        order[subset.getGlyphID(c)] for c in glyph.getComponentNames(subset["glyf"])]
                assert union["hmtx"][order[gid]] == subset["hmtx"][name], (face, gid)
        assert drawn > 20
        assert all(sanitised(f, tmp_path) for f in fonts) and sanitised(merged, tmp_path), face


def test_shared_fonts_draw_the_pages_as_before(parts):
    pdf_parts.configure(cache=Cache(None))
    book = assembled(parts)
    before = pictures(book)
    pdf_fonts.share_fonts(book)
    assert {face: len(set(fonts)) for face, fonts in font_files(book).items()} == {
        "T": 1, "T-Italic": 1}
    assert pictures(book) == before


def test_a_space_is_not_drawn_with_a_glyph_another_subset_put_at_its_id():
    """WeasyPrint keeps glyph ids up to the last glyph a part draws and puts a composite's part
    drawn by no character after it: "PREMIÈRE"'s grave.case took the id of the no-break space,
    the last glyph of a part that sets "Jules Senard" and "12 avril". Merged, every no-break
    space of Madame Bovary printed a grave accent (`Jules`Senard`, `études`:`). Such subsets
    stay apart; the others still share one font."""
    pdf_parts.configure(cache=Cache(None))
    texts = [*TEXTS, "<p>PREMIÈRE PARTIE</p>",
             "<p>Jules\u00a0Senard, 12\u00a0avril, études\u202f: «\u202fami\u202f»</p>"]
    book = assembled([weasyprint.HTML(string=f"<html lang=fr><style>{FACE}</style>{t}</html>").write_pdf()
                      for t in texts])
    before = pictures(book)
    pdf_fonts.share_fonts(book)
    assert pictures(book) == before
    programs = font_files(book)
    assert 1 < len(set(programs["T"])) < len(texts) and len(set(programs["T-Italic"])) == 1


def test_subsets_of_different_fonts_under_one_name_are_not_merged(parts):
    regular, italic = (font_files(assembled(parts))[face][0] for face in ("T", "T-Italic"))
    assert pdf_fonts._merge([regular, italic]) is None


def test_subsets_that_cannot_be_merged_get_tags_of_their_own(parts, tmp_path):
    """Leaves of Grass's 41 subsets of Book Serif, whose glyph ids disagree, stayed 41 fonts all
    named "ZUFEMT+Book-Serif": ISO 32000 asks different subsets in one file to have different
    tags, and a printer's RIP may take one for another. Each program now has a tag of its own,
    and the copies of one program are one; the subsets that agree are merged still."""
    import subprocess

    pdf_parts.configure(cache=Cache(None))
    book = assembled(parts + parts[:1])  # the first part twice: its subsets' copies are one program, one name
    # The italic's subsets named as the roman's: one face's name over programs that cannot merge.
    for obj in book.objects:
        if isinstance(obj, pikepdf.Dictionary):
            for key in ("/FontName", "/BaseFont"):
                if key in obj and str(obj[key]).endswith("+T-Italic"):
                    obj[key] = pikepdf.Name(str(obj[key]).replace("+T-Italic", "+T"))
    before = pictures(book)
    pdf_fonts.share_fonts(book)
    by_name: dict[str, set[tuple[int, int]]] = {}
    for obj in book.objects:
        if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
            by_name.setdefault(str(obj.FontName), set()).add(obj.FontFile2.objgen)
    # The roman's three subsets merge into one program, the italic's into another: two names.
    assert len(by_name) == 2 and all(len(programs) == 1 for programs in by_name.values())
    assert pictures(book) == before
    book.save(tmp_path / "book.pdf")
    listed = subprocess.run(["pdffonts", str(tmp_path / "book.pdf")], capture_output=True, text=True).stdout
    names = [line.split()[0] for line in listed.splitlines()[2:]]
    assert len(set(names)) == 2 and all(name[6] == "+" and name.endswith("+T") for name in names)


MISSING_GLYPHS = {
    "a.md": ("# One\n\nThe cook said «Щи да каша — пища наша», and wrote 魚 on the board.[^1]\n\n"
             "<!-- 鳥: a comment, never printed -->\n\nA carp ![鯉](square.png) in its pond.\n\n"
             "[^1]: In a note, 测 and 魚 again.\n\n# Two\n\nCafé, naïve, 1941–1945.\n"),
}


def test_characters_no_font_has_are_named_with_their_first_place(tmp_path, caplog):
    # The fonts in styles/fonts/ have no CJK: 魚 and 测 print as boxes (.notdef), WeasyPrint
    # only logs it. 鳥 in a comment and 鯉 as alt text are never printed; the rest the fonts have.
    if _system_chars({"魚", "测"}):
        pytest.skip("a font on this computer has CJK: WeasyPrint draws it")
    root = write_project(tmp_path, MINIMAL_YAML, MISSING_GLYPHS)
    shutil.copy(REPO / "tests/manuscripts/pandoc-features/images/square.png", root / "manuscript")
    with recorded_warnings() as warnings:
        built = build_project(root, ("pdf",))
    text = "".join(page.extract_text() for page in pypdf.PdfReader(built.pdf).pages)
    assert "Café, naïve" in text  # the book was printed
    hint = (", neither in styles/fonts/ nor on this computer: the PDF shows a box in its place; add a font that "
            "has it to styles/fonts/ (fonts.css) and to the font-family of print.css, or leave it out")
    assert [w.split("manuscript/", 1)[-1] for w in warnings if "no font has" in w] == [
        "a.md:3: no font has 魚 (U+9B5A)" + hint,
        "a.md:9: no font has 测 (U+6D4B)" + hint,
    ]
    assert not [r for r in caplog.records if ".notdef" in r.getMessage()]  # WeasyPrint's word, each time drawn
    (root / "manuscript" / "a.md").write_text(MISSING_GLYPHS["a.md"].replace("1941", "1942"), encoding="utf-8")
    with recorded_warnings() as again:  # the fonts' characters now from the cache
        build_project(root, ("pdf",))
    assert [w for w in again if "no font has" in w] == [w for w in warnings if "no font has" in w]


def test_a_face_without_italics_or_cyrillic_is_said_so(tmp_path):
    """An editor's face with a roman and a bold, in Latin only: the print edition slanted the
    roman for every italic and set the Cyrillic in DejaVu Serif from this computer, in silence."""
    from publish.fontsubset import subset_font

    if not _system_chars({"Щ"}):
        pytest.skip("no font on this computer has Cyrillic: the characters are boxes, named otherwise")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nThe *cook* said «Щи да каша».\n"})
    fonts = root / "styles" / "fonts"
    fonts.mkdir(parents=True)
    for style in ("Regular", "Bold"):  # Basic Latin and Latin-1 only
        latin = subset_font((REPO / f"styles/fonts/Literata-{style}.ttf").read_bytes(), "aé", flavor=None)
        (fonts / f"Latin-{style}.ttf").write_bytes(latin)
    (fonts / "fonts.css").write_text("".join(
        f'@font-face {{ font-family: "Book Serif"; font-weight: {weight}; src: url("Latin-{style}.ttf"); }}\n'
        for style, weight in (("Regular", 400), ("Bold", 700))))
    for sheet in ("print.css", "epub.css", "screen.css", "cover.css"):
        shutil.copy(REPO / "styles" / sheet, root / "styles")
    shutil.copytree(REPO / "styles" / "templates", root / "styles" / "templates")
    with recorded_warnings() as warnings:
        build_project(root, ("pdf",))
    said = "\n".join(warnings)
    assert f'{fonts / "fonts.css"}: "Book Serif" has no italic (font-style: italic), so every edition slants' in said
    assert "has no bold" not in said
    assert "a.md:3: no font in styles/fonts/ has Щ (U+0429), а (U+0430)" in said
    assert "the PDF takes them from a font of this computer" in said


def test_each_script_a_font_of_this_computer_draws_is_named(tmp_path):
    """A book quoting Hebrew, then Arabic, then a pointing hand: the warning named the Hebrew
    letters' place alone, the Arabic and ☞ among "and 40 more", all set in DejaVu Sans. Each
    script is named at its own first place."""
    if len(_system_chars({"א", "ك", "☞"})) < 3:
        pytest.skip("no font on this computer has Hebrew, Arabic and ☞: they are boxes, named otherwise")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": """\
        # One

        Peace, [שָׁלוֹם עֲלֵיכֶם]{lang=he}, they said.

        The book, [كتاب الأغاني]{lang=ar}, in twenty volumes.

        ☞ See the note.
        """})
    with recorded_warnings() as warnings:
        build_project(root, ("pdf",))
    said = [w.split("manuscript/", 1)[-1] for w in warnings if "from a font of this computer" in w]
    assert [(w.split(": ")[0], letter in w) for w, letter in zip(said, "וك☞", strict=False)] == [
        ("a.md:3", True), ("a.md:5", True), ("a.md:7", True)], said
    assert "the PDF takes it from a font of this computer" in said[2] and "prints a box;" in said[2]  # ☞ alone


def test_a_variable_face_with_a_range_of_weights_has_its_bold(tmp_path):
    from publish.styles import _warn_missing_styles

    css = tmp_path / "fonts.css"
    css.write_text("".join(
        f'@font-face {{ font-family: "Book Serif"; font-style: {style}; font-weight: 300 800; '
        f'src: url("Face-{style}.woff2"); }}\n' for style in ("normal", "italic")))
    with recorded_warnings() as warnings:
        _warn_missing_styles(css)
    assert warnings == []


def test_long_dashes_the_fonts_lack_are_drawn_with_em_dashes_in_every_edition(tmp_path):
    """Literata has no two- or three-em dash: "Mr. ⸻" (Standard Ebooks' name left out) printed a box."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nMr. ⸻ of ⸺shire wrote.\n"})
    with recorded_warnings() as warnings:
        built = build_project(root)
    text = "".join(page.extract_text() for page in pypdf.PdfReader(built.pdf).pages)
    assert "Mr. ——— of ——shire wrote." in text.replace("\u00a0", " ")
    assert not [w for w in warnings if "no font has" in w]
    with zipfile.ZipFile(built.epub) as z:
        chapter = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert "———" in chapter and "⸻" not in chapter and "⸺" not in chapter


def test_a_russian_books_thin_spaces_and_old_letters_are_in_the_book_face(tmp_path):
    """Russian thousands ("10 000", a narrow no-break space) and a pre-reform text's fita and
    izhitsa ("Ѳеодоръ", "мѵро") were set in DejaVu Sans from this computer: Literata lacks
    U+202F, ѳ and ѵ. The book face draws them (the thin space, the barred О, the V), each a glyph
    of its own: drawn with the V's own glyph, a page with a French "vous" before "мѵро" was copied
    and searched as "мvро" (a PDF maps each glyph back to one character)."""
    yaml = MINIMAL_YAML.replace("language: en", "language: ru")
    text = "В 1812 году 10 000 человек, Өмір, *vous* и Vichy; Ѳеодоръ и мѵро, *Ѵ ѵ ѳ* и **мѵро**.\n"
    root = write_project(tmp_path, yaml, {"a.md": f"# Глава\n\n{text}"})
    for flavour in ("ttf", "woff2"):
        for style in ("Regular", "Italic", "Bold", "BoldItalic"):
            cmap = TTFont(REPO / f"styles/fonts/Literata-{style}.{flavour}").getBestCmap()
            assert {0x202F, 0x0472, 0x0473, 0x0474, 0x0475} <= set(cmap), (style, flavour)
    with recorded_warnings() as warnings:
        built = build_project(root, ("pdf",))
    assert not [w for w in warnings if "no font" in w]
    assert {name for name, _ in conftest.pdf_fonts(built.pdf)} <= {"Book-Serif", "Book-Serif-Bold", "Book-Serif-Italic"}
    text = "".join(page.extract_text() for page in pypdf.PdfReader(built.pdf).pages)
    text = text.replace("\u2010\n", "").replace("\u00a0", " ")
    assert "Ѳеодоръ" in text and text.count("мѵро") == 2 and "Ѵ ѵ ѳ" in text  # copied as typed, not as Ө and v
    assert "Өмір" in text and "vous" in text and "Vichy" in text
