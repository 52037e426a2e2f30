"""The HTML of a book made part by part (one level-1 chapter each, cached) is the whole document's.

A correction then converts only the part it touched: pandoc runs once to read the changed
chunk and once to write its HTML, whatever the length of the book.
"""

import json
import re
import shutil

import pytest

import publish.manuscript_cache as manuscript_cache
from conftest import MINIMAL_YAML, REPO, recorded_warnings, write_project
from publish.cache import Cache
from publish.footnotes import count_notes, shift_notes
from publish.manuscript import PANDOC_ARGS, _manuscript_files, _read_text, load_book
from publish.manuscript_cache import (
    _typeset_whole,
    chunks_are_independent,
    html_document,
    split_chunks,
    typeset_document,
)
from publish.markdown_dialects import READ_FORMAT
from publish.metadata import load_metadata
from publish.note_definitions import notes_beside_calls
from publish.pandoc import run_pandoc

# Notes in several chapters, in level-2 sections, before the first heading and in a heading;
# a chapter without notes between chapters with notes; a chapter whose id is "footnotes".
NOTES = {
    "a.md": (
        "Before the first heading.[^pre]\n\n[^pre]: An opening note.\n\n"
        "# One\n\nText[^a] and more[^b].\n\n## Part\n\nMore[^c] $x^2$.\n\n"
        "[^a]: A.\n[^b]: B, *emphasised*.\n[^c]: C.\n\n"
        "# Two\n\nNothing noted.\n\n"
        "# Footnotes\n\nA chapter with this name.[^d]\n\n## First\n\nX.[^e]\n\n## Second\n\nY.[^f]\n\n"
        "[^d]: D.\n[^e]: E.\n[^f]: F.\n"
    ),
    "b.md": "# Heading with a note[^h]\n\nZ.[^z]\n\n[^h]: On the heading.\n[^z]: Last.\n",
}
# As pandoc's Markdown writer (and so `publish import`) writes notes: all after the last chapter;
# one called in two chapters, one with a paragraph indented under it, one never called.
NOTES_AT_END = {
    "a.md": (
        "# One\n\nText[^1] and more.[^2]\n\n# Two\n\nNothing noted.\n\n"
        "# Three\n\nAgain[^2] and last.[^3]\n\n"
        "[^1]: A note.\n\n[^2]: Called twice,\n    over two lines.\n\n    A second paragraph.\n\n"
        "[^3]: *The* last, lazily\ncontinued\n# not a heading.\n\n        code under it\n\n"
        "[^4]: Never called.\n"
    ),
}
RUSSIAN_YAML = "title: Без названия\nlanguage: ru\nseries:\n  name: Серия\n  number: 2\n  total: 5\n"
RUSSIAN = {
    "a.md": (
        "Вступление без заголовка.[^1]\n\n[^1]: Примечание.\n\n"
        "# Глава первая\n\n«Текст» главы -- с тире.[^2]\n\n[^2]: Второе.\n\n"
        "# Глава вторая\n\nЕщё текст.[^3] И ещё.[^4]\n\n[^3]: Третье.\n[^4]: Четвёртое.\n"
    ),
}


def _pandoc_features(root):
    """pandoc-features without its example list, the one construct that ties its chapters."""
    source = REPO / "tests/manuscripts/pandoc-features"
    shutil.copytree(source, root / "manuscript")
    for path in (root / "manuscript").glob("*.md"):
        path.write_text("\n".join(line for line in path.read_text().split("\n") if "(@" not in line))
    return root


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("books")
    seed = tmp / "seed"
    shutil.copytree(REPO / "manuscript", seed / "manuscript")
    return {
        "seed": seed,
        "notes": write_project(tmp / "notes", MINIMAL_YAML, NOTES),
        "pandoc-features": _pandoc_features(tmp / "features"),
        "russian": write_project(tmp / "russian", RUSSIAN_YAML, RUSSIAN),
        "notes-at-end": write_project(tmp / "notes-at-end", MINIMAL_YAML, NOTES_AT_END),
    }


def _texts(root):
    meta = load_metadata(root / "manuscript" / "book.yaml")
    return meta, [_read_text(p) for p in _manuscript_files(root / "manuscript", meta)]


