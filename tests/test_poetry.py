"""Books of poems as a poetry editor reads them: their structure on import, their contents,
their lines on the page and on screen."""

from __future__ import annotations

import lxml.html

from publish.importer import import_text
from test_import_formats import _epub


def _headings(into) -> list[str]:
    return [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]


def test_a_section_every_book_opens_with_is_no_books_title(tmp_path):
    """Standard Ebooks' Paradise Lost opens each of its twelve books with its argument in a
    section headed "The Argument", then the verse: the argument's heading, the only one under
    "Book I", was taken for the book's title, and the contents read "Book I. The Argument" twelve
    times over, the verse filed under the argument. A heading found under every book is a
    section each has, not a title; a title under one label alone is still joined."""
    def book(n: str, title: str) -> str:
        return (f'<section id="book-{n}" epub:type="chapter"><h2><span epub:type="se:label">Book</span> '
                f'<span epub:type="z3998:roman">{n}</span></h2><section id="argument-{n}" epub:type="preamble">'
                f'<header><p>{title}</p></header><p>This book proposes, first in brief, the whole subject, '
                f'and the loss thereupon.</p></section><section id="poem-{n}" epub:type="z3998:poem"><p>'
                '<span>Of Man’s first disobedience, and the fruit</span><br/><span>Of that forbidden Tree, '
                'whose mortal taste</span><br/><span>Brought death into the world, and all our woe,</span></p>'
                '</section></section>')
    source = _epub(tmp_path / "lost.epub", "<dc:title>Paradise Lost</dc:title>",
                   book("I", "The Argument"), book("II", "The Argument"), book("III", "The Argument"))
    into = tmp_path / "book" / "manuscript"
    import_text(source, into, language="en")
    headings = _headings(into)
    assert [h for h in headings if h.startswith("## ")] == ["## Book I", "## Book II", "## Book III"]
    assert [h.split(" {")[0] for h in headings].count("### The Argument") == 3


def _poem(title: str, stanzas: int = 3) -> str:
    lines = "\n\n".join("\n".join(f"{title} line {s}.{n} of the stanza, \\" for n in range(1, 4))
                        + f"\n{title} last line {s}." for s in range(1, stanzas + 1))
    return f"## {title}\n\n{lines}\n"


COLLECTION = {
    "a.md": "# Early Poems\n\n" + "\n".join(_poem(t) for t in ("The Gate", "Harbour Song", "Nightfall", "Orchard",
                                                                "The Well", "Salt Wind", "Lanterns"))
    + "\n## To You\n\nStranger, if you passing meet me and desire to speak to me, \\\n"
      "And why should I not speak to you?\n\n## 1\n\n" + _poem("Numbered").split("\n", 2)[2]
    + "\n## A Note on the Text\n\nThe poems were first printed in a newspaper, and are given here as the poet "
      "corrected them, in prose that explains where each came from.\n\n"
    "# Later Poems\n\n" + _poem("Winter Psalm", 6)
    + "\n## The Argument\n\nThis book proposes, first in brief, the whole subject of the verse under it.\n\n"
    + _poem("Argued").split("\n", 2)[2],
}


def _built_collection(tmp_path):
    import shutil

    from conftest import MINIMAL_YAML, REPO, build_project, write_project

    root = write_project(tmp_path, MINIMAL_YAML, COLLECTION)
    shutil.copytree(REPO / "styles", root / "styles")
    return build_project(root)


POEMS = ["The Gate", "Harbour Song", "Nightfall", "Orchard", "The Well", "Salt Wind", "Lanterns", "To You"]


