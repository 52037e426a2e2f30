"""The build as a whole: all-or-nothing writes, reproducible outputs, the command line."""

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
import time
import zipfile

import pytest
from pypdf import PdfReader

from conftest import MINIMAL_YAML, REPO, build_project, write_project
from publish.build import build

BODY = {"a.md": "# First\n\nOne *two* three.\n", "b.md": "# Second\n\nFour five.[^n]\n\n[^n]: A note.\n"}


def digest(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file() and ".cache" not in p.relative_to(folder).parts
    }


def test_two_builds_are_byte_identical(tmp_path):
    one = build_project(write_project(tmp_path / "one", MINIMAL_YAML, BODY))
    two = build_project(write_project(tmp_path / "two", MINIMAL_YAML, BODY))
    assert digest(one.out) == digest(two.out)
    assert len(digest(one.out)) >= 10  # pdf, epub and a site with several pages


def _git_project(root, body, when):
    """A project in its own git repository, the manuscript committed at `when` (ISO time)."""
    write_project(root, MINIMAL_YAML, body)
    shutil.copytree(REPO / "styles", root / "styles")  # its own look: font URLs point inside it
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    for cmd in (["git", "init", "-q"], ["git", "add", "manuscript", "styles"],
                ["git", "-c", "user.name=Editor", "-c", "user.email=ed@example.org", "commit", "-qm", "text"]):
        subprocess.run(cmd, cwd=root, check=True, env=env, capture_output=True)
    return root


@pytest.mark.skipif(not shutil.which("git"), reason="needs git")
def test_clones_at_different_paths_build_identical_bytes_dated_by_the_last_commit(tmp_path, monkeypatch):
    """No SOURCE_DATE_EPOCH: the date is the manuscript's last commit; the paths differ in depth."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    outs = []
    for where in ("one", "a/much/deeper/second clone"):
        root = _git_project(tmp_path / where, BODY, "2024-03-01T12:00:00Z")
        build(root)
        outs.append(root / "build")
    assert digest(outs[0]) == digest(outs[1])
    assert len(digest(outs[0])) >= 10
    assert '<time datetime="2024-03-01">' in (outs[0] / "html" / "colophon.html").read_text()
    info = PdfReader(outs[0] / "a-small-book.pdf").metadata
    assert info["/CreationDate"].startswith("D:20240301")
    with zipfile.ZipFile(outs[0] / "a-small-book.epub") as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2024, 3, 1)}
        assert "2024-03-01" in z.read("EPUB/package.opf").decode()


def test_failed_build_leaves_previous_editions_untouched(tmp_path):
    root = write_project(tmp_path, MINIMAL_YAML, BODY)
    built = build_project(root)
    before = digest(built.out)
    (root / "manuscript" / "book.yaml").write_text(MINIMAL_YAML.replace("number: 3", "number: 99"))
    done = subprocess.run([sys.executable, "-m", "publish", "build", str(root)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert digest(built.out) == before
    assert not [p for p in built.out.iterdir() if p.name.startswith(".") and p.name != ".cache"]  # no leftovers


def test_a_print_edition_failing_after_the_web_edition_was_written_aside_leaves_all_untouched(tmp_path, monkeypatch):
    # The web edition is written beside its folder while the print edition still typesets; the
    # print edition failing then must leave the old web edition in place and nothing beside it.
    import publish.build as pipeline
    from publish.editions.pdf import PdfEdition
    from publish.errors import PublishError

    root = write_project(tmp_path, MINIMAL_YAML, BODY)
    built = build_project(root)
    before = digest(built.out)
    (root / "manuscript" / "a.md").write_text("# First\n\nOne *two* three, corrected.\n")
    written_aside = []
    real_stage = pipeline._stage

    def stage(artifact, out):
        written_aside.append(real_stage(artifact, out))
        return written_aside[-1]

    def fail(self, book, on_chapter=None):
        deadline = time.monotonic() + 60
        while not written_aside and time.monotonic() < deadline:  # the web edition renders meanwhile
            time.sleep(0.05)
        raise PublishError("the print edition failed", file=root)

    monkeypatch.setattr(pipeline, "_stage", stage)
    monkeypatch.setattr(PdfEdition, "render", fail)
    with pytest.raises(PublishError):
        build(root)
    assert written_aside and not written_aside[0].exists()
    assert digest(built.out) == before
    assert not [p for p in built.out.iterdir() if p.name.startswith(".") and p.name != ".cache"]  # no leftovers


def test_a_retitled_book_leaves_no_editions_under_its_old_name(tmp_path):
    """After a change of title the PDF and EPUB under the old name stayed in build/ beside the new
    ones, which an editor could send to the printer by mistake. What the last build wrote under
    the old name goes; a file changed since (someone's own) stays."""
    root = write_project(tmp_path, MINIMAL_YAML, BODY)
    out = build_project(root, ("pdf", "epub")).out
    assert {p.name for p in out.iterdir() if p.is_file()} == {"a-small-book.pdf", "a-small-book.epub"}
    (out / "a-small-book.epub").write_bytes(b"the editor's own copy")
    (root / "manuscript" / "book.yaml").write_text(MINIMAL_YAML.replace("A Small Book", "A Larger Book"))
    build_project(root, ("pdf", "epub"))
    left = {p.name for p in out.iterdir() if p.is_file()}
    assert left == {"a-larger-book.pdf", "a-larger-book.epub", "a-small-book.epub"}


def test_format_option_builds_only_what_is_asked(tmp_path):
    root = write_project(tmp_path, MINIMAL_YAML, BODY)
    done = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(root), "--format", "epub", "--out", str(tmp_path / "o")],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["a-small-book.epub"]