def _whole_html(texts, meta):
    tree = _typeset_whole("\n\n".join(texts), meta.language, meta.typography, "x")
    return run_pandoc(json.dumps(tree, ensure_ascii=False), PANDOC_ARGS, what="x")


def _whole_book(root, monkeypatch):
    with monkeypatch.context() as m:
        m.setattr(manuscript_cache, "chunks_are_independent", lambda chunks: False)
        return load_book(root)


@pytest.mark.parametrize("name", ["seed", "notes", "pandoc-features", "russian", "notes-at-end"])
def test_parts_give_the_whole_documents_html_and_book(books, name, tmp_path, monkeypatch):
    root = books[name]
    meta, texts = _texts(root)
    assert chunks_are_independent(notes_beside_calls(split_chunks("\n\n".join(texts))))
    cache = Cache(tmp_path / "cache")
    made = html_document(texts, meta.language, meta.typography, PANDOC_ARGS, cache, "x")
    assert made == _whole_html(texts, meta)  # the HTML and pandoc's log, byte for byte
    assert len(list((tmp_path / "cache" / "part-html").iterdir())) >= 2  # made part by part
    # From the cache, the same Book as the whole-document route: chapters, ids, notes.
    parts_book = load_book(root, cache)
    whole_book = _whole_book(root, monkeypatch)
    assert parts_book.chapters == whole_book.chapters
    if name in ("notes", "russian", "notes-at-end"):
        calls = re.findall(r'id="fnref(\d+)"', "".join(c.body_html + c.title_html for c in parts_book.chapters))
        assert sorted(map(int, calls)) == list(range(1, len(calls) + 1)) and len(calls) >= 4


def test_the_notes_book_numbers_on_across_chapters(books):
    book = load_book(books["notes"], Cache(None))
    bodies = {c.title: c.body_html for c in book.chapters}
    assert 'id="fn8"' in bodies["Heading with a note"] and 'id="fn9"' in bodies["Heading with a note"]
    assert '<ol start="8">' in bodies["Heading with a note"]
    assert 'id="footnotes-4"' in bodies["Heading with a note"]  # the fourth block of notes
    assert book.chapters[0].id == "opening" and 'id="fn1"' in book.chapters[0].body_html


def test_a_one_word_correction_converts_one_part(books, tmp_path, monkeypatch):
    root = tmp_path / "seed"
    shutil.copytree(books["seed"], root)
    cache = Cache(tmp_path / "cache")
    load_book(root, cache)
    chapter = sorted((root / "manuscript").glob("*.md"))[0]
    text = chapter.read_text()
    chapter.write_text(text.replace(" the ", " thee ", 1))
    calls = []

    def counting(text, args, *, what):
        calls.append((args[0], text))
        return run_pandoc(text, args, what=what)

    monkeypatch.setattr(manuscript_cache, "run_pandoc", counting)
    corrected = load_book(root, cache)
    assert [args for args, _ in calls] == [f"--from={READ_FORMAT}", "--from=json"]  # one read, one write
    chunks = split_chunks(_read_text(chapter))
    assert calls[0][1] in chunks and "thee" in calls[0][1]  # the corrected chunk, and only it
    written = json.loads(calls[1][1])["blocks"]
    assert sum(b["t"] == "Header" and b["c"][0] == 1 for b in written) == 1  # one chapter's part
    monkeypatch.undo()
    assert corrected.chapters == _whole_book(root, monkeypatch).chapters
    assert any("thee" in c.body_html for c in corrected.chapters)


@pytest.mark.parametrize("files", [
    {"a.md": '# A\n\nx[^1]\n\n[^1]: n\n\n# B\n\n<a id="fn1">raw</a> y[^2]\n\n[^2]: m\n'},  # raw HTML like a note
    {"a.md": '# A\n\nx[^1]\n\n[^1]: n\n\n# B\n\ny [see <a id="fn1">x</a> @doe]\n'},  # …in a citation
])
def test_books_the_parts_cannot_give_are_converted_whole(files, tmp_path, monkeypatch):
    root = write_project(tmp_path / "book", MINIMAL_YAML, files)
    meta, texts = _texts(root)
    cache = Cache(tmp_path / "cache")
    assert html_document(texts, meta.language, meta.typography, PANDOC_ARGS, cache, "x") == _whole_html(texts, meta)
    assert len(list((tmp_path / "cache").glob("part-html/*"))) < 2  # not every part: not joined
    assert load_book(root, cache).chapters == _whole_book(root, monkeypatch).chapters


