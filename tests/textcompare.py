"""Compare the seed's body words with an edition's text, allowing only what an edition adds.

An edition may add words (chapter headings, running heads, folios, note marks) and split
words across lines (hyphenation), but it must not lose, change or reorder a body word.
"""

from __future__ import annotations

import difflib
import re
import zipfile

import lxml.html
from lxml import etree

from publish.numbering import from_roman
from seed_words import words


def differences(seed: list[str], edition: list[str], extra: set[str]) -> list[str]:
    """What the edition lost or changed, as readable snippets; [] when every word survived."""
    edition = _trim(seed, edition)
    problems = []
    matcher = difflib.SequenceMatcher(a=seed, b=edition, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        lost, added = seed[a1:a2], edition[b1:b2]
        if op == "equal" or (op == "insert" and all(_allowed(w, extra) for w in added)):
            continue
        if op == "replace" and _same_letters(lost, added, extra):
            continue
        problems.append(f"{op}: seed {' '.join(lost)!r} → edition {' '.join(added)!r} "
                        f"(after {' '.join(seed[max(0, a1 - 6):a1])!r})")
    return problems


def _allowed(word: str, extra: set[str]) -> bool:
    return word in extra or word.isdigit() or _is_roman(word)


def _is_roman(word: str) -> bool:
    """A folio in lower-case roman; strict, so that "mid" or "dim" are not numerals."""
    try:
        return from_roman(word) < 100
    except ValueError:
        return False


def _same_letters(lost: list[str], added: list[str], extra: set[str]) -> bool:
    """A word split by a line-end hyphen, perhaps with a running head or folio in between."""
    target = "".join(lost)
    return "".join(added) == target or "".join(w for w in added if not _allowed(w, extra)) == target


def _trim(seed: list[str], edition: list[str], run: int = 8) -> list[str]:
    """The edition's words from where the body starts to where it ends."""
    joined = " ".join(edition)
    start = joined.find(" ".join(seed[:run]))
    end = joined.rfind(" ".join(seed[-run:]))
    assert start >= 0, f"the body's first words {seed[:run]} are not in the edition"
    assert end >= 0, f"the body's last words {seed[-run:]} are not in the edition"
    return joined[start: end + len(" ".join(seed[-run:]))].split()


def pdf_words(path) -> list[str]:
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    # A line-end hyphen from hyphenation: glue the halves (the comparison splits on hyphens).
    text = re.sub(r"[-\u2010\u00ad]\s*\n\s*", "-", text)
    return words(text)


def epub_words(path) -> list[str]:
    with zipfile.ZipFile(path) as z:
        opf_path = etree.fromstring(z.read("META-INF/container.xml")).xpath(
            "//*[local-name()='rootfile']/@full-path")[0]
        opf = etree.fromstring(z.read(opf_path))
        folder = opf_path.rsplit("/", 1)[0] + "/" if "/" in opf_path else ""
        items = {i.get("id"): i.get("href") for i in opf.xpath("//*[local-name()='item']")}
        texts = []
        for ref in opf.xpath("//*[local-name()='itemref']/@idref"):
            doc = etree.fromstring(z.read(folder + items[ref]))
            body = doc.xpath("//*[local-name()='body']")[0]
            texts.append(" ".join(body.itertext()))
    return words("\n".join(texts))


def html_words(folder) -> list[str]:
    """The <main> text of every page, following the site's "next" links from index.html."""
    texts, page, seen = [], "index.html", set()
    while page and page not in seen:
        seen.add(page)
        doc = lxml.html.parse(str(folder / page)).getroot()
        texts.extend(" ".join(m.itertext()) for m in doc.xpath("//main"))
        nxt = doc.xpath("//a[@rel='next']/@href")
        page = nxt[0].split("#")[0] if nxt else None
    return words("\n".join(texts))
