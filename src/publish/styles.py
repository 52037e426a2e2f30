"""The look in styles/: stylesheets and the font files they name."""

from __future__ import annotations

import logging
import re
import struct
from pathlib import Path

from publish.cache import Cache, digest, sha256, tool_versions
from publish.errors import PublishError

log = logging.getLogger("publish")

FONT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".otf": "font/otf", ".ttf": "font/ttf"}
FONT_CHECKED = "font-checked"  # cache kind: a font file that loaded, and the characters it has
FONT_FEATURES = "font-smcp"  # cache kind: whether a font file has small capitals
# The @font-face rules in styles/fonts/: the book's faces (every edition), the code face (print).
FONT_SHEETS = ("fonts.css", "mono.css")


def font_files(styles_dir: Path) -> list[Path]:
    """The font files that fonts.css names (a .woff2, or a .ttf or .otf when the face came so):
    the web edition carries them. Every folder's .woff2 was carried, and a face given as .ttf
    alone was named in book.css but not carried (the browser fell back on Georgia)."""
    path = styles_dir / "fonts" / "fonts.css"
    if not path.is_file():
        return []
    css = re.sub(r"/\*.*?\*/", "", read_sheet(path), flags=re.S)
    named = {(path.parent / m.group(2)).resolve() for m in _FONT_URL.finditer(css)}
    return sorted(p for p in named if p.is_file() and p.suffix in FONT_TYPES)


def font_css(styles_dir: Path, prefix: str, sheet: str = "fonts.css") -> str:
    """styles/fonts/fonts.css (or `sheet`) with its url()s pointing into `prefix` (where the
    fonts are copied)."""
    path = styles_dir / "fonts" / sheet
    if not path.is_file():
        return ""
    css = re.sub(r"url\(([\"']?)", rf"url(\g<1>{prefix}", read_sheet(path))
    return _FORMAT_HINT.sub(_true_format, css)


# A url() and the format() after it: an editor who names a .ttf in place of Literata's .woff2
# keeps 'format("woff2")', which a reader's browser may trust and skip the face for.
_FORMAT_HINT = re.compile(r"(url\(([\"']?)([^\"')]+)\2\))\s*format\([^)]*\)")
_FORMATS = {".ttf": "truetype", ".otf": "opentype", ".woff": "woff", ".woff2": "woff2"}


def _true_format(match: re.Match) -> str:
    kind = _FORMATS.get(Path(match[3]).suffix.lower())
    return f'{match[1]} format("{kind}")' if kind else match[0]


_FONT_URL = re.compile(r"url\(([\"']?)([^\"')]+)\1\)")
# Tables every font needs to set text; reading them proves the file is a font, not just its name.
_CORE_TABLES = ("head", "hhea", "maxp", "cmap", "name")


def check_fonts(styles_dir: Path, cache: Cache | None = None) -> set[int]:
    """Every font fonts.css and mono.css name (and the .ttf the PDF takes in its place) exists
    inside styles/fonts/ and loads: a broken face would otherwise be swapped silently for another.
    A file that loaded once is remembered in `cache` by its contents, with its characters (its
    cmap): those of fonts.css's faces are returned (none without fonts.css)."""
    covered: set[int] = set()
    for sheet in FONT_SHEETS:
        css_path = styles_dir / "fonts" / sheet
        if css_path.is_file():
            found = _check_sheet(css_path, cache or Cache(None))
            covered |= found if sheet == "fonts.css" else set()
    fonts_css = styles_dir / "fonts" / "fonts.css"
    if fonts_css.is_file():
        _warn_missing_styles(fonts_css, cache)
    elif (styles_dir / "print.css").is_file() and BOOK_FAMILY in read_sheet(styles_dir / "print.css"):
        log.warning("%s is missing, and with it the faces of \"%s\" that print.css sets the text in: every "
                    "edition is set in a font of this computer (or of the reader's); restore styles/fonts/ from "
                    "the default styles", fonts_css, BOOK_FAMILY)
    return covered


def code_face_chars(styles_dir: Path, cache: Cache | None = None) -> set[int]:
    """The characters of mono.css's faces, the print edition's code (none without mono.css;
    check_fonts has checked its files)."""
    css_path = styles_dir / "fonts" / "mono.css"
    return _check_sheet(css_path, cache or Cache(None)) if css_path.is_file() else set()


_FONT_FACE = re.compile(r"@font-face\s*\{([^}]*)\}", re.I)
_DESCRIPTOR = re.compile(r"(font-family|font-style|font-weight)\s*:\s*([^;]+)", re.I)
BOOK_FAMILY = "Book Serif"