# Headings pandoc makes unique over the whole text ("chapter-i", "chapter-i-1"): a novel whose
# books restart at CHAPTER I; a heading repeated inside one chapter; a written id beside made
# ones; words ending in a number ("Chapter 1" is its own base, not "chapter" made unique);
# text before the first chapter; a heading in a quotation; a novel whose parts restart at
# "Chapter 1" (Anna Karenina): "chapter-1-1" has a digit more than its words, so is made unique.
REPEATS = {
    "novel": "".join(f"# BOOK {book}\n\nOpening.\n\n" + "".join(
        f"# CHAPTER {roman}\n\nText of {book} {roman}.[^n]\n\n[^n]: A note.\n\n## Notes\n\nx\n\n"
        for roman in ("I", "II", "III"))
        for book in ("ONE", "TWO", "THREE", "FOUR")),
    "mixed": ("## Preface\n\nBefore.\n\n# Preface\n\nA.\n\n## Scene\n\n## Scene\n\n"
              "# Chapter\n\n## Chapter\n\n# Chapter 1\n\n## Chapter 1\n\n"
              "# Notes {#notes-2}\n\n> ## Notes\n\n# Notes\n\n## Scene\n\n# Part 2\n\n## Scene\n"),
}
REPEATS["arabic"] = "".join(f"# PART {part}\n\n" + "".join(
    f"# Chapter {n}\n\nText of {part} {n}.[^n]\n\n[^n]: A note.\n\n" for n in (1, 2, 10, 11))
    for part in ("ONE", "TWO", "THREE"))


@pytest.mark.parametrize("name", sorted(REPEATS))
def test_ids_made_unique_over_the_whole_text_are_given_part_by_part(name, tmp_path, monkeypatch):
    root = write_project(tmp_path / "book", MINIMAL_YAML, {"a.md": REPEATS[name]})
    meta, texts = _texts(root)
    chunks = split_chunks("\n\n".join(texts))
    assert chunks_are_independent(chunks)
    whole = _whole_html(texts, meta)
    assert len(set(re.findall(r'id="(chapter-[^"]*|notes[^"]*|scene[^"]*)"', whole[0]))) >= 4  # made unique
    for together in (True, False):  # a first build in batches, and chunk by chunk
        cache = Cache(tmp_path / f"cache-{together}")
        with monkeypatch.context() as m:
            m.setattr(manuscript_cache, "MAX_SEPARATE_READS", 0 if together else 100)
            assert html_document(texts, meta.language, meta.typography, PANDOC_ARGS, cache, "x") == whole
        assert len(list((cache.folder / "part-html").iterdir())) == len(manuscript_cache._parts(chunks))
        assert html_document(texts, meta.language, meta.typography, PANDOC_ARGS, cache, "x") == whole  # cached
    # A correction in the last chapter: that chunk alone is read again, the ids still the whole text's.
    corrected = [texts[0].rstrip() + "\n\nMore words.\n"]
    calls = []

    def counting(text, args, *, what):
        calls.append(args[0])
        return run_pandoc(text, args, what=what)

    monkeypatch.setattr(manuscript_cache, "run_pandoc", counting)
    made = html_document(corrected, meta.language, meta.typography, PANDOC_ARGS, cache, "x")
    assert calls.count(f"--from={READ_FORMAT}") <= 2
    monkeypatch.undo()
    assert made == _whole_html(corrected, meta)
    assert typeset_document(corrected, meta.language, meta.typography, cache, "x") == \
        _typeset_whole("\n\n".join(corrected), meta.language, meta.typography, "x")


