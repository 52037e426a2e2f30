"""The default book: every body word of the seed survives into all three editions."""

import re

import pytest
import yaml

from conftest import REPO
from seed_words import require_seed, seed_body_words, words
from textcompare import differences, epub_words, html_words, pdf_words


@pytest.fixture(scope="module")
def extra_words() -> set[str]:
    """Words an edition may add around the body: headings, running heads, the book's title."""
    manuscript = REPO / "manuscript"
    meta = yaml.safe_load((manuscript / "book.yaml").read_text(encoding="utf-8"))
    text = [meta["title"], meta.get("subtitle") or ""]
    for md in manuscript.glob("*.md"):
        text += [m for m in re.findall(r"^#+\s+(.*)$", md.read_text(encoding="utf-8"), re.M)]
    return set(words(" ".join(text)))


@pytest.mark.parametrize("edition", ["pdf", "epub", "html"])
def test_every_body_word_survives(seed_book, extra_words, edition):
    require_seed()
    extract = {"pdf": lambda: pdf_words(seed_book.pdf), "epub": lambda: epub_words(seed_book.epub),
               "html": lambda: html_words(seed_book.html)}[edition]
    problems = differences(seed_body_words(), extract(), extra_words)
    assert problems == [], "\n".join(problems[:20])


def test_the_comparison_catches_lost_and_changed_words():
    seed = [f"w{n}" for n in range(30)]
    heading = {"chapter", "title"}
    assert differences(seed, seed[:15] + ["chapter", "title", "12"] + seed[15:], heading) == []
    assert differences(seed, seed[:15] + ["w1", "5"] + seed[16:], heading) == []  # hyphenated
    assert differences(seed, seed[:15] + seed[16:], heading)  # a lost word
    assert differences(seed, seed[:15] + ["sax"] + seed[16:], heading)  # a changed word
    assert differences(seed, seed[:15] + ["mid"] + seed[15:], heading)  # an added body word
