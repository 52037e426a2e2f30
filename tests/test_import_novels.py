"""Long novels as Project Gutenberg and Standard Ebooks give them, each case a few lines of the
book that went wrong: Moby-Dick's tables, Ulysses' episodes, Tristram Shandy's oddities."""

from __future__ import annotations

import re
import zipfile

from conftest import build_project
from publish.importer import import_text
from test_import_formats import _epub


def test_a_table_of_figures_in_a_quotation_keeps_its_figures(tmp_path):
    """Standard Ebooks' Moby-Dick quotes the Dutch whalers' larders as a table without a header in
    a <blockquote> ("400,000 | lbs. of beef"): pandoc wrote its first rule two spaces short, so its
    figures, set flush right, stood past the rule and were read back cut; the import was refused,
    "lost '000'×7". Imported, the figures are whole in the text and in the book."""
    source = _epub(tmp_path / "moby.epub", "<dc:title>Moby-Dick</dc:title>",
                   '<section id="c101" epub:type="chapter"><h2>The Decanter</h2><p>I transcribe the following:</p>'
                   "<blockquote><table><tbody><tr><td>400,000</td><td><abbr>lbs.</abbr> of beef</td></tr>"
                   "<tr><td>2,800</td><td>firkins of butter</td></tr><tr><td>550</td><td>ankers of Geneva</td></tr>"
                   "</tbody></table></blockquote><p>Most statistical tables are parchingly dry.</p></section>")
    into = tmp_path / "moby" / "manuscript"
    report = import_text(source, into)
    assert report.words_in == report.words_out
    built = build_project(into.parent, ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        page = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    cells = re.findall(r">([^<>]*)</t[dh]>", page)
    assert cells[::2] == ["400,000", "2,800", "550"] and cells[1] == "lbs. of beef"


_MOBY_TXT = """MOBY-DICK;

or, THE WHALE.

By Herman Melville



CONTENTS

ETYMOLOGY.

EXTRACTS (Supplied by a Sub-Sub-Librarian).

CHAPTER 1. Loomings.

CHAPTER 2. The Carpet-Bag.




  ETYMOLOGY.


  (Supplied by a Late Consumptive Usher to a Grammar School.)

  The pale Usher--threadbare in coat, heart, body, and brain; I see him
  now. He was ever dusting his old lexicons and grammars.



  EXTRACTS. (Supplied by a Sub-Sub-Librarian).


  It will be seen that this mere painstaking burrower and grub-worm of a
  poor devil of a Sub-Sub appears to have gone through the long Vaticans.

EXTRACTS.

  "And God created great whales." --_Genesis_.




CHAPTER 1. Loomings.

Call me Ishmael. Some years ago--never mind how long precisely--having
little or no money in my purse, I thought I would sail about a little.




CHAPTER 2. The Carpet-Bag.

I stuffed a shirt or two into my old carpet-bag, tucked it under my arm,
and started for Cape Horn and the Pacific.
"""


def test_a_heading_the_contents_lists_with_other_stops_is_a_heading(tmp_path):
    """Gutenberg's Moby-Dick lists "EXTRACTS (Supplied by a Sub-Sub-Librarian)." in its contents
    and heads the section "EXTRACTS. (Supplied by a Sub-Sub-Librarian).": the heading was not
    found, and the Sub-Sub-Librarian's words were quoted at the end of the Etymology. The
    contents' entries are matched whatever their stops: the Extracts are a chapter of their own."""
    source = tmp_path / "moby.txt"
    source.write_text(_MOBY_TXT, encoding="utf-8")
    into = tmp_path / "moby" / "manuscript"
    import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# ETYMOLOGY.", "# EXTRACTS. (Supplied by a Sub-Sub-Librarian).",
                        "# CHAPTER 1. Loomings.", "# CHAPTER 2. The Carpet-Bag."]
    extracts = text.split("# EXTRACTS.")[1]
    assert "It will be seen that this mere painstaking burrower" in extracts


