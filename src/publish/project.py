"""Where a book project keeps its parts, and which editions it can build. Light on imports:
the no-op check (`publish.manifest`) reads it before anything heavy is loaded."""

from __future__ import annotations

import posixpath
from pathlib import Path

from publish.errors import PublishError

FORMATS = ("pdf", "epub", "html")  # the PDF first: the EPUB reads its pages
CACHE_DIR = ".cache"  # inside the project's build/ folder


def parse_formats(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise PublishError(
            f"unknown format {', '.join(unknown) or '(none)'}", key="--format",
            hint=f"choose from {', '.join(FORMATS)}, separated by commas",
        )
    return wanted


def manuscript_dir(project: Path) -> Path:
    """manuscript/, or the project folder itself when the Markdown lies there."""
    return project / "manuscript" if (project / "manuscript").is_dir() else project


def styles_dir(project: Path) -> Path:
    """The project's styles/, else the look shipped with publish."""
    return project / "styles" if (project / "styles").is_dir() else default_styles_dir()


def default_styles_dir() -> Path:
    """The look shipped with publish: in the wheel, or in the source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "default_styles", here.parents[1] / "styles"):
        if candidate.is_dir():
            return candidate
    raise PublishError("the default styles are missing from this installation", hint="reinstall publish")


def resolved(path: Path) -> Path:
    """The file a project's path names, its links followed; a link in a loop (a.md → a.md) is a
    PublishError naming it (Path.resolve raises RuntimeError, an internal error where it was met)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise PublishError("this link leads round in a loop of links", file=path,
                           hint="remove the link, or make it lead to a file") from None


def named_otherwise(root: Path, target: str) -> str:
    """The file `target` names with its capitals otherwise ('images/Map.PNG' for 'images/map.png',
    which a Windows or Mac disk finds and this one does not), relative to `root`; "" when none."""
    folder, parts = root, []
    for part in Path(posixpath.normpath(target)).parts:
        if part in (".", ".."):
            return ""
        if (folder / part).exists():
            found = part
        else:
            try:
                found = next((p.name for p in folder.iterdir() if p.name.lower() == part.lower()), "")
            except OSError:
                return ""
            if not found:
                return ""
        folder, parts = folder / found, [*parts, found]
    return "/".join(parts) if folder.is_file() else ""