def test_ids_that_cannot_be_told_apart_read_the_whole_text(tmp_path):
    # "Chapter 1" after "Chapter": its "chapter-1" may be "chapter" made unique or its own base
    # (the second "Chapter 1"'s "chapter-1-1", a digit more than its words, is told); a written
    # id repeated. Both give the whole text's HTML.
    for files in ({"a.md": "# A\n\n## Chapter\n\n# B\n\n## Chapter 1\n\n## Chapter 1\n"},
                  {"a.md": "# A {#same}\n\n# B {#same}\n"}):
        root = write_project(tmp_path / str(len(files["a.md"])), MINIMAL_YAML, files)
        meta, texts = _texts(root)
        cache = Cache(tmp_path / f"cache-{len(files['a.md'])}")
        made = html_document(texts, meta.language, meta.typography, PANDOC_ARGS, cache, "x")
        assert made == _whole_html(texts, meta)


def test_shifting_notes_numbers_calls_items_and_blocks():
    html, _ = run_pandoc("# A\n\n## B\n\nx[^1] y[^2]\n\n## C\n\nz[^3]\n\n[^1]: one\n[^2]: two\n[^3]: three\n",
                         ["--from=markdown", *PANDOC_ARGS[2:], "--to=html5"], what="x")
    assert count_notes(html) == (3, 2)
    shifted = shift_notes(html, 5, 2)
    assert count_notes(shifted) is None  # no longer numbered from 1
    assert re.findall(r'id="fnref(\d+)"', shifted) == ["6", "7", "8"]
    assert re.findall(r'<li id="fn(\d+)">', shifted) == ["6", "7", "8"]
    assert re.findall(r'href="#fnref(\d+)"', shifted) == ["6", "7", "8"]
    assert re.findall(r'<aside id="([^"]+)"', shifted) == ["footnotes-3", "footnotes-4"]
    assert re.findall(r"<ol[^>]*>", shifted) == ['<ol start="6">', '<ol start="8">']
    assert shift_notes(html, 0, 0) == html


def _many_notes_book(root):
    """Twelve chapters, most with notes, some in level-2 sections: a first build converts them together."""
    chapters = []
    for n in range(1, 13):
        notes = "".join(f"Line {n}.{k}.[^n{n}k{k}]\n\n" for k in range(n % 3))
        defs = "".join(f"[^n{n}k{k}]: Note {n}.{k}.\n" for k in range(n % 3))
        sub = f"## Part {n}\n\nMore.[^s{n}]\n\n[^s{n}]: Sub-note {n}.\n\n" if n % 4 == 0 else ""
        chapters.append(f"# Chapter {n}\n\nThe text of the chapter.\n\n{notes}{defs}\n{sub}")
    return write_project(root, MINIMAL_YAML, {"a.md": "\n".join(chapters)})


def test_a_first_build_converts_the_parts_together_and_caches_each_as_if_alone(tmp_path, monkeypatch):
    root = _many_notes_book(tmp_path / "book")
    meta, texts = _texts(root)
    calls = []

    def counting(text, args, *, what):
        calls.append(args[0])
        return run_pandoc(text, args, what=what)

    monkeypatch.setattr(manuscript_cache, "run_pandoc", counting)
    together = tmp_path / "together"
    made = html_document(texts, meta.language, meta.typography, PANDOC_ARGS, Cache(together), "x")
    assert calls == [f"--from={READ_FORMAT}", "--from=json"]
    assert made == _whole_html(texts, meta)
    monkeypatch.setattr(manuscript_cache, "_convert_together", lambda *a: None)
    alone = tmp_path / "alone"
    html_document(texts, meta.language, meta.typography, PANDOC_ARGS, Cache(alone), "x")

    def entries(folder):
        return {p.name: p.read_bytes() for p in (folder / "part-html").iterdir()}

    assert len(entries(together)) == 12 and entries(together) == entries(alone)