def test_a_collections_contents_lists_its_poems_with_their_pages(tmp_path):
    """Leaves of Grass's books hold some 400 poems as sections: the contents page of every
    edition listed "Inscriptions" and "Calamus" and none of the poems a reader looks for. A
    chapter's sections in verse are listed under it, each with its page in print and a link to
    it in the EPUB and the web edition; a section titled by a numeral (Song of Myself's "1"), in
    prose, or opening in prose over verse (Paradise Lost's "The Argument") is not. A poem of two
    lines alone under its title ("To You") is verse, not a paragraph."""
    import re
    import zipfile

    import pypdfium2 as pdfium
    from lxml import html as lhtml

    built = _built_collection(tmp_path)
    pages = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(built.pdf)]
    contents = next(t for t in pages if "Contents" in t or "contents" in t)
    listed = re.findall(r"^(.+?)\s*(?:\.\s*)+\s*(\d+)\s*$", contents.replace("\r", ""), re.M)
    titles = [title.strip() for title, _ in listed]
    assert titles == ["Early Poems", *POEMS, "Later Poems", "Winter Psalm"], titles
    start = next(n for n, t in enumerate(pages) if t.lstrip().startswith("Early Poems"))
    for title, folio in listed:
        page = next(n for n, t in enumerate(pages) if n >= start and re.search(rf"^{title}\s*$", t, re.M))
        assert int(folio) == page - start + 1, (title, folio)
    index = lhtml.fromstring((built.html / "index.html").read_bytes())
    links = {a.text_content(): a.get("href") for a in index.xpath("//ol[@class='toc']/li[@class='poem']/a")}
    assert list(links) == [*POEMS, "Winter Psalm"] and links["The Gate"] == "early-poems.html#the-gate"
    with zipfile.ZipFile(built.epub) as epub:
        page = next(epub.read(n) for n in epub.namelist() if b'class="toc"' in epub.read(n) and n.endswith(".xhtml"))
    assert b'<li class="poem"><a href="early-poems.xhtml#to-you">To You</a></li>' in page
    chapter = lhtml.fromstring((built.html / "early-poems.html").read_bytes())
    assert len(chapter.xpath("//section[@id='to-you']/div[@class='line-block']/span[@class='line']")) == 2
    from test_epub import assert_epubcheck_clean

    assert_epubcheck_clean(built.epub)


def test_a_short_poem_is_not_split_over_two_pages(tmp_path):
    """Leaves of Grass's short poems ran on from page to page as prose does: 111 of its poems that
    fit on a page were split over two ("As I Ponder'd in Silence": eight lines at a page's foot,
    its second stanza overleaf). A poem short enough for a page is set on one, moved whole to the
    next; a poem longer than a page still starts where the one before it ends."""
    import shutil

    import pypdfium2 as pdfium

    from conftest import MINIMAL_YAML, REPO, build_project, write_project

    def verse(name: str, stanzas: int) -> str:
        return "\n\n".join("\n".join(f"| {name} {s}.{n}, a line of verse" for n in range(1, 5))
                           for s in range(1, stanzas + 1))

    text = (f"# Poems\n\n## The First\n\n{verse('First', 4)}\n\n## The Second\n\n{verse('Second', 3)}\n\n"
            f"## The Third\n\n{verse('Third', 14)}\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    shutil.copytree(REPO / "styles", root / "styles")
    built = build_project(root, ("pdf",))
    pages = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(built.pdf)]

    start = next(n for n, t in enumerate(pages) if "First 1.1" in t)  # past the contents, which lists them

    def page(words: str) -> int:
        return next(n for n, t in enumerate(pages) if n >= start and words in t)

    assert page("The Second") == page("Second 3.4") == page("The First") + 1
    assert page("The Third") == page("Second 3.4") < page("Third 14.4")  # the long one starts there