_CETOLOGY = """The Project Gutenberg eBook of Moby-Dick; or The Whale, by Herman Melville

Title: Moby-Dick; or The Whale

Author: Herman Melville

Language: English

*** START OF THIS PROJECT GUTENBERG EBOOK MOBY-DICK; OR THE WHALE ***




CHAPTER 31. Queen Mab.

Next morning Stubb accosted Flask. Such a queer dream, King-Post, I
never had. You know the old man's ivory leg, well I dreamed he kicked
me with it; and when I tried to kick back, upon my soul, my little man,
I kicked my leg right off! And then, presto! Ahab seemed a pyramid, and
I, like a blazing fool, kept kicking at it. But what was still more
curious, Flask, you know how curious all dreams are, through all this
rage that I was in, I somehow seemed to be thinking to myself, that
after all, it was not much of an insult, that kick from Ahab.

CHAPTER 32. Cetology.

Already we are boldly launched upon the deep; but soon we shall be lost
in its unshored, harbourless immensities. Ere that come to pass; ere
the Pequod's weedy hull rolls side by side with the barnacled hulls of
the leviathan; at the outset it is but well to attend to a matter
almost indispensable to a thorough appreciative understanding of the
more special leviathanic revelations and allusions of all sorts which
are to follow.

BOOK III. (_Duodecimo_), CHAPTER I. (_Huzza Porpoise_).—This is the
common porpoise found almost all over the globe. The name is of my own
bestowal; for there are more than one sort of porpoises.

BOOK III. (_Duodecimo_), CHAPTER II. (_Algerine Porpoise_).—A pirate.
Very savage. He is only found, I think, in the Pacific. He is somewhat
larger than the Huzza Porpoise, but much of the same general make.

CHAPTER 33. The Specksnyder.

Concerning the officers of the whale-craft, this seems as good a place
as any to set down a little domestic peculiarity on ship-board.

*** END OF THIS PROJECT GUTENBERG EBOOK MOBY-DICK; OR THE WHALE ***
"""


def test_a_paragraph_opening_like_a_heading_with_a_sentence_run_in_stays_a_paragraph(tmp_path):
    """Moby-Dick's Cetology: "BOOK III. (Duodecimo), CHAPTER II. (Algerine Porpoise).—A pirate."
    over "Very savage. He is only found…" was a part's heading, its page in the contents
    ("book iii. … – a pirate."), and cut its paragraph in two. Closed by a stop, its "title"
    holds a sentence run in after a dash: it is the paragraph's first line."""
    source = tmp_path / "moby.txt"
    source.write_text(_CETOLOGY, encoding="utf-8")
    into = tmp_path / "moby" / "manuscript"
    import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# CHAPTER 31. Queen Mab.", "# CHAPTER 32. Cetology.", "# CHAPTER 33. The Specksnyder."]
    assert "BOOK III. (*Duodecimo*), CHAPTER II. (*Algerine Porpoise*).—A pirate. Very savage." in text