def test_repeated_ids_are_renamed_alike_from_the_parts_the_cache_and_the_whole(tmp_path, monkeypatch):
    # Ids given in raw HTML and spans do not tie the chapters: the parts are read apart and cached,
    # and a repeat across them is renamed in the Book, with its warning, whichever way it was read.
    files = {"a.md": '# One\n\n<hr id="bar">\n\n# Two\n\n[x]{#bar} and [y]{#one}\n',
             "b.md": '# Three\n\n<hr id="bar" />\n'}
    root = write_project(tmp_path / "book", MINIMAL_YAML, files)
    meta, texts = _texts(root)
    assert chunks_are_independent(notes_beside_calls(split_chunks("\n\n".join(texts))))
    cache = Cache(tmp_path / "cache")
    books, warned = [], []
    reads = (lambda: load_book(root, cache), lambda: load_book(root, cache), lambda: _whole_book(root, monkeypatch))
    for read in reads:
        with recorded_warnings() as warnings:
            books.append(read())
        warned.append([w.split("manuscript/", 1)[1] for w in warnings])
    assert len(list((tmp_path / "cache" / "part-html").iterdir())) == 3  # made part by part
    assert books[0].chapters == books[1].chapters == books[2].chapters
    assert warned[0] == warned[1] == warned[2] == [
        "a.md:7: the id 'bar' is given twice (first at a.md:3): this one is renamed 'bar-2', and links to #bar "
        "lead to the first; give each its own id",
        "a.md:7: the id 'one' is given twice (first at a.md:1): this one is renamed 'one-2', and links to #one "
        "lead to the first; give each its own id",
        "b.md:3: the id 'bar' is given twice (first at a.md:3): this one is renamed 'bar-3', and links to #bar "
        "lead to the first; give each its own id",
    ]
    body = "".join(c.body_html for c in books[0].chapters)
    assert [c.id for c in books[0].chapters] == ["one", "two", "three"]
    assert re.findall(r'id="((?:bar|one)[^"]*)"', body) == ["bar", "bar-2", "one-2", "bar-3"]


def test_a_file_opening_below_level_1_is_named_as_running_on(tmp_path):
    """`### Chapter 5` at the top of a file, and no `#` heading in it: its text runs on in the
    chapter before, which the author did not mean; a file that just continues says nothing."""
    files = {"a.md": "# One\n\nThe first chapter.\n", "b.md": "\n### Chapter 5\n\nMeant as a chapter.\n",
             "c.md": "A chapter's second half, in a file of its own.\n"}
    root = write_project(tmp_path, MINIMAL_YAML, files)
    with recorded_warnings() as warnings:
        book = load_book(root)
    assert [c.title for c in book.chapters] == ["One"]
    said = [w.split("manuscript/", 1)[1] for w in warnings if "runs on" in w]
    assert said == ["b.md:2: the file opens with a level-3 heading and has no level-1 one: its text runs on in the "
                    "chapter before it; to start a chapter, make that heading `# Chapter 5`"]


def test_a_manuscript_of_level_2_chapters_is_read_a_level_up(tmp_path):
    """No `#` heading anywhere and chapters written `## Title` (the title being in book.yaml):
    the level-2 headings start the chapters, the level-3 ones are their sections."""
    files = {"a.md": "## One\n\nText.\n\n### A part\n\nMore.\n\n```\n## not a heading\n```\n",
             "b.md": "## Two\n\nText two.\n"}
    book = load_book(write_project(tmp_path / "twos", MINIMAL_YAML, files))
    assert [c.title for c in book.chapters] == ["One", "Two"]
    assert "<h2" in book.chapters[0].body_html and "A\u00a0part" in book.chapters[0].body_html
    assert "## not a heading" in book.chapters[0].body_html
    assert book.chapters[1].line == 1 and book.chapters[1].source.name == "b.md"
    # With a level-1 heading somewhere, the levels are the author's.
    files["b.md"] = "# Two\n\nText two.\n"
    book = load_book(write_project(tmp_path / "mixed", MINIMAL_YAML, files))
    assert [c.title for c in book.chapters] == ["", "Two"]


def test_a_note_label_defined_twice_is_named_with_both_places(tmp_path):
    """`[^fn]` defined in two chapters: pandoc matches notes by label across the book, and one
    chapter's note printed the other's text without a word. A definition shown in code is none."""
    root = write_project(tmp_path, MINIMAL_YAML, {
        "a.md": "# A\n\nFirst call.[^fn]\n\n[^fn]: First definition.\n",
        "b.md": "# B\n\nSecond call.[^FN]\n\n```\n[^fn]: shown as code\n```\n\n[^FN]: Second definition.\n",
    })
    with recorded_warnings() as warnings:
        load_book(root)
    notes = [w for w in warnings if "defined again" in w]
    assert len(notes) == 1
    assert "b.md:9: the note [^FN] is defined again (first at " in notes[0] and "a.md:5)" in notes[0]