def test_a_poem_numbered_alone_in_a_collection_is_not_split_over_two_pages(tmp_path):
    """Dickinson's "II", between "I. SUCCESS." and "III. ROUGE ET NOIR.", is a poem (not a part of
    one, as Song of Myself's "6" is): its first stanza was left at a page's foot, its second
    overleaf. It goes whole to the next page, as its titled neighbours do."""
    import shutil

    import pypdfium2 as pdfium

    from conftest import MINIMAL_YAML, REPO, build_project, write_project

    def verse(name: str, stanzas: int) -> str:
        return "\n\n".join("\n".join(f"| {name} {s}.{n}, a line of verse" for n in range(1, 5))
                           for s in range(1, stanzas + 1))

    text = (f"# I. Life\n\n## I. Success\n\n{verse('First', 4)}\n\n## II\n\n{verse('Second', 3)}\n\n"
            f"## III. Rouge et Noir\n\n{verse('Third', 14)}\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    shutil.copytree(REPO / "styles", root / "styles")
    built = build_project(root, ("pdf",))
    pages = [p.get_textpage().get_text_range() for p in pdfium.PdfDocument(built.pdf)]
    start = next(n for n, t in enumerate(pages) if "First 1.1" in t)

    def page(words: str) -> int:
        return next(n for n, t in enumerate(pages) if n >= start and words in t)

    assert page("Second 1.1") == page("Second 3.4") == page("First 1.1") + 1


SCYTHIANS = """\
СКИФЫ


Мильоны - вас. Нас - тьмы, и тьмы, и тьмы.
    Попробуйте, сразитесь с нами!
Да, скифы - мы! Да, азиаты - мы,
    С раскосыми и жадными очами!


Для вас - века, для нас - единый час.
    Мы, как послушные холопы,
Держали щит меж двух враждебных рас
    Монголов и Европы!


Века, века ваш старый горн ковал
    И заглушал громá лавины,
И дикой сказкой был для вас провал
    И Лиссабона, и Мессины!


Вы сотни лет глядели на Восток,
    Копя и плавя наши перлы,
И вы, глумясь, считали только срок,
    Когда наставить пушек жерла!


Вот - срок настал. Крылами бьет беда,
    И каждый день обиды множит,
И день придет - не будет и следа
    От ваших Пестумов, быть может!
"""


def test_verse_indenting_lines_within_its_stanzas_keeps_its_stanzas_and_indents(tmp_path):
    """Blok's "Скифы" (RusLit) indents every second line, Dickinson's poems (Project Gutenberg's
    plain text) their short third lines, the stanzas flush left and apart: those indents were taken
    for paragraphs' first lines, and each poem came in as prose, its stanzas run together across
    their blank lines ("Монголов и Европы! Века, века ваш старый горн ковал"). Stanzas opening
    flush left with lines indented within them are verse, each line keeping its indent."""
    source = tmp_path / "скифы.txt"
    source.write_text(SCYTHIANS, encoding="utf-8")
    into = tmp_path / "book" / "manuscript"
    import_text(source, into, language="ru")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "| Мильоны - вас. Нас - тьмы, и тьмы, и тьмы.\n|     Попробуйте, сразитесь с нами!\n" in text
    assert "|     Монголов и Европы!\n\n| Века, века ваш старый горн ковал\n" in text


def test_a_roman_numeral_of_eight_letters_numbers_a_poem(tmp_path):
    """Shakespeare's Sonnets (Project Gutenberg's plain text) came in with 152 of its 154: a numeral
    was one of seven letters at most, so LXXXVIII and CXXXVIII (88 and 138) stayed lines of the
    sonnet before, which ran on to 28 lines. Every valid numeral is one (CCCLXXXVIII, 388)."""
    def sonnet(numeral: str) -> str:
        lines = [f"  Line {n} of the sonnet numbered {numeral}, in pentameter," for n in range(1, 13)]
        return f"  {numeral}\n\n" + "\n".join(lines) + "\n    And the couplet closing it,\n    The last line.\n\n"

    source = tmp_path / "sonnets.txt"
    numerals = ["LXXXVI", "LXXXVII", "LXXXVIII", "LXXXIX", "XC", "CXXXVIII"]
    source.write_text("THE SONNETS\n\n\n" + "".join(sonnet(n) for n in numerals), encoding="utf-8")
    into = tmp_path / "book" / "manuscript"
    import_text(source, into, language="en")
    assert [h.split(" {")[0] for h in _headings(into)] == [f"# {n}" for n in numerals]


def test_a_book_of_poems_a_chapter_each_opens_each_on_the_next_page(tmp_path):
    """Spoon River Anthology (Standard Ebooks) is 246 epitaphs, Shakespeare's Sonnets 154 sonnets,
    each a chapter: in print each opened on a recto, most of them after a blank verso, the book
    twice as long as its text. A book most of whose chapters (ten at least) are each a poem alone
    is imported with `print.chapter_start: any`; a book of prose chapters is not."""
    import yaml

    names = ["Hod Putt", "Ollie McGee", "Fletcher McGee", "Serepta Mason", "Amanda Barker", "Chase Henry",
             "Harry Carey Goodhue", "Judge Somers", "Kinsey Keene", "Benjamin Pantier", "Mrs. Benjamin Pantier"]
    poems = "".join(f"<h2>{name}</h2><p>Here I lie close to the grave<br/>Of Old Bill Piersol,<br/>"
                    f"Who grew rich trading with the Indians.</p><p>Here lies {name}.<br/>At last.</p>"
                    for name in names)
    page = tmp_path / "spoon.html"
    page.write_text(f"<html><head><title>Spoon River</title></head><body>{poems}</body></html>", encoding="utf-8")
    into = tmp_path / "poems" / "manuscript"
    import_text(page, into, language="en")
    assert yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))["print"] == {"chapter_start": "any"}
    prose = "".join(f"<h2>{name}</h2><p>He was born in the town and lived there all his life, and "
                    "nobody thought much about it.</p>" for name in names)
    page.write_text(f"<html><head><title>Spoon River</title></head><body>{prose}</body></html>", encoding="utf-8")
    into = tmp_path / "prose" / "manuscript"
    import_text(page, into, language="en")
    assert "print" not in yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))


