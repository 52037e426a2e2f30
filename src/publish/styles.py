"""The look in styles/: stylesheets and the font files they name."""

from __future__ import annotations

import re
from pathlib import Path

from publish.errors import PublishError

FONT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".otf": "font/otf", ".ttf": "font/ttf"}


def font_files(styles_dir: Path) -> list[Path]:
    folder = styles_dir / "fonts"
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in FONT_TYPES)


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