def _warn_missing_styles(css_path: Path, cache: Cache | None = None) -> None:
    """The book face without an italic or a bold: every edition makes one up, the roman slanted
    or smeared (print.css sets running heads in italic and the title in bold), and nothing said so;
    or without small capitals, which print.css sets from lower case (a series name, 'contents')."""
    faces = []
    for block in _FONT_FACE.findall(re.sub(r"/\*.*?\*/", "", read_sheet(css_path), flags=re.S)):
        said = {name.lower(): value.strip().strip("\"'").lower() for name, value in _DESCRIPTOR.findall(block)}
        if said.get("font-family") == BOOK_FAMILY.lower():
            url = _FONT_URL.search(block)
            faces.append((said.get("font-style", "normal"), _weight(said.get("font-weight", "400")),
                          url.group(2) if url else ""))
    if not faces:
        return
    roman = next((url for style, weight, url in faces if style == "normal" and weight < 600 and url), "")
    if roman and not _has_small_caps((css_path.parent / roman).resolve(), cache or Cache(None)):
        log.warning("%s: \"%s\" (%s) has no small capitals (OpenType smcp): what print.css sets in small "
                    "capitals from lower case (the series name, the imprint, the contents' heading, parts in "
                    "the contents) prints in lower case, 'secret intelligence service'; choose a face that has "
                    "them, or take 'text-transform: lowercase' out of those rules in print.css",
                    css_path, BOOK_FAMILY, roman)
    lacking = [what for what, present in (
        ("italic (font-style: italic), so every edition slants the roman for italics (a false italic)",
         any(style in ("italic", "oblique") for style, _, _ in faces)),
        ("bold (font-weight: 700), so every edition thickens the roman for bold (a false bold)",
         any(weight >= 600 for _, weight, _ in faces)),
    ) if not present]
    for what in lacking:
        log.warning("%s: \"%s\" has no %s; add the face's file to styles/fonts/ with its @font-face rule, "
                    "or choose a face that has one", css_path, BOOK_FAMILY, what)


def _has_small_caps(path: Path, cache: Cache) -> bool:
    """Whether the font file (its .ttf twin, quicker to read) has the smcp feature; True when it
    cannot be read, which the font check says itself."""
    from fontTools.ttLib import TTFont

    twin = path.with_suffix(".ttf")
    path = twin if path.suffix == ".woff2" and twin.is_file() else path
    if not path.is_file():
        return True
    key = digest("smcp", tool_versions()["fonttools"], sha256(path.read_bytes()))
    found = cache.get_json(FONT_FEATURES, key)
    if isinstance(found, bool):
        return found
    try:
        gsub = TTFont(path, lazy=True).get("GSUB")
        has = gsub is not None and any(r.FeatureTag == "smcp" for r in gsub.table.FeatureList.FeatureRecord)
    except Exception:  # a damaged file: the font check names it
        return True
    cache.put_json(FONT_FEATURES, key, has)
    return has


def _weight(value: str) -> int:
    """The heaviest weight a face declares: `bold`, `700`, or a variable face's range, `300 800`."""
    named = {"normal": 400, "bold": 700}
    return max([named.get(word, int(word) if word.isdigit() else 400) for word in value.split()] or [400])


def _check_sheet(css_path: Path, cache: Cache) -> set[int]:
    covered: set[int] = set()
    folder = css_path.parent.resolve()
    css = read_sheet(css_path)
    for n, line in enumerate(css.split("\n"), 1):
        for match in _FONT_URL.finditer(line):
            path = (folder / match.group(2)).resolve()
            if not path.is_relative_to(folder):
                raise PublishError(f"font '{match.group(2)}' lies outside styles/fonts/", file=css_path, line=n,
                                   hint="copy the font file into styles/fonts/ and name it there")
            if not path.is_file():
                raise PublishError(f"font file '{match.group(2)}' does not exist", file=css_path, line=n,
                                   hint="add the file to styles/fonts/ or correct the url() in fonts.css")
            twin = path.with_suffix(".ttf")
            for font in (path, twin) if path.suffix == ".woff2" and twin.is_file() else (path,):
                covered |= _check_font(font, cache)
    return covered