def test_a_picture_linked_to_a_larger_one_is_the_larger(tmp_path):
    """Project Gutenberg's Songs of Innocence and of Experience shows Blake's plates as thumbnails
    (p0s.jpg, 223 pixels across) linking to the plates (p0b.jpg): the import kept the thumbnail,
    too small to print (96 ppi), and its link to the plate led nowhere in the book. The linked
    picture is the picture; a link to a page stays a link."""
    import io

    from PIL import Image

    for name, size in (("p0s.jpg", (40, 60)), ("p0b.jpg", (400, 600))):
        picture = io.BytesIO()
        Image.new("RGB", size, (200, 180, 150)).save(picture, "JPEG")
        (tmp_path / name).write_bytes(picture.getvalue())
    page = tmp_path / "songs.html"
    page.write_text('<html><head><title>Songs</title></head><body><h1>The Tyger</h1>'
                    '<p><a href="p0b.jpg"><img src="p0s.jpg" alt="Blake’s plate of The Tyger"/></a></p>'
                    '<p>Tyger Tyger, burning bright,<br/>In the forests of the night;</p>'
                    '<p><a href="notes.html"><img src="p0s.jpg" alt="A note"/></a></p></body></html>',
                    encoding="utf-8")
    into = tmp_path / "book" / "manuscript"
    import_text(page, into, language="en")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "![Blake’s plate of The Tyger](images/p0b.jpg)" in text and "](p0b.jpg)" not in text
    assert (into / "images" / "p0b.jpg").stat().st_size > (into / "images" / "p0s.jpg").stat().st_size


def test_a_poem_titled_with_a_long_dash_has_it_drawn_in_the_contents_and_running_heads(tmp_path):
    """Keats's "To ⸻" (Standard Ebooks' name left out, a three-em dash Literata lacks) was drawn
    with em dashes in its text and heading, but the contents page and the running heads set its
    plain title: a box in print, and a warning that no font has the character."""
    import shutil

    import pypdf

    from conftest import MINIMAL_YAML, REPO, build_project, recorded_warnings, write_project

    stanza = "\n".join(f"| Hadst thou lived in days of old, line {n}," for n in range(1, 30))
    poem = "\n\n".join([stanza] * 4)
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": f"# To ⸻\n\n{poem}\n\n# Sonnet\n\n{stanza}\n"})
    shutil.copytree(REPO / "styles", root / "styles")
    with recorded_warnings() as warnings:
        built = build_project(root, ("pdf",))
    text = "".join(page.extract_text() for page in pypdf.PdfReader(built.pdf).pages)
    assert "⸻" not in text and text.count("To ———") >= 3  # the contents, the heading, a running head
    assert not [w for w in warnings if "no font has" in w]


_NEKRASOV = ["В каком году — рассчитывай,", "В какой земле — угадывай,", "На столбовой дороженьке",
             "Сошлись семь мужиков:", "Семь временнообязанных,", "Подтянутой губернии,", "Уезда Терпигорева,",
             "Пустопорожней волости,"]