def test_a_subtitle_in_brackets_follows_its_heading_without_a_colon(tmp_path):
    """Standard Ebooks' Moby-Dick groups "Etymology" with "(Supplied by a Late Consumptive Usher
    to a Grammar School)": joined with a colon as a numbered chapter's title is, the contents read
    "Etymology: (Supplied by…)". A subtitle in brackets follows its heading as it stands."""
    source = _epub(tmp_path / "moby.epub", "<dc:title>Moby-Dick</dc:title>",
                   '<section id="etymology" epub:type="preamble"><hgroup><h2 epub:type="title">Etymology</h2>'
                   "<p>(Supplied by a Late Consumptive Usher to a Grammar School)</p></hgroup>"
                   "<p>The pale Usher, threadbare in coat, heart, body, and brain; I see him now.</p></section>",
                   '<section id="chapter-1" epub:type="chapter"><hgroup><h2 epub:type="ordinal">I</h2>'
                   '<p epub:type="title">Loomings</p></hgroup><p>Call me Ishmael.</p></section>')
    into = tmp_path / "moby" / "manuscript"
    import_text(source, into)
    headings = [line for line in (into / "text.md").read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    assert [h.split(" {")[0].lstrip("#") for h in headings] == [
        " Etymology (Supplied by a Late Consumptive Usher to a Grammar School)", " I: Loomings"]


def test_a_comment_in_a_tables_cell_builds(tmp_path):
    """Standard Ebooks' Moby-Dick keeps an HTML comment in a cell of the Etymology's table of
    names for the whale ("Κητος<!--https://github.com/…/issues/12 -->"): the build stopped on an
    internal error reading the cell's text for figures. The comment is no text: the book builds."""
    rows = "".join(f"<tr><td>{name}</td><td>{tongue}</td></tr>" for name, tongue in (
        ("Hebrew", "Tongue"), ("Κητος<!--https://github.com/standardebooks/issues/12 -->", "Greek."),
        ("Cetus", "Latin."), ("Whœl", "Anglo-Saxon."), ("Hvalt", "Danish.")))
    source = _epub(tmp_path / "moby.epub", "<dc:title>Moby-Dick</dc:title>",
                   '<section id="etymology" epub:type="chapter"><h2>Etymology</h2><p>The pale Usher.</p>'
                   f"<blockquote><table><tbody>{rows}</tbody></table></blockquote></section>")
    into = tmp_path / "moby" / "manuscript"
    import_text(source, into)
    built = build_project(into.parent, ("epub",))
    with zipfile.ZipFile(built.epub) as z:
        page = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    assert "Κητος" in page and "Anglo-Saxon." in page


def _bleak_house_html(chapters: int = 3) -> str:
    """Gutenberg's Bleak House as its HTML is set: a byline in two headings above the chapters'
    level, a contents table in a centred div after blank paragraphs, and each chapter's label
    (`<h4>`) a level under its title (`<h3>`)."""
    titles = [("I", "In Chancery"), ("II", "In Fashion"), ("III", "A Progress"),
              ("IV", "Telescopic Philanthropy")][:chapters]
    chapters = "".join(
        f'<p><a name="c{n}" id="c{n}"></a>&nbsp;</p>\n<h4>CHAPTER {roman}</h4>\n<h3>{title}<br />&nbsp;</h3>\n'
        + "".join(f"<p>{title}, paragraph {k}: London. Michaelmas term lately over, and the Lord Chancellor "
                  f"sitting in Lincoln's Inn Hall.</p>\n" for k in range(4))
        for n, (roman, title) in enumerate(titles, 1))
    rows = "".join(f'<tr><td align="right"><a href="#c{n}">{roman}.</a></td><td>{title}</td></tr>\n'
                   for n, (roman, title) in enumerate(titles, 1))
    return f"""<html><head><title>The Project Gutenberg eBook of Bleak House</title></head><body>
<h1>The Project Gutenberg eBook, Bleak House, by Charles Dickens</h1>
<p>Title: Bleak House</p>
<p>Author: Charles Dickens</p>
<p>Language: English</p>
<p>***START OF THE PROJECT GUTENBERG EBOOK BLEAK HOUSE***</p>
<p>&nbsp;</p>
<h1>BLEAK HOUSE</h1>
<p>&nbsp;</p>
<h4>by</h4>
<h2>Charles Dickens</h2>
<p>&nbsp;</p>
<hr />
<h3>CONTENTS</h3>
<p>&nbsp;</p>
<div class="center"><table>
<tr><td align="right"><a href="#cP">Preface</a></td><td></td></tr>
{rows}</table></div>
<p><a name="cP" id="cP"></a>&nbsp;</p>
<h3>PREFACE</h3>
<p>A Chancery judge once had the kindness to inform me, as one of a company of some hundred and fifty men.</p>
{chapters}
<p>***END OF THE PROJECT GUTENBERG EBOOK BLEAK HOUSE***</p>
</body></html>
"""


def test_a_chapters_label_set_under_its_title_heads_it_with_the_title(tmp_path):
    """Gutenberg's Bleak House heads each chapter `<h4>CHAPTER I</h4>` over `<h3>In Chancery</h3>`:
    the import made 67 empty sections "CHAPTER I" inside the previous chapter, kept the byline
    ("by" / "Charles Dickens", a chapter of nothing) and the old contents table as a chapter. Each
    chapter is "CHAPTER I. In Chancery"; the byline and the contents are set aside."""
    source = tmp_path / "bleak.htm"
    source.write_text(_bleak_house_html(), encoding="utf-8")
    into = tmp_path / "bleak" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    headings = [line.rstrip() for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# PREFACE", "# CHAPTER I. In Chancery", "# CHAPTER II. In Fashion",
                        "# CHAPTER III. A Progress"]
    assert "Charles Dickens" not in text.split("# PREFACE")[0]
    assert "Charles Dickens" in (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "In Fashion" in (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    joined = [line for line in report.decisions if line.startswith("heading:") and "under" in line]
    assert len(joined) == 3 and "'In Chancery' under 'CHAPTER I'" in joined[0]  # 67 lines in Bleak House
    four = tmp_path / "four.htm"
    four.write_text(_bleak_house_html(4), encoding="utf-8")
    said = [line for line in import_text(four, tmp_path / "four" / "manuscript").decisions
            if line.startswith("heading:") and "under" in line]
    assert len(said) == 4 and said[-1].endswith("1 more titles under their labels, to 'CHAPTER IV. "
                                                "Telescopic Philanthropy'")


def _vanity_fair_html() -> str:
    """Gutenberg's Vanity Fair as its HTML is set: `<h3>by</h3>` and `<h2>` its author under the
    title, a preface in `<h3>` over pages of prose, and each chapter's label and title two `<h3>`s."""
    prose = " ".join(["As the manager of the Performance sits before the curtain on the boards and looks "
                      "into the Fair, a feeling of profound melancholy comes over him."] * 8)
    chapters = "".join(f'<a name="chap{n}"></a><h3 align="center">CHAPTER {roman}</h3>\n'
                       f'<h3 align="center">{title}</h3>\n' + f"<p>{title}: {prose}</p>\n" * 2
                       for n, (roman, title) in enumerate([("I", "Chiswick Mall"), ("II", "In Which Miss Sharp "
                                                           "and Miss Sedley Prepare to Open the Campaign")], 1))
    return f"""<html><head><title>The Project Gutenberg eBook of Vanity Fair</title></head><body>
<p>Title: Vanity Fair</p>
<p>Author: William Makepeace Thackeray</p>
<p>*** START OF THE PROJECT GUTENBERG EBOOK VANITY FAIR ***</p>
<h1 align="center">Vanity Fair</h1>
<h3 align="center">by</h3>
<h2 align="center">William Makepeace Thackeray</h2>
<h3 align="center">BEFORE THE CURTAIN</h3>
<p>{prose}</p>
<p>{prose}</p>
{chapters}
<p>*** END OF THE PROJECT GUTENBERG EBOOK VANITY FAIR ***</p>
</body></html>
"""


def test_a_byline_over_a_preface_and_labels_beside_their_titles(tmp_path):
    """Vanity Fair came in as one section under its author's name ('## William Makepeace
    Thackeray') holding 134 chapters, each label ('CHAPTER I') a chapter of nothing before its
    title's. The byline goes with the title page, the preface keeps its heading and its prose,
    and each chapter is 'CHAPTER I. Chiswick Mall'."""
    source = tmp_path / "vanity.htm"
    source.write_text(_vanity_fair_html(), encoding="utf-8")
    into = tmp_path / "vanity" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    headings = [line.split(" {")[0] for line in text.splitlines() if line.startswith("#")]
    assert headings == ["# BEFORE THE CURTAIN", "# CHAPTER I. Chiswick Mall",
                        "# CHAPTER II. In Which Miss Sharp and Miss Sedley Prepare to Open the Campaign"]
    assert "Thackeray" not in text and "Thackeray" in (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert text.count("As the manager") == 8 * 6 and "BEFORE THE CURTAIN" in report.headings[0]


def test_a_pictures_broken_attribute_costs_no_words(tmp_path):
    """Gutenberg's Huckleberry Finn sets a picture `height="1004&rdquo; width=&rdquo; />`: the value
    runs on to the next quote, and `preserve"` after it is an attribute named with a quote, which
    the Markdown writer kept; read back, the picture's braces were words and the book was refused
    ('added width×2, style×1, …'). The misnamed attribute goes; the picture and the verse stay."""
    from PIL import Image

    (tmp_path / "images").mkdir()
    Image.new("RGB", (40, 60), (20, 20, 20)).save(tmp_path / "images" / "c21-181.jpg")
    source = tmp_path / "huck.htm"
    source.write_text('<html><body><h1>CHAPTER XXI.</h1><p>This is the speech, I learned it.</p>\n<p>\n'
                      '<img alt="c21-181.jpg (157K)" src="images/c21-181.jpg" style="width:100%;"\n'
                      ' height="1004&rdquo;        width=&rdquo; />\n</p>\n<pre xml:space="preserve">\n'
                      "  To be, or not to be; that is the bare bodkin\n</pre>\n<p>More of it.</p></body></html>",
                      encoding="utf-8")
    into = tmp_path / "huck" / "manuscript"
    import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "images/c21-181.jpg" in text and 'preserve"' not in text and "bare bodkin" in text


def test_a_book_in_one_div_under_a_knighted_byline_has_its_stories(tmp_path):
    """Gutenberg's Adventures of Sherlock Holmes sets the whole book in `<div class="book">`, its
    title page `<h3>BY</h3>` over `<h2>SIR ARTHUR CONAN DOYLE</h2>` (the header: "Arthur Conan
    Doyle"), its twelve stories in `<h3>`: read as two blocks, it came in as no chapter at all.
    The div is opened, the byline goes with the title page, each story is a chapter."""
    stories = "".join(f'<center><h3><a name="{n}">ADVENTURE {roman}. {title}</a></h3></center>\n<p>I.</p>\n'
                      + f"<p>{title.title()}: to Sherlock Holmes she is always the woman, and the rest.</p>\n" * 3
                      for n, (roman, title) in enumerate([("I", "A SCANDAL IN BOHEMIA"),
                                                          ("II", "THE RED-HEADED LEAGUE")], 1))
    source = tmp_path / "holmes.htm"
    source.write_text(f"""<html><body><p>Title: The Adventures of Sherlock Holmes</p>
<p>Author: Arthur Conan Doyle</p>
<p>*** START OF THE PROJECT GUTENBERG EBOOK THE ADVENTURES OF SHERLOCK HOLMES ***</p>
<div class="book"><hr><center><h1>THE ADVENTURES OF<br>SHERLOCK HOLMES</h1><br><h3>BY</h3><br>
<h2>SIR ARTHUR CONAN DOYLE</h2><hr><h2>CONTENTS</h2></center>
<table><tr><td>I.</td><td><a href="#1">A Scandal in Bohemia</a></td></tr>
<tr><td>II.</td><td><a href="#2">The Red-Headed League</a></td></tr></table><hr>
{stories}</div>
<p>*** END OF THE PROJECT GUTENBERG EBOOK THE ADVENTURES OF SHERLOCK HOLMES ***</p></body></html>""",
                      encoding="utf-8")
    into = tmp_path / "holmes" / "manuscript"
    report = import_text(source, into)
    assert report.headings == ["ADVENTURE I. A SCANDAL IN BOHEMIA", "ADVENTURE II. THE RED-HEADED LEAGUE"]
    text = (into / "text.md").read_text(encoding="utf-8")
    assert text.lstrip("-\n").startswith("# ") and "DOYLE" not in text


def test_chapter_labels_as_paragraphs_under_the_front_matters_headings_are_chapters(tmp_path):
    """Gutenberg's Huckleberry Finn heads its contents and list of illustrations in <h2>, its
    chapters with paragraphs "CHAPTER II." alone: as the document had headings, those were not
    looked for, and its 43 chapters came in as one. Labels after the last heading are chapters;
    its contents, a paragraph of links and summaries, is set aside; each drawing its list of
    illustrations links to is captioned by its entry, the one under a chapter's anchor opens it."""
    from PIL import Image

    (tmp_path / "images").mkdir()
    drawings = [("c01-02", "The Widows"), ("c02-22", "They Tip-toed Along"), ("c03-30", "Miss Watson's Lecture")]
    for name, _ in drawings:
        Image.new("RGB", (40, 60), (20, 20, 20)).save(tmp_path / "images" / f"{name}.jpg")
    chapters = "".join(f'<p><br /> <a name="{name}" id="{name}"></a><br /> <a name="c{n}" id="c{n}"></a></p>\n'
                       f'<div class="fig" style="width:60%">\n<img alt="{name}.jpg (182K)" src="images/{name}.jpg" '
                       f'style="width:100%;" /><br />\n</div>\n<p><br /><br /></p>\n<p>\n  <br /> <br /> CHAPTER {roman}.\n'
                       "</p>\n" + "<p>YOU don't know about me without you have read a book by the name of Tom "
                       "Sawyer.</p>\n" * 3 + "<hr />\n"
                       for n, (roman, (name, _)) in enumerate(zip(["I", "II", "III"], drawings), 1))
    listed = "<br />\n<br />\n".join(f'<a href="#{name}">{caption}</a>' for name, caption in drawings)
    source = tmp_path / "huck.htm"
    source.write_text(f"""<html><body><p>Title: Adventures of Huckleberry Finn, Complete</p>
<p>Author: Mark Twain (Samuel Clemens)</p>
<p>*** START OF THE PROJECT GUTENBERG EBOOK HUCKLEBERRY FINN ***</p>
<h1>ADVENTURES OF HUCKLEBERRY FINN</h1><h3>(Tom Sawyer's Comrade)</h3><h2>By Mark Twain</h2><h2>Complete</h2>
<h2>CONTENTS.</h2><p><a href="#c1">CHAPTER I.</a><br /> Civilizing Huck.<br /><br /><a href="#c2">CHAPTER II.</a>
<br /> The Boys Escape Jim.</p>
<h2>ILLUSTRATIONS.</h2><p>{listed}&nbsp;&nbsp;<br /></p>
{chapters}<p>*** END OF THE PROJECT GUTENBERG EBOOK HUCKLEBERRY FINN ***</p></body></html>""", encoding="utf-8")
    into = tmp_path / "huck" / "manuscript"
    report = import_text(source, into)
    assert report.headings[-3:] == ["CHAPTER I.", "CHAPTER II.", "CHAPTER III."]
    assert "Comrade" in (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "Escape Jim" in (into / "source-edition-matter.txt").read_text(encoding="utf-8")
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "- [They Tip-toed Along](#c02-22)" in text and "182K" not in text
    assert re.search(r"^# CHAPTER II\.\n\n!\[They Tip-toed Along\]\(images/c02-22\.jpg\)\{#c02-22", text, re.M)


def test_a_books_text_in_several_book_divs_is_opened(tmp_path):
    """Gutenberg's A Christmas Carol sets its staves in `<div class="book">`s, a plate between them
    under its caption in an `<h4>`: read as a few blocks, its 716 paragraphs were 8. Each is
    opened; a plate stays under its caption, which is no chapter's heading."""
    staves = "".join(f'<div class="book"><h2><a name="link{n}">STAVE {n}.</a></h2>\n'
                     + "<p>Marley was dead: to begin with. There is no doubt whatever about that.</p>\n" * 3
                     + f'</div>\n<h4><a name="plate{n}"></a><i>Plate {n}</i></h4>\n<div class="fig">'
                     f'<img src="images/p.png" alt="Plate {n}" /><br /></div>\n' for n in (1, 2))
    source = tmp_path / "carol.htm"
    source.write_text(f"<html><body>{staves}</body></html>", encoding="utf-8")
    into = tmp_path / "carol" / "manuscript"
    report = import_text(source, into)
    assert any("<div class=\"book\">) opened" in line for line in report.decisions)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "::: book" not in text and text.count("Marley was dead") == 6
    assert "#### *Plate 1*\n\n::: fig\n" in text


def test_a_plate_linked_larger_from_a_heading_under_it_comes_in_once(tmp_path):
    """Gutenberg's Pickwick Papers sets each plate over a heading that holds only an "enlarge" icon
    linking to the large scan: the plate came in twice, the second a heading of no words (44 so).
    The large scan takes the plate's place and the heading goes."""
    from PIL import Image

    (tmp_path / "images").mkdir()
    for name in ("0037m.jpg", "0037.jpg", "enlarge.jpg"):
        Image.new("RGB", (40, 60), (20, 20, 20)).save(tmp_path / "images" / name)
    source = tmp_path / "pickwick.htm"
    source.write_text('<html><body><h2>CHAPTER I. THE PICKWICKIANS</h2><p>The first ray of light.</p>\n'
                      '<div class="fig" style="width:50%;"><img width="100%" src="images/0037m.jpg" alt="0037m " />'
                      '<br /></div>\n<h5><a href="images/0037.jpg"><img src="images/enlarge.jpg" alt="" /> </a></h5>\n'
                      "<p>Mr. Pickwick observed that fame was dear to the heart of every man.</p></body></html>",
                      encoding="utf-8")
    into = tmp_path / "pickwick" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert text.count("images/0037") == 1 and "images/0037.jpg" in text and "#####" not in text
    assert report.headings == ["CHAPTER I. THE PICKWICKIANS"]
