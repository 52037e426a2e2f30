"""The look in styles/: stylesheets and the font files they name."""

from __future__ import annotations

import re
from pathlib import Path

from publish.errors import PublishError

FONT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".otf": "font/otf", ".ttf": "font/ttf"}
WEB_FONTS = (".woff2", ".woff")


def font_files(styles_dir: Path, suffixes: tuple[str, ...] = WEB_FONTS) -> list[Path]:
    """The font files that fonts.css names, in the formats an ebook or browser wants."""
    folder = styles_dir / "fonts"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in suffixes)


def font_css(styles_dir: Path, prefix: str) -> str:
    """styles/fonts/fonts.css with its url()s pointing into `prefix` (where the fonts are copied)."""
    path = styles_dir / "fonts" / "fonts.css"
    if not path.is_file():
        return ""
    return re.sub(r"url\(([\"']?)", rf"url(\g<1>{prefix}", path.read_text(encoding="utf-8"))


def stylesheet(styles_dir: Path, name: str) -> str:
    path = styles_dir / name
    if not path.is_file():
        raise PublishError("stylesheet is missing", file=path, hint="restore it from the default styles")
    return path.read_text(encoding="utf-8")


def print_font_css(styles_dir: Path) -> str:
    """fonts.css for WeasyPrint, with absolute file URLs and TrueType where a .ttf sits beside
    the .woff2: WeasyPrint unpacks WOFF2 in pure Python, which costs about a second per face."""
    folder = (styles_dir / "fonts").resolve()

    def repl(match: re.Match) -> str:
        name = match.group(2)
        ttf = (folder / name).with_suffix(".ttf")
        path = ttf if name.endswith(".woff2") and ttf.is_file() else folder / name
        kind = "truetype" if path.suffix == ".ttf" else path.suffix.lstrip(".")
        return f'url("{path.as_uri()}") format("{kind}")'

    css = font_css(styles_dir, "")
    return re.sub(r"url\(([\"']?)([^\"')]+)\1\)(?:\s*format\([^)]*\))?", repl, css)