def test_help_explains_every_verb():
    done = subprocess.run([sys.executable, "-m", "publish", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for verb in ("build", "import"):
        assert verb in done.stdout
    build_help = subprocess.run([sys.executable, "-m", "publish", "build", "--help"],
                                capture_output=True, text=True).stdout
    assert "--format" in build_help and "--out" in build_help


def test_citations_without_a_bibliography_are_said_once_where_the_first_is(tmp_path):
    """A history's [@key] citations printed as typed ("[@clark1876]") in every edition and the
    build said nothing; now one warning names the first, counts the rest and says what to do."""
    from conftest import recorded_warnings
    from publish.manuscript import load_book

    root = write_project(tmp_path, MINIMAL_YAML + "files: [1.md, 2.md]\n", {
        "1.md": "# One\n\nFollow @doughertyjack, or write to me@example.com.\n",
        "2.md": "# Two\n\nA claim [see @clark1876, p. 3].^[@osborn1906; @nunes2014.]\n",
    })
    with recorded_warnings() as warnings:
        load_book(root)
    said = [w.replace("\xa0", " ") for w in warnings if "citation" in w]
    assert len(said) == 1, warnings
    assert said[0].startswith(f"{root / 'manuscript' / '2.md'}:3: the citation [see @clark1876, p. 3] and 3 more "
                              "are printed as typed"), said
    assert "`bibliography: refs.bib`" in said[0]  # was "publish does not format citations", since untrue


def test_a_handle_alone_is_not_taken_for_a_citation(tmp_path):
    from conftest import recorded_warnings
    from publish.manuscript import load_book

    root = write_project(tmp_path, MINIMAL_YAML, {"1.md": "# One\n\nFollow @doughertyjack on Twitter.\n"})
    with recorded_warnings() as warnings:
        load_book(root)
    assert not [w for w in warnings if "citation" in w]
    (root / "manuscript" / "refs.bib").write_text("@book{doughertyjack, title={T}, year={2020}}\n")
    with recorded_warnings() as warnings:
        load_book(root)
    assert [w for w in warnings if "the citation @doughertyjack is printed" in w], warnings


def test_raw_latex_is_placed_at_its_line_not_at_a_comment_that_names_it(tmp_path):
    """A thesis's comment "between the \\frontmatter command and the \\mainmatter below" took the
    warning for the \\mainmatter under it: the line named was the comment's."""
    from conftest import recorded_warnings
    from publish.manuscript import load_book

    root = write_project(tmp_path, MINIMAL_YAML, {
        "a.md": "# One\n\n<!-- Roman folios up to the \\mainmatter below. -->\n\nText.\n\n\\mainmatter\n\nMore.\n"})
    with recorded_warnings() as warnings:
        load_book(root)
    said = [w for w in warnings if "raw LaTeX" in w]
    assert said and said[0].startswith(f"{root / 'manuscript' / 'a.md'}:7: raw LaTeX \\mainmatter"), warnings


def test_raw_markup_of_another_format_is_warned_of_where_it_is_left_out(tmp_path):
    """Raw MediaWiki or Word markup (`{=mediawiki}`, as an import from a wiki kept a template, or
    `{=openxml}`) was left out of every edition without a word, where raw LaTeX is warned of."""
    from conftest import recorded_warnings
    from publish.manuscript import load_book

    root = write_project(tmp_path, MINIMAL_YAML, {
        "a.md": "# One\n\nWritten `{{{date}}}`{=mediawiki} by me.\n\n```{=openxml}\n<w:p/>\n```\n"})
    with recorded_warnings() as warnings:
        load_book(root)
    where = root / "manuscript" / "a.md"
    assert any(w.startswith(f"{where}:3: raw MediaWiki {{{{{{date}}}}}} left out") for w in warnings), warnings
    assert any(w.startswith(f"{where}:6: raw Word (OpenXML) <w:p/> left out") for w in warnings), warnings


def test_chapters_inside_a_div_are_chapters_of_the_book(tmp_path):
    """pandoc makes a div a chapter only when it holds one heading: `::: {lang=fr}` over two
    chapters (pandoc's tests 5846, toc, columns: 7 of its 739 Markdown tests) ran them on in the
    chapter before, missing from every contents. Now each is a chapter, in the div's language,
    and a link to a div's id leads to its first chapter."""
    from publish.manuscript import load_book

    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": (
        "# One\n\nText one, [see](#cell).\n\n::: {lang=fr}\nAvant.\n\n# Deux\n\nTexte deux.\n\n# Trois\n\n"
        "Texte trois.\n:::\n\n::: {#cell .cell}\n# Four\n\n> Text four.\n\n## Four A\n:::\n\n"
        "::: columns\n::: column\n# Five\n:::\n::: column\n# Six\n:::\n:::\n")})
    book = load_book(root)
    assert [c.title for c in book.chapters] == ["One", "Deux", "Trois", "Four", "Five", "Six"]
    assert [c.line for c in book.chapters] == [1, 8, 12, 18, 27, 30]
    assert '<div lang="fr">\n<p>Avant.</p>' in book.chapters[0].body_html  # the text before them, in French
    assert '<blockquote id="cell">' in book.chapters[3].body_html