def test_a_long_poem_with_its_notes_under_each_chapter_stays_verse(tmp_path):
    """«Кому на Руси жить хорошо» as RusLit types it: no blank line between its stanzas, each
    chapter's notes under its last line ("1" over "Кукушка перестает куковать…"). The notes' long
    lines made the chapter no stanza, and six of its chapters were joined as prose, four hundred
    lines run together. The notes go apart, each a paragraph; the verse keeps its lines. Its
    chapters' titles under their labels ("Глава I" over "Поп") were its verse's first lines."""
    note = "Кукушка перестает куковать, когда заколосится хлеб («подавившись колосом», — говорит народ)."
    chapters = ["Глава I\nПоп\n" + "\n".join(_NEKRASOV * 3) + f"\n1\n{note}\n2\nОбычай.",
                "Глава II\nСельская ярмонка\n" + "\n".join(_NEKRASOV * 2),
                "Глава III\nПьяная ночь\n" + "\n".join(_NEKRASOV[::-1] * 3) + f"\n1\n{note}",
                "Эпилог", "I\nГригорий шел задумчиво\n" + "\n".join(_NEKRASOV),
                "II\nСперва большой дорогою\n" + "\n".join(_NEKRASOV)]
    source = tmp_path / "komu.txt"
    source.write_text("Николай Некрасов\nКОМУ НА РУСИ ЖИТЬ ХОРОШО\n" + "\n\n\n".join(chapters) + "\n", encoding="utf-8")
    into = tmp_path / "book" / "manuscript"
    import_text(source, into, language="ru")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert text.count("| В каком году — рассчитывай,") == 10
    assert text.count("| Пустопорожней волости,") == 10
    # Each chapter's title on the line under its label is its title, not a line of its verse; a
    # numeral alone has none, its verse's first line under it.
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# Глава I. Поп", "# Глава II. Сельская ярмонка", "# Глава III. Пьяная ночь", "# Эпилог", "# I", "# II"]
    assert "| Григорий шел задумчиво\n" in text and "| Сперва большой дорогою\n" in text
    assert f"\n\n1 {note}\n\n2 Обычай.\n\n" in text  # each note a paragraph of its own
    assert "волости, 1 Кукушка" not in text and "волости, В каком" not in text


def _dickinson_text() -> str:
    """Poems: Three Series as Project Gutenberg types it: a book ("I. LIFE.") over its poems, each
    its numeral over its title, if it has one, over its stanzas."""
    def poem(numeral: str, title: str | None, first: str) -> str:
        stanza = f"{first}\nOur share of morning,\nOur blank in bliss to fill,\nOur blank in scorning."
        note = "[Published in \"A Masque of Poets\"\nat the request of \"H.H.\"]\n\n" if title == "SUCCESS" else ""
        named = f"{title}\n\n" if title and title.endswith("!") else f"{title}.\n\n" if title else ""
        return f"\n\n\n\n\n{numeral}.\n\n{named}{note}{stanza}\n\n{stanza}\n"
    books = []
    for book, poems in (("I. LIFE", (("I", "SUCCESS", "Success is counted sweetest"),
                                      ("II", None, "Our share of night to bear,"),
                                      ("III", "ROUGE ET NOIR", "Soul, wilt thou toss again?"),
                                      ("IV", "ALMOST!", "Within my reach!"))),
                        ("II. LOVE", (("I", "MINE", "Mine by the right of the white election!"),
                                      ("II", None, "Alter? When the hills do."),
                                      ("III", "SUSPENSE", "Elysium is as far as to")))):
        books.append(f"\n\n\n\n\n\n\n\n\n\n{book}.\n\n" + "".join(poem(*p) for p in poems))
    return "POEMS\n\nby EMILY DICKINSON\n" + "".join(books)


def test_a_collections_books_head_their_numbered_poems(tmp_path):
    """Dickinson's Poems as Project Gutenberg types them: "I. LIFE." over "I." over "SUCCESS."
    over the poem, "II." over the next, untitled. The book's line, read with the poem's numeral
    under it as a table of contents, was a line of text: a series' poems fell under the heading
    before them (a preface's signature, "MABEL LOOMIS TODD.") as its sections, and the build read
    the series as one poem. Each book is a chapter, each poem a section of it."""
    source = tmp_path / "dickinson.txt"
    source.write_text(_dickinson_text(), encoding="utf-8")
    into = tmp_path / "book" / "manuscript"
    import_text(source, into, language="en")
    assert [h.split(" {")[0] for h in _headings(into)] == [
        "# I. LIFE.", "## I. SUCCESS.", "## II", "## III. ROUGE ET NOIR.", "## IV. ALMOST!",
        "# II. LOVE.", "## I. MINE.", "## II", "## III. SUSPENSE."]


