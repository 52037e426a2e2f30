"""An anthology: stories by other hands, each heading naming its author (`{author="…"}`)."""

from __future__ import annotations

import random
import zipfile

import pypdfium2 as pdfium
import pytest
from lxml import html as lhtml

from conftest import MINIMAL_YAML, build_project, write_project
from test_epub import epubcheck

STORIES = [("The Lady with the Dog", "Anton Chekhov"), ("The Overcoat", "Nikolai Gogol")]


def _story(seed: int) -> str:
    words = "the steppe was wide and the wind came over it from the east carrying dust and grass".split()
    rng = random.Random(seed)
    return "\n\n".join(" ".join(rng.choice(words) for _ in range(90)).capitalize() + "." for _ in range(12))


@pytest.fixture(scope="module")
def anthology(tmp_path_factory):
    text = "# Introduction\n\n" + _story(0) + "\n\n"
    text += "".join(f'# {title} {{author="{author}"}}\n\n{_story(n + 1)}\n\n'
                    for n, (title, author) in enumerate(STORIES))
    return build_project(write_project(tmp_path_factory.mktemp("anthology"), MINIMAL_YAML, {"01.md": text}))


def _pages(pdf) -> list[list[str]]:
    """Each page's lines of text as pdfium reads them."""
    pages = []
    for page in pdfium.PdfDocument(pdf):
        text = page.get_textpage().get_text_range()
        pages.append([" ".join(line.split()) for line in text.splitlines() if line.strip()])
    return pages


def _heads(pdf) -> list[str]:
    """Each page's text in its top margin, its running head (the text block starts 0.75 in down)."""
    heads = []
    for page in pdfium.PdfDocument(pdf):
        top = page.get_height()
        heads.append(" ".join(page.get_textpage().get_text_bounded(0, top - 0.7 * 72, page.get_width(), top).split()))
    return heads


def test_the_print_edition_names_each_story_s_author(anthology):
    pages = _pages(anthology.pdf)
    contents = next(p for p in pages if p and p[0].lower() == "contents")
    at = [i for i, line in enumerate(contents) if line.startswith("The Lady with the Dog")][0]
    assert contents[at + 1] == "Anton Chekhov"  # under its title, the page number on the title's line
    assert contents[at - 1] != "Anton Chekhov" and "Introduction" in " ".join(contents)
    opening = next(i for i, p in enumerate(pages) if p[:2] == ["The Overcoat", "Nikolai Gogol"])
    heads = _heads(anthology.pdf)
    versos = [heads[i] for i in range(opening + 1, opening + 4) if i % 2 == 1]  # PDF page i + 1: even
    rectos = [heads[i] for i in range(opening + 1, opening + 4) if i % 2 == 0]
    assert versos and all(head == "Nikolai Gogol" for head in versos)  # the author over the versos,
    assert rectos and all(head == "The Overcoat" for head in rectos)  # the title over the rectos
    intro = next(i for i, p in enumerate(pages) if p and p[0] == "Introduction")
    assert not any("Chekhov" in line or "Gogol" in line for p in pages[intro:intro + 3] for line in p)


def test_the_ebook_and_the_web_edition_name_each_story_s_author(anthology):
    with zipfile.ZipFile(anthology.epub) as epub:
        names = epub.namelist()
        chapter = lhtml.fromstring(epub.read(next(n for n in names if n.endswith("the-overcoat.xhtml"))))
        contents = lhtml.fromstring(epub.read(next(n for n in names if n.endswith("contents.xhtml"))))
    assert [p.text_content() for p in chapter.xpath("//h1/following-sibling::div[1][contains(@class,'byline')]/p")] \
        == ["Nikolai Gogol"]
    authors = [s.text_content() for s in contents.xpath("//span[@class='toc-author']")]
    assert authors == ["Anton Chekhov", "Nikolai Gogol"]
    index = lhtml.parse(str(anthology.html / "index.html")).getroot()
    entry = index.xpath("//li[a[.='The Lady with the Dog']]")[0]
    assert entry.xpath("string(span[@class='toc-author'])") == "Anton Chekhov"
    page = lhtml.parse(str(anthology.html / "the-lady-with-the-dog.html")).getroot()
    assert page.xpath("string(//div[contains(@class,'byline')])").strip() == "Anton Chekhov"
    code, report = epubcheck(anthology.epub)
    assert code == 0, report.get("messages")


def _html_anthology(bylines: list[str]) -> str:
    stories = "".join(f"<h2>Story {n}</h2><p>{byline}</p><p>{_story(n)[:400]}</p>" for n, byline in enumerate(bylines))
    return f"<html><head><title>Stories</title></head><body><h1>Stories</h1>{stories}</body></html>"


def test_an_imported_anthology_s_bylines_become_its_stories_authors(tmp_path):
    from publish.importer import import_text

    source = tmp_path / "stories.html"
    source.write_text(_html_anthology(["BY ALEXANDER PUSHKIN", "By Nikolai V. Gogol.", "by Anton Chekhov"]))
    import_text(source, tmp_path / "manuscript")
    text = (tmp_path / "manuscript" / "text.md").read_text()
    assert 'author="Alexander Pushkin"' in text and 'author="Nikolai V. Gogol"' in text
    assert 'author="Anton Chekhov"' in text and "BY ALEXANDER" not in text and "by Anton" not in text