def _check_font(path: Path, cache: Cache) -> set[int]:
    from fontTools.ttLib import TTFont, TTLibError

    data = path.read_bytes()
    key = digest(path.suffix, tool_versions()["fonttools"], sha256(data))
    found = cache.get_json(FONT_CHECKED, key)
    if isinstance(found, dict):
        _warn_embedding(path, found["fs_type"])
        return set(found["chars"])
    try:
        declared = struct.unpack(">I", data[8:12])[0] if data[:4] in (b"wOFF", b"wOF2") else len(data)
        if declared != len(data):
            raise TTLibError(f"it holds {len(data):,} bytes where its header says {declared:,}")
        font = TTFont(path, lazy=True)  # WOFF2: decompresses the whole file, so a cut one fails here
        if path.suffix != ".woff2":  # (rebuilding WOFF2 glyphs costs a second; decompressing proved enough)
            for tag in font.reader.keys():
                font.reader[tag]  # raises when a table runs past the end of a truncated file
        for tag in _CORE_TABLES:
            font[tag]
        chars = set(font.getBestCmap() or {})
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    except Exception as exc:  # fontTools raises many types for a damaged file
        raise PublishError(
            f"font file cannot be loaded: {exc}", file=path,
            hint="the file is damaged or not a font: copy it again from the font's release "
                 "(or restore the default fonts), then build again",
        ) from None
    cache.put_json(FONT_CHECKED, key, {"chars": sorted(chars), "fs_type": fs_type})
    _warn_embedding(path, fs_type)
    return chars


# The font's own word on embedding (OpenType OS/2 fsType): every edition embeds its faces cut
# down to the book's characters, which a face marked so forbids; stores take no font whose
# licence does not allow embedding, and no checker looks.
_NO_EMBEDDING = {0x0002: "may not be embedded at all (Restricted License embedding)",
                 0x0100: "may not be cut down to the characters a book uses (No subsetting)",
                 0x0200: "may be embedded only as bitmaps (Bitmap embedding only)"}


def _warn_embedding(path: Path, fs_type: int) -> None:
    said = [why for bit, why in _NO_EMBEDDING.items() if fs_type & bit]
    if said:
        log.warning("%s: the font says it %s, and every edition embeds it cut down to the book's characters: "
                    "stores refuse an ebook that embeds a font against its licence; use a face whose licence "
                    "allows embedding (SIL Open Font License), or have its foundry's licence for ebooks and PDFs",
                    path, " and ".join(said))


def read_sheet(path: Path) -> str:
    """A stylesheet's text, or a PublishError naming the line where it stops being UTF-8 (a sheet
    saved as Latin-1 or Windows-1252 by an older editor was an internal error)."""
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PublishError(f"not valid UTF-8 (byte {raw[exc.start]:#x})", file=path,
                           line=raw[:exc.start].count(b"\n") + 1, hint="save the stylesheet as UTF-8") from None


def stylesheet(styles_dir: Path, name: str) -> str:
    path = styles_dir / name
    if not path.is_file():
        raise PublishError(
            "stylesheet is missing", file=path,
            hint=f"a project's styles/ folder replaces the default look whole: run "
                 f"`publish styles {styles_dir.parent}` to copy in the files it lacks (yours stay as they are)")
    return read_sheet(path)


def print_font_css(styles_dir: Path, sheet: str = "fonts.css") -> str:
    """fonts.css (or `sheet`) for WeasyPrint: absolute file URLs, TrueType where a .ttf sits
    beside the .woff2 (WeasyPrint unpacks WOFF2 in pure Python, which costs about a second per face)."""
    return unpacked_font_css(styles_dir, None, sheet)


def unpacked_font_css(styles_dir: Path, prefix: str | None, sheet: str = "fonts.css") -> str:
    """fonts.css naming the .ttf beside each .woff2 where there is one (the same face, unpacked),
    its url()s under `prefix`, or absolute file URLs when `prefix` is None."""
    folder = (styles_dir / "fonts").resolve()

    def repl(match: re.Match) -> str:
        name = match.group(2)
        if name.endswith(".woff2") and (folder / name).with_suffix(".ttf").is_file():
            name = name.removesuffix(".woff2") + ".ttf"
        suffix = Path(name).suffix
        kind = "truetype" if suffix == ".ttf" else "opentype" if suffix == ".otf" else suffix.lstrip(".")
        url = (folder / name).as_uri() if prefix is None else prefix + name
        return f'url("{url}") format("{kind}")'

    css = font_css(styles_dir, "", sheet)
    return re.sub(r"url\(([\"']?)([^\"')]+)\1\)(?:\s*format\([^)]*\))?", repl, css)