def test_a_collections_poems_numbered_alone_are_on_the_contents_page(tmp_path):
    """A poem titled by its numeral alone ("II", between "I. SUCCESS." and "III. ROUGE ET NOIR.")
    is a poem of the collection, listed by its numeral and first line, as a reader looks it up;
    the numbered sections of one poem (Song of Myself's "1" to "52") are still parts of it."""
    from conftest import MINIMAL_YAML, build_project, write_project

    source = tmp_path / "dickinson.txt"
    source.write_text(_dickinson_text(), encoding="utf-8")
    root = tmp_path / "book"
    import_text(source, root / "manuscript", language="en")
    text = (root / "manuscript" / "text.md").read_text(encoding="utf-8")
    write_project(root, MINIMAL_YAML, {"text.md": text + "\n# Song of Myself\n\n## 1\n\n| I celebrate myself,\n"
                                       "| And what I assume you shall assume,\n\n## 2\n\n| Houses and rooms are full "
                                       "of perfumes,\n| The shelves are crowded with perfumes,\n"})
    built = build_project(root, ("html",))
    contents = lxml.html.fromstring((built.html / "index.html").read_text(encoding="utf-8"))
    poems = [" ".join(li.text_content().split()) for li in contents.xpath("//li[@class='poem']")]
    assert poems == ["I. SUCCESS.", "II. Our share of night to bear", "III. ROUGE ET NOIR.", "IV. ALMOST!",
                     "I. MINE.", "II. Alter? When the hills do.", "III. SUSPENSE."]


def test_untitled_poems_are_listed_by_their_first_lines(tmp_path):
    """Blok's first book: 231 poems headed "* * *", each a chapter, and the contents page read
    "* * *" 231 times. An untitled poem is listed by its first line, as it is looked up (under a
    dedication, "Н. Гуну", its verse's)."""
    from conftest import MINIMAL_YAML, build_project, write_project

    poems = "".join(f"# \\* \\* \\*\n\n{over}| {first}\n| Пусть жизнь приносит людям счастье, —\n"
                    "| В моей душе любви весна\n| Не сменит бурного ненастья.\n\n"
                    for over, first in (("", "Пусть светит месяц — ночь темна."),
                                        ("> Н. Гуну\n\n", "Ты много жил, я больше пел…")))
    root = tmp_path / "book"
    write_project(root, MINIMAL_YAML.replace("language: en", "language: ru"),
                  {"text.md": poems + "# Моей матери\n\n| Друг, посмотри, как в равнине небесной\n| Дымное облако.\n"})
    built = build_project(root, ("html",))
    contents = lxml.html.fromstring((built.html / "index.html").read_text(encoding="utf-8"))
    assert [" ".join(a.text_content().split()) for a in contents.xpath("//ol[@class='toc']/li/a")][:3] == [
        "Пусть светит месяц — ночь темна.", "Ты много жил, я больше пел…", "Моей матери"]
    # ...with the text's no-break space before its dash: no line of the contents opens with one.
    assert "месяц\u00a0— ночь" in contents.xpath("//ol[@class='toc']/li/a")[0].text_content()


def test_a_verse_line_s_number_stands_in_the_margin(tmp_path):
    """The Waste Land's EPUB numbers every tenth line in a `<span class="lnum">`, which its
    stylesheet sets at the right: imported with its own class, it ran into the line in every
    edition ("Hofgarten,10")."""
    import pypdfium2 as pdfium

    from conftest import build_project

    lines = [f"Line {n} of the burial, with a few more words" for n in range(1, 13)]
    lines[9] += '<span class="lnum">10</span>'
    source = tmp_path / "poem.html"
    source.write_text("<html><head><title>The Poem</title></head><body><h1>I. The Burial</h1>"
                      "<div class='stanza'>" + "".join(f"<p>{line}</p>" for line in lines) + "</div></body></html>")
    import_text(source, tmp_path / "manuscript")
    assert "words[10]{.line-number}" in (tmp_path / "manuscript" / "text.md").read_text()
    built = build_project(tmp_path, ("pdf",))
    for page in pdfium.PdfDocument(built.pdf):
        text = page.get_textpage()
        found = text.search("Line 10 of")
        if found.get_next() is None:
            continue
        line_box = text.get_charbox(text.get_text_range().index("Line 10 of"))
        number = [text.get_charbox(i) for i in range(text.count_chars())
                  if text.get_text_range(i, 2) == "10" and abs(text.get_charbox(i)[1] - line_box[1]) < 3]
        words_end = max(text.get_charbox(i)[2] for i in range(text.count_chars())
                        if abs(text.get_charbox(i)[1] - line_box[1]) < 3 and text.get_text_range(i, 1) == "s")
        assert [box for box in number if box[0] > words_end + 36]  # half an inch and more right of its words
        break
    else:
        raise AssertionError("line 10 not found in the PDF")