def test_a_chapter_in_another_language_is_marked_so_in_every_edition(tmp_path):
    """`# Drei {lang=de}` or a `::: {lang=fr}` div round a chapter: the typography pass set it in
    its language, but the editions' chapter element lost the attribute, so print hyphenated it
    by the book's language's patterns and screen readers read it in the book's voice."""
    from publish.editions.pdf import chapters_html
    from publish.manuscript import load_book

    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": (
        "# One\n\nText.\n\n::: {lang=fr}\n# Deux\n\nTexte.\n:::\n\n# Drei {lang=de}\n\nText.\n")})
    book = load_book(root)
    assert [c.lang for c in book.chapters] == ["", "fr", "de"]
    assert '<section class="chapter" id="deux" lang="fr"' in chapters_html(book.chapters, book)
    built = build_project(root, ("epub", "html"))
    assert '<article class="chapter" id="drei" lang="de"' in (built.html / "drei.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(built.epub) as z:
        assert 'lang="fr" xml:lang="fr"' in z.read("EPUB/text/deux.xhtml").decode()


def test_the_guide_names_every_option_of_every_verb():
    """The guide's heading for each verb (`### publish copies [PROJECT] [--from N] …`) lists the
    options `publish VERB --help` shows: copies' --print was missing from it."""
    import argparse
    import re

    from publish.cli import VERBS, _parser

    guide = (REPO / "docs" / "guide.md").read_text()
    headings = re.findall(r"^### `publish (\w+) (.*)`$", guide, re.M)
    for verb in VERBS:
        parser = _parser(verb)
        (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        options = {s for a in sub.choices[verb]._actions for s in a.option_strings if s.startswith("--")}
        options -= {"--help", "--quiet", "--verbose"}  # every verb's, said once in the guide
        named = {o for v, rest in headings if v == verb for o in re.findall(r"--[\w-]+", rest)}
        assert options <= named, (verb, options - named)


def test_the_command_ends_with_all_it_printed_written_and_its_exit_code(tmp_path):
    """`publish` exits without tearing the interpreter down (cli.run): what it printed to a pipe,
    every line of a long lint report, still arrives, and the exit code is main()'s."""
    from publish.cli import main

    body = {"01.md": "# One\n\n" + "".join(f"Line {n} : a space before its colon.\n\n" for n in range(400))}
    root = write_project(tmp_path, MINIMAL_YAML, body)
    done = subprocess.run([sys.executable, "-m", "publish", "lint", str(root)], capture_output=True, text=True,
                          timeout=300)
    here = io.StringIO()
    with contextlib.redirect_stdout(here):
        code = main(["lint", str(root)])
    assert done.returncode == code != 0
    assert done.stdout == here.getvalue() and done.stdout.count("\n") >= 400


def test_a_rule_that_ends_a_chapter_is_dropped(tmp_path):
    """pandoc's testsuite.txt ends its opening text and every section with "-----" before the next
    heading: the print edition set a lone asterisk under each chapter's last line, a scene break
    before nothing. A rule ending a chapter (also a section at its end, the text before the first
    chapter, the book) is dropped in every edition; one inside a chapter, or with an id, stays."""
    text = ("Opening words.\n\n-----\n\n# One\n\nFirst part.\n\n* * *\n\nSecond part.\n\n## Aside\n\nIn it.\n\n"
            "* * *\n\n# Two\n\nAnd more.\n\n<hr id=\"mark\">\n\n# Three\n\nThe end.\n\n---\n")
    built = build_project(write_project(tmp_path, MINIMAL_YAML, {"a.md": text}), ("pdf", "html"))
    from publish.manuscript import load_book

    book = load_book(tmp_path)
    assert [c.body_html.count("<hr") for c in book.chapters] == [0, 1, 1, 0]
    pages = [page.extract_text() for page in PdfReader(built.pdf).pages]
    assert sum(line.strip() == "*" for page in pages for line in page.splitlines()) == 2  # One's, and #mark


def test_a_rule_that_ends_a_chapter_with_notes_is_dropped(tmp_path):
    """Herodotus's preface (Gutenberg's HTML) ends with a rule before the next chapter, and has
    notes: pandoc sets them after it, in the chapter's <aside class="footnotes">, so the rule was
    no longer the chapter's last element and printed as a lone asterisk under its last line."""
    text = "# Preface\n\nThe notes.[^1]\n\n-----\n\n# Book I\n\nThis is the Showing forth.\n\n[^1]: See Courier.\n"
    write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    from publish.manuscript import load_book

    (preface, _) = load_book(tmp_path).chapters
    assert "<hr" not in preface.body_html.split('class="footnotes')[0]