def test_a_collection_by_one_hand_keeps_its_bylines(tmp_path):
    from publish.importer import import_text

    source = tmp_path / "stories.html"
    source.write_text(_html_anthology(["By Anton Chekhov", "By Anton Chekhov"]))
    import_text(source, tmp_path / "manuscript")
    text = (tmp_path / "manuscript" / "text.md").read_text()
    assert "author=" not in text and text.count("By Anton Chekhov") == 2


def test_a_plain_text_anthology_s_bylines_become_its_stories_authors(tmp_path):
    from publish.importer import import_text

    stories = [("I. THE CLOAK", "NIKOLAI V. GOGOL"), ("II. THE DARLING", "ANTON CHEKHOV"),
               ("III. THE BET", "ANTON CHEKHOV")]
    text = "".join(f"\n\n\n\n{title}\n\nBY {author}\n\n{_story(n)[:600]}\n"
                   for n, (title, author) in enumerate(stories))
    source = tmp_path / "stories.txt"
    source.write_text(text)
    import_text(source, tmp_path / "manuscript")
    headings = [line for line in (tmp_path / "manuscript" / "text.md").read_text().splitlines() if line.startswith("#")]
    assert [h.split("{")[-1] for h in headings][-2:] == ['author="Anton Chekhov"}', 'author="Anton Chekhov"}']
    assert any('author="Nikolai V. Gogol"' in h for h in headings)


def test_a_plain_text_anthology_s_bare_capital_titles_over_bylines_head_its_stories(tmp_path):
    """Gutenberg's Best Russian Short Stories heads each story with its title in capitals and its
    byline, no numeral ("THE CLOAK" over "BY NIKOLAY V. GOGOL"), a story's sections "I", "II" under
    them: the titles were lines of the text, each byline over a story's "I" a part, and the stories
    without sections ran on into the one before. Each title heads its story, by its author, the
    numerals its sections; "BANQUET GIVEN BY THE MAYOR" in a story, over no byline, stays text."""
    from publish.importer import import_text

    stories = [("THE QUEEN OF SPADES", "BY ALEXSANDR S. PUSHKIN", True), ("THE CLOAK", "BY NIKOLAY V. GOGOL", False),
               ("HOW A MUZHIK FED TWO OFFICIALS", "BY M.Y. SALTYKOV [_N.Shchedrin_]", False),
               ("THE BET", "BY ANTON P. CHEKHOV", True)]
    text = "INTRODUCTION\n\n\n" + _story(9)[:700] + "\n"
    for n, (title, byline, sections) in enumerate(stories):
        body = (f"\n\n\nI\n\n\n{_story(n)[:500]}\n\n\nII\n\n\n{_story(n + 5)[:500]}\n" if sections
                else f"\n\n{_story(n)[:500]}\n\nBANQUET GIVEN BY THE MAYOR\n\n{_story(n + 5)[:500]}\n")
        text += f"\n\n\n\n{title}\n\n\n{byline}\n{body}"
    source = tmp_path / "stories.txt"
    source.write_text(text)
    import_text(source, tmp_path / "manuscript")
    headings = [line for line in (tmp_path / "manuscript" / "text.md").read_text().splitlines() if line.startswith("#")]
    assert headings == ["# INTRODUCTION {.frontmatter}", '# THE QUEEN OF SPADES {author="Alexsandr S. Pushkin"}',
                        "## I", "## II", '# THE CLOAK {author="Nikolay V. Gogol"}', "# HOW A MUZHIK FED TWO OFFICIALS",
                        '# THE BET {author="Anton P. Chekhov"}', "## I", "## II"]


def test_a_byline_is_a_name_alone():
    from publish.importer.bylines import byline_name

    assert [byline_name(t) for t in ("BY ANTON CHEKHOV.", "By Honoré de Balzac", "By J. M. Wordie, M.A.")] \
        == ["Anton Chekhov", "Honoré de Balzac", "J. M. Wordie, M.A."]
    assert [byline_name(t) for t in ("By the time he came", "By Jove!", "Written by Anton Chekhov")] == ["", "", ""]


def test_a_story_its_contents_misspells_by_a_letter_is_a_story(tmp_path):
    """Gutenberg's Dubliners lists "Couterparts" in its contents, its story is headed
    "COUNTERPARTS": the import found 14 stories of 15, "Counterparts" a line of "A Little Cloud"."""
    from publish.importer import import_text

    titles = ["The Sisters", "A Little Cloud", "Counterparts", "Clay"]
    listed = [t if t != "Counterparts" else "Couterparts" for t in titles]
    text = "DUBLINERS\n\n\nBy James Joyce\n\n\n\n\nContents\n\n" + "\n\n".join(listed) + "\n\n\n\n"
    text += "".join(f"\n\n\n{title.upper()}\n\n{_story(n)[:600]}\n\n{_story(n + 7)[:600]}\n"
                    for n, title in enumerate(titles))
    source = tmp_path / "dubliners.txt"
    source.write_text(text)
    report = import_text(source, tmp_path / "manuscript")
    assert report.headings == [t.upper() for t in titles]