_BLOK_POEM = ("Пусть светит месяц — ночь темна.\nПусть жизнь приносит людям счастье, —\n"
              "В моей душе любви весна\nНе сменит бурного ненастья.\n\n"
              "Ночь распростерлась надо мной\nИ отвечает мертвым взглядом\n"
              "На тусклый взор души больной,\nОблитой острым, сладким ядом.\n")


def test_a_rule_typed_in_a_book_of_poems_is_no_heading_and_asterisms_head_its_poems(tmp_path):
    """Blok's first book in RusLit: its contents list ends on a line of "=====", typed again over
    the poems; the rule matched the list's "entry" and was made a heading of "=====" (five in the
    book). Each untitled poem under its "* * *" is a poem with a heading, as the book prints it;
    in prose the same line parts two scenes."""
    source = tmp_path / "blok.txt"
    source.write_text("СОДЕРЖАНИЕ\n\n  01  \"Пусть светит месяц — ночь темна\"\n  02  \"Ты много жил\"\n"
                      "  03  Одиночество\n\n" + "=" * 65 + "\n\n\n"
                      + "".join(f"            * * *\n\n{_BLOK_POEM}\n{date}\n\n\n" for date in
                                ("Январь 1898", "Февраль 1898", "Март 1898"))
                      + "".join(f"          {title}\n\n{_BLOK_POEM}\n\n" for title in ("ОДИНОЧЕСТВО", "ПОСЛЕ ДОЖДЯ"))
                      + "=" * 65 + "\n\n"
                      + "            * * *\n\n" + _BLOK_POEM, encoding="utf-8")
    into = tmp_path / "blok" / "manuscript"
    import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "# =" not in text and text.count("\n* * *\n") >= 1  # the rules are rules
    assert _headings(into) == ["# \\* \\* \\*"] * 3 + ["# ОДИНОЧЕСТВО", "# ПОСЛЕ ДОЖДЯ", "# \\* \\* \\*"]
    prose = tmp_path / "prose.txt"
    prose.write_text("Глава I\n\n" + "Он шел по улице, и никто не смотрел ему вслед, потому что был вечер.\n\n" * 4
                     + "* * *\n\n" + "Наутро все было иначе, и он вышел из дому рано, пока спали.\n\n" * 4
                     + "Глава II\n\n" + "Прошел год, и никто уже не помнил того вечера и того утра.\n\n" * 4,
                     encoding="utf-8")
    import_text(prose, tmp_path / "prose" / "manuscript")
    assert _headings(tmp_path / "prose" / "manuscript") == ["# Глава I", "# Глава II"]


def _stanzas(first: str, n: int = 2) -> str:
    return "\n\n".join(f"{first},\nВ какой земле — угадывай,\nНа столбовой дороженьке\nСошлись семь мужиков{k}."
                       for k in range(n))


def test_a_long_poem_s_parts_named_and_titled_and_its_title_page(tmp_path):
    """Nekrasov's «Кому на Руси жить хорошо» in RusLit: the author's line over the title's, no
    blank line between, was one paragraph (no title found); the parts titled in capitals over
    what they are in parentheses ("ПОСЛЕДЫШ" over "(Из второй части …)") were lines of text, the
    last one run into its verse; its epilogue's title ran into its first section's numeral."""
    source = tmp_path / "nekrasov.txt"
    source.write_text(
        "Николай Некрасов\nКОМУ НА РУСИ ЖИТЬ ХОРОШО\nЧАСТЬ ПЕРВАЯ\nПролог\n" + _stanzas("В каком году") + "\n\n\n"
        "Глава I\n" + _stanzas("Широкая дороженька") + "\n\n"
        "ПОСЛЕДЫШ\n(Из второй части «Кому на Руси жить хорошо»)\nГлава I\nI\n" + _stanzas("Петровки") + "\n\n"
        "II\n" + _stanzas("Пришли к нему") + "\n\n\n"
        "КРЕСТЬЯНКА\n(Из третьей части «Кому на Руси жить хорошо»)\nПролог\n" + _stanzas("Не всё между мужчинами")
        + "\n\n\nГлава I\n" + _stanzas("Клин Ржи") + "\n\n\n"
        "ПИР НА ВЕСЬ МИР\n(Посвящается Сергею Петровичу Боткину)\n" + _stanzas("В конце села под ивою") + "\n\n\n"
        "Эпилог\nГриша Добросклонов\nI\n" + _stanzas("Беднее захудалого") + "\n\nII\n" + _stanzas("Пел он") + "\n",
        encoding="utf-8")
    into = tmp_path / "book" / "manuscript"
    import_text(source, into)
    meta = (into / "book.yaml").read_text(encoding="utf-8")
    assert "title: КОМУ НА РУСИ ЖИТЬ ХОРОШО" in meta and "- name: Николай Некрасов" in meta
    assert _headings(into) == [
        "# ЧАСТЬ ПЕРВАЯ {.part}", "# Пролог", "# Глава I",
        "# ПОСЛЕДЫШ {.part}", "# Глава I", "## I", "## II",
        "# КРЕСТЬЯНКА {.part}", "# Пролог", "# Глава I",
        "# ПИР НА ВЕСЬ МИР {.part}", "# Эпилог. Гриша Добросклонов {.backmatter}", "## I", "## II"]
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "\n(Посвящается Сергею Петровичу Боткину)\n\n| В конце села под ивою,\n" in text