def test_a_note_called_but_never_written_is_named(tmp_path):
    """`[^zz]` without its `[^zz]:` printed "[^zz]" as text in every edition without a word; one
    written in another chapter, or shown as code, is fine."""
    root = write_project(tmp_path, MINIMAL_YAML, {
        "a.md": "# A\n\nA call.[^zz] Another.[^b] The regex `[^a-z]` is code.\n",
        "b.md": "# B\n\n```\nx = '[^q]'\n```\n\nText.\n\n[^b]: Written here.\n",
    })
    with recorded_warnings() as warnings:
        book = load_book(root)
    notes = [w for w in warnings if "never written" in w]
    assert len(notes) == 1 and "a.md:3: the note [^zz] is called but never written" in notes[0], notes
    assert "[^zz]" in book.chapters[0].body_html


def test_a_note_shown_in_an_indented_code_block_is_code(tmp_path):
    """pandoc's MANUAL shows its footnotes' syntax in a code block indented four spaces
    ("    Here is a footnote reference,[^1] …"): the build warned that [^1] and [^longnote] were
    called but never written, and every edition would print them as text (as code, they are).
    A list item's indented paragraph is the item's, and its call is still checked."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": (
        "# Footnotes\n\nThe syntax:\n\n    Here is a footnote reference,[^1] and another.[^longnote]\n\n"
        "    [^1]: Here is the footnote.\n\n        Subsequent paragraphs are indented.[^x]\n\n"
        "Back in the text.\n\n1. An item.\n\n    Its own paragraph calls a note.[^gone]\n")})
    with recorded_warnings() as warnings:
        load_book(root)
    notes = [w for w in warnings if "never written" in w]
    assert len(notes) == 1 and "a.md:15: the note [^gone] is called but never written" in notes[0], notes


@pytest.mark.parametrize(("text", "line", "words", "close"), [
    ("# A\n\n```python\nprint(1)\n\n# B\n\nText.\n", 3, "the code block opened here (```) is never closed", "```"),
    ("# A\n\n::: note\nA note.\n\n# B\n\nText.\n", 3, "the div opened here (::: note) is never closed", ":::"),
], ids=["code", "div"])
def test_a_fence_left_open_is_named(tmp_path, text, line, words, close):
    """The rest of the file (chapter B) went into the code block or the div without a word."""
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    with recorded_warnings() as warnings:
        load_book(root)
    assert [w for w in warnings if f"a.md:{line}: {words}" in w], warnings
    closed = write_project(tmp_path / "closed", MINIMAL_YAML, {"a.md": text.replace("\n\n# B", f"\n{close}\n\n# B")})
    with recorded_warnings() as warnings:
        load_book(closed)
    assert not [w for w in warnings if "never closed" in w], warnings


def test_a_title_block_or_yaml_block_in_the_text_is_said_not_lost_silently(tmp_path):
    """pandoc's test suite opens with "% Pandoc Test Suite", the manual with a YAML block: both
    vanished from every edition without a word."""
    root = write_project(tmp_path, MINIMAL_YAML, {
        "a.md": "% Pandoc Test Suite\n% John MacFarlane\n\n# A\n\nText.\n",
        "b.md": "---\nauthor: John MacFarlane\n---\n\n# B\n\nMore.\n\n---\n\nAfter a rule.\n",
    })
    with recorded_warnings() as warnings:
        load_book(root)
    assert [w.split(": ", 1)[1][:40] for w in warnings if ":1: the" in w] == [
        "the title block ('% Pandoc Test Suite') ", "the YAML metadata block is not printed: "]


def test_a_title_keeps_its_escaped_characters_as_text(tmp_path):
    # lxml hands a heading's leading text back unescaped: "The <b> tag" came out bold, the word
    # "<b>" gone from the print edition, and "&" bare.
    root = write_project(tmp_path / "book", MINIMAL_YAML, {"a.md": "# The \\<b\\> tag & more\n\nx \\<i\\> y\n"})
    (chapter,) = load_book(root, Cache(None)).chapters
    assert chapter.title == "The <b> tag & more"
    assert chapter.title_html == "The &lt;b&gt; tag &amp; more"
    assert "x &lt;i&gt; y" in chapter.body_html
