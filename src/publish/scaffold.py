"""A book project begun from nothing (`publish new`), and the look copied into one to change it
(`publish styles`): what a pip install leaves no file to copy from."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from publish.errors import PublishError
from publish.metadata import LANGUAGE_TAG
from publish.project import default_styles_dir

# book.yaml of a new book: the required keys set, the common ones shown commented out.
BOOK_YAML = """\
# The book's editorial metadata: every key is in docs/guide.md, section 2.
# A line opening with # is a note, not read: take the # off a key's line to use it.
title: {title}
language: {language}
series:
  name: {series}
  number: {number}
  total: {total}
# subtitle: A Subtitle
{authors}
# publisher: Your Press
# imprint: Your Imprint
# year: 2026
# rights: © 2026 Your Press. All rights reserved.
# isbn: {{print: 978-…, epub: 978-…}}
# editions:
#   - {{number: 1, date: 2026-01-01, note: First edition}}
# dedication: For …
# epigraph: {{text: …, source: …}}
# description: |
#   The book's copy, for stores and the back cover.
# praise:
#   - {{text: What a reviewer said., source: The Reviewer}}
# about_author: |
#   A paragraph about the author.
# motto: …
# print: {{trim: 5.5x8.5in, paper: white}}
# limitation: {{copies: 40}}
files:
  - 01-chapter-one.md
"""

FIRST_CHAPTER = """\
# Chapter One

The text of the first chapter. Each chapter opens with a level-one heading, `# Title`;
a blank line parts paragraphs. Add chapters here or in files of their own, listed under
`files:` in book.yaml.
"""


@dataclass(frozen=True)
class Written:
    root: Path
    files: list[Path]


# the authors block when `--author` is not given: the form shown, to fill in
AUTHORS_EXAMPLE = """\
# authors:
#   - name: Jane Doe
#   - {name: John Roe, role: translator}"""


def new_project(root: Path, title: str, language: str, series: str, number: int, total: int,
                authors: tuple[str, ...] = ()) -> Written:
    """A book project that builds as it is: manuscript/book.yaml, a first chapter, .gitignore."""
    if root.exists() and (not root.is_dir() or any(root.iterdir())):
        raise PublishError("exists and is not an empty folder; nothing was written", file=root,
                           hint="name a new folder, e.g. `publish new my-book`")
    if not LANGUAGE_TAG.match(language):
        raise PublishError(f"'{language}' is not a BCP 47 language tag", key="--language",
                           hint="write e.g. 'en' or 'ru'")
    if not 1 <= number <= total:
        raise PublishError(f"number {number} is not within the series' {total} volumes", key="--number",
                           hint="give a number from 1 to --total")
    book_yaml = BOOK_YAML.format(title=_quoted(title, "--title"), language=language,
                                 series=_quoted(series, "--series"), number=number, total=total,
                                 authors=_authors(authors))
    manuscript = root / "manuscript"
    manuscript.mkdir(parents=True)
    files = {
        manuscript / "book.yaml": book_yaml,
        manuscript / "01-chapter-one.md": FIRST_CHAPTER,
        root / ".gitignore": "build/\n",
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    return Written(root, list(files))


def _authors(names: tuple[str, ...]) -> str:
    """book.yaml's authors from `--author` (each an author; other roles are written in by hand)."""
    if not names:
        return AUTHORS_EXAMPLE
    example = "'Jane Doe'"
    return "authors:" + "".join(f"\n  - name: {_quoted(name, '--author', example)}" for name in names)


def _quoted(text: str, option: str, example: str = "'The Long Watch'") -> str:
    """A YAML scalar for any title: a JSON string is one, quotes and colons kept."""
    if not text.strip():
        raise PublishError("is empty", key=option, hint=f"give it, e.g. {option} {example}")
    return json.dumps(" ".join(text.split()), ensure_ascii=False)


def copy_styles(root: Path) -> Written:
    """The default look copied into PROJECT/styles/ to be changed there. Files already in it are
    kept as they are: run again after an upgrade, it adds only what a later publish brought."""
    if not root.is_dir():
        raise PublishError("is not a folder", file=root, hint="give the book project's folder")
    source, target = default_styles_dir(), root / "styles"
    written = []
    for path in sorted(source.rglob("*")):
        into = target / path.relative_to(source)
        if path.is_file() and "__pycache__" not in path.parts and not into.exists():
            into.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, into)
            written.append(into)
    return Written(target, written)