def test_a_verse_novel_s_stanzas_left_out_are_numbered_sections_over_rows_of_dots(tmp_path):
    """Onegin in RusLit: "XIII. XIV" over three rows of dots, two stanzas Pushkin left out, was
    a line of text and its dots one line of prose, where "XXXIX. XL. XLI" was a section: any run
    of numerals is now the section it numbers, and the dots stay rows, as the book prints them.
    A chapter's epigraph typed right over "I", its source's line under its own, was a stanza."""
    stanza = ("Мой дядя самых честных правил,\nКогда не в шутку занемог,\nОн уважать себя заставил\n"
              "И лучше выдумать не мог.\n")
    source = tmp_path / "onegin.txt"
    source.write_text("\nАлександр Сергеевич Пушкин\nЕвгений Онегин\nРоман в стихах\n\n\nГлава первая\n\n"
                      "И жить торопится, и чувствовать спешит.\nКнязь Вяземский\n"
                      + "".join(f"{n}\n\n{stanza}\n" for n in ("I", "II")) + "III. IV\n\n"
                      + "……………………………………\n" * 3 + "\n" + "".join(f"{n}\n\n{stanza}\n" for n in ("V", "VI"))
                      , encoding="utf-8")
    into = tmp_path / "book" / "manuscript"
    import_text(source, into)
    assert _headings(into) == ["# Глава первая", "## I", "## II", "## III. IV", "## V", "## VI"]
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "## III. IV\n\n" + "| ……………………………………\n" * 3 in text
    # The chapter's epigraph over its source and its first stanza's numeral, no blank line between.
    assert "::: epigraph\nИ жить торопится, и чувствовать спешит.\n\nКнязь Вяземский\n:::" in text


def test_a_verse_novel_s_stanzas_left_out_list_no_stanzas_in_the_contents(tmp_path):
    """Onegin's chapters with stanzas left out ("XIII. XIV" over rows of dots) were taken for
    collections of numbered poems, a numeral with a title after it: the contents listed all 228
    stanzas of five chapters by their first lines, and none of the other three chapters'."""
    from conftest import MINIMAL_YAML, build_project, write_project

    stanza = "| Мой дядя самых честных правил,\n| Когда не в шутку занемог,\n| Он уважать себя заставил\n"
    chapter = ("".join(f"## {n}\n\n{stanza}\n" for n in ("I", "II")) + "## III. IV\n\n"
               + "| ……………………………………\n" * 3 + "\n" + "".join(f"## {n}\n\n{stanza}\n" for n in ("V", "VI")))
    root = tmp_path / "book"
    write_project(root, MINIMAL_YAML.replace("language: en", "language: ru"),
                  {"text.md": f"# Глава первая\n\n{chapter}# Глава вторая\n\n{chapter}"})
    built = build_project(root, ("html",))
    contents = lxml.html.fromstring((built.html / "index.html").read_text(encoding="utf-8"))
    assert [" ".join(a.text_content().split()) for a in contents.xpath("//ol[@class='toc']//a")] == [
        "Глава первая", "Глава вторая"]
