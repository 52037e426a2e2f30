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


_PARA = ("Nous étions à l'Étude, quand le Proviseur entra, suivi d'un nouveau habillé en\n"
         "bourgeois et d'un garçon de classe qui portait un grand pupitre. Ceux qui\n"
         "dormaient se réveillèrent, et chacun se leva comme surpris dans son au-\n"
         "dessus travail, vers la fin d'octobre, à l'époque de la foire Saint-\n"
         "Romain.\n")


def _bovary_txt() -> str:
    listed = "\n".join(["PREMIÈRE PARTIE", "I", "II", "III", "DEUXIÈME PARTIE", "I", "II", "III",
                        "TROISIÈME PARTIE", "I", "II"])
    parts = []
    for part, chapters in (("PREMIÈRE", 3), ("DEUXIÈME", 3), ("TROISIÈME", 2)):
        parts.append(f"{part} PARTIE\n\n")
        parts += [f"{n}\n\n{_PARA}\n{_PARA}\n" for n in ("I", "II", "III")[:chapters]]
    return ("Gustave Flaubert\nMADAME BOVARY\n\n\n(1857)\n\n\nTable des matières\n\n" + listed +
            "\n\n\nÀ Marie-Antoine-Jules Senard\n\nMEMBRE DU BARREAU DE PARIS\n\nCher et illustre ami,\n\n"
            "Permettez-moi d'inscrire votre nom en tête de ce livre, car c'est à vous que j'en\n"
            "dois la publication.\n\nGUSTAVE FLAUBERT\n\n\nÀ Louis Bouilhet\n\n\n" + "".join(parts))


def test_a_contents_list_of_numerals_under_parts_is_set_aside_whole(tmp_path):
    """Madame Bovary's "Table des matières" lists each part's title over its chapters' numerals,
    I, II… again under each part: the list ended at the second part's "I", taken for the text
    beginning, and its other 26 numerals became the text's first lines, the last "XI" a heading
    joined to the dedication ("XI. À Marie-Antoine-Jules Senard")."""
    source = tmp_path / "bovary.txt"
    source.write_text(_bovary_txt(), encoding="utf-8")
    into = tmp_path / "bovary" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    before = text.split("À Marie-Antoine-Jules Senard\n", 1)[0]
    assert not re.search(r"^[IVX]+\.?$|Senard", before, re.M), before
    assert re.findall(r"^# .*", text, re.M) == [
        "# PREMIÈRE PARTIE {.part}", "# I", "# II", "# III", "# DEUXIÈME PARTIE {.part}", "# I", "# II", "# III",
        "# TROISIÈME PARTIE {.part}", "# I", "# II"]
    aside = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert aside.count("\nI\n") == 3 and "TROISIÈME PARTIE" in aside
    assert report.words_in == report.words_out + report.words_moved + report.words_set_aside


def test_a_word_wrapped_at_its_hyphen_is_one_word_again(tmp_path):
    """Hard-wrapped texts break compounds at their hyphen ("au-" over "dessus", The Importance of
    Being Earnest's "smoking-" over "room"): joined with a space they read "au- dessus"."""
    source = tmp_path / "bovary.txt"
    source.write_text(_bovary_txt(), encoding="utf-8")
    into = tmp_path / "bovary" / "manuscript"
    import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "son au-dessus travail" in text and "la foire Saint-Romain." in text
    assert "au- " not in text and "Saint- " not in text


_CANDIDE_TXT = """The Project Gutenberg EBook of Candide, by Voltaire

Title: Candide

Author: Voltaire

Language: French

*** START OF THIS PROJECT GUTENBERG EBOOK CANDIDE ***




The Project Gutenberg Etext of Candide
by Voltaire
(#6 in our series by Voltaire)

***

Produced by Carlo Traverso

We thank the Bibliotheque Nationale de France that has made available
the image files at www://gallica.bnf.fr, authorizing the preparation
of the etext through OCR.




                                OEUVRES

                                  DE

                               VOLTAIRE.

                              TOME XXXIII

                 DE L' IMPRIMERIE DE A. FIRMIN DIDOT,

                           RUE JACOB, Nº 24.

                              MDCCCXXIX.



Préface de l'Éditeur


_Candide_ parut au plus tard en mars 1759.  Le roi de Prusse en
accuse réception par sa lettre du 28 du mois d'avril.

Voltaire en avait envoyé le manuscrit à la duchesse de La
Vallière, qui lui fit répondre qu'il aurait pu se passer d'y
mettre tant d'indécences.

                                                 BEUCHOT.

4 octobre 1829.




                               CANDIDE,

                                  ou

                             L'OPTIMISME,

                         TRADUIT DE L'ALLEMAND

      QU'ON A TROUVÉES DANS LA POCHE DU DOCTEUR, LORSQU'IL MOURUT

                                 1759



CHAPITRE I.

Comment Candide fut élevé dans un beau château.

Il y avait en Vestphalie, dans le château de M. le baron de
Thunder-ten-tronckh, un jeune garçon à qui la nature avait donné
les moeurs les plus douces.

CHAPITRE II.

Ce que devint Candide parmi les Bulgares.

Candide, chassé du paradis terrestre, marcha longtemps sans savoir
où, pleurant, levant les yeux au ciel.

*** END OF THIS PROJECT GUTENBERG EBOOK CANDIDE ***
"""


def test_an_old_etexts_credit_and_centred_title_page_are_set_aside(tmp_path):
    """Gutenberg's Candide opens with the old e-text's own heading, its "Produced by" credit and
    the producers' thanks to the Bibliothèque nationale, then the 1829 edition's title page set
    centred ("OEUVRES / DE / VOLTAIRE. / TOME XXXIII / …"): the thanks stayed as the book's first
    paragraphs and the title page's lines became eleven headings and a part; the "Préface de
    l'Éditeur" was a paragraph of the text, its signature set right ("BEUCHOT.") a chapter, and
    the half title over chapter I ("CANDIDE, / ou / L'OPTIMISME, / …") two more."""
    source = tmp_path / "candide.txt"
    source.write_bytes(_CANDIDE_TXT.encode("latin-1"))
    into = tmp_path / "candide" / "manuscript"
    report = import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    headings = re.findall(r"^# .*", text, re.M)
    assert headings[0] == "# Préface de l'Éditeur {.frontmatter}" and len(headings) == 3, headings
    assert [h.split(".")[0] for h in headings[1:]] == ["# CHAPITRE I", "# CHAPITRE II"]
    assert "gallica" not in text and "OEUVRES" not in text and "FIRMIN" not in text
    assert "gallica" in (into / "gutenberg-licence.txt").read_text(encoding="utf-8")
    aside = (into / "source-title-pages.txt").read_text(encoding="utf-8")
    assert "FIRMIN DIDOT" in aside and "LA POCHE DU DOCTEUR" in aside and "POCHE" not in text
    assert re.search(r"^(?:> )?BEUCHOT\.$", text, re.M)  # a line of the preface, not a heading
    assert report.words_in == report.words_out + report.words_moved + report.words_set_aside + sum(
        report.markup_words.values())


def test_chapter_titles_wrapped_over_two_lines_are_the_chapters_titles(tmp_path):
    """Candide's chapters: "CHAPITRE I." over its title wrapped over two lines and closed by a
    stop, "Comment Candide fut élevé dans un beau château, et comment il fut" / "chassé
    d'icelui.": only the one-line titles were taken (7 of 30), the others were the chapters'
    first paragraphs. When nearly every label stands over such lines, they are its title; a
    chapter opening on a line of speech keeps it."""
    titles = ["Comment Candide fut élevé dans un beau château, et comment il fut\nchassé d'icelui.",
              "Ce que devint Candide parmi les Bulgares.",
              "Comment Candide se sauva d'entre les Bulgares, et ce qu'il\ndevint.",
              "Comment Candide rencontra son ancien maître de philosophie, le\ndocteur Pangloss, et ce qui en advint.",
              "Tempête, naufrage, tremblement de terre, et ce qui advint du\ndocteur Pangloss, de Candide.",
              "Comment on fit un bel auto-da-fé pour empêcher les tremblements\nde terre."]
    prose = ("Il y avait en Vestphalie, dans le château de M. le baron de\nThunder-ten-tronckh, un jeune "
             "garçon à qui la nature avait donné\nles moeurs les plus douces.  Sa physionomie annonçait son âme.\n")
    numerals = ["I", "II", "III", "IV", "V", "VI"]
    chapters = "".join(f"CHAPITRE {n}.\n\n{t}\n\n{prose}\n{prose}\n\n" for n, t in zip(numerals, titles, strict=True))
    source = tmp_path / "candide.txt"
    source.write_text("CANDIDE\n\npar Voltaire\n\n\n" + chapters, encoding="utf-8")
    into = tmp_path / "candide" / "manuscript"
    import_text(source, into)
    headings = re.findall(r"^# .*", (into / "text.md").read_text(encoding="utf-8"), re.M)
    assert headings[0] == ("# CHAPITRE I. Comment Candide fut élevé dans un beau château, et comment il fut "
                           "chassé d'icelui.")
    assert len(headings) == 6 and all(". " in h for h in headings), headings
    # Chapters opening with a short paragraph now and then keep it as their text.
    source.write_text("CANDIDE\n\npar Voltaire\n\n\n" + "".join(
        f"CHAPITRE {n}.\n\n{titles[k] if k < 2 else prose}\n\n{prose}\n\n" for k, n in enumerate(numerals)),
        encoding="utf-8")
    import_text(source, into, force=True)
    headings = re.findall(r"^# .*", (into / "text.md").read_text(encoding="utf-8"), re.M)
    assert headings[0] == "# CHAPITRE I" and headings[2] == "# CHAPITRE III", headings


def test_a_chapter_title_wrapped_onto_two_more_lines_is_the_heading(tmp_path):
    """Don Quixote's long titles run from their label onto two more lines in lower case, with no
    stop at the end ("Capítulo VIII. Del buen suceso que el valeroso don Quijote tuvo en la" /
    "espantable y jamás imaginada aventura…" / "sucesos dignos de felice recordación"): taken for
    a paragraph running on, 17 of the 126 chapters were text."""
    prose = ("En esto, descubrieron treinta o cuarenta molinos de viento que hay en aquel\ncampo; y, así "
             "como don Quijote los vio, dijo a su escudero:\n\n")
    source = tmp_path / "quijote.txt"
    source.write_text(
        "Capítulo VII. De la segunda salida de nuestro buen caballero don Quijote de\nla Mancha\n\n\n" + prose * 3 +
        "Capítulo VIII. Del buen suceso que el valeroso don Quijote tuvo en la\nespantable y jamás imaginada "
        "aventura de los molinos de viento, con otros\nsucesos dignos de felice recordación\n\n\n" + prose * 3 +
        "Capítulo IX. Donde se concluye y da fin a la estupenda batalla\n\n\n" + prose * 3, encoding="utf-8")
    into = tmp_path / "quijote" / "manuscript"
    import_text(source, into)
    headings = re.findall(r"^# .*", (into / "text.md").read_text(encoding="utf-8"), re.M)
    assert headings == [
        "# Capítulo VII. De la segunda salida de nuestro buen caballero don Quijote de la Mancha",
        "# Capítulo VIII. Del buen suceso que el valeroso don Quijote tuvo en la espantable y jamás imaginada "
        "aventura de los molinos de viento, con otros sucesos dignos de felice recordación",
        "# Capítulo IX. Donde se concluye y da fin a la estupenda batalla"], headings


def test_a_collection_s_titles_in_capitals_right_over_their_stories(tmp_path):
    """Chekhov's stories as RusLit types each ("КРЫЖОВНИК" right over its first paragraph, one
    paragraph a line), gathered in one file after blank lines: the titles were lines of text, three
    of six stories run into the one before; a title set apart by blank lines was found."""
    story = ("— Порфирий! — воскликнул толстый, увидев тонкого. — Ты ли это? Голубчик мой!\n"
             "Приятели троекратно облобызались и устремили друг на друга глаза, полные слез.\n"
             "Оба были приятно ошеломлены. Тонкий рассказывал о себе, а толстый слушал.\n")
    source = tmp_path / "chekhov.txt"
    source.write_text("Антон Павлович Чехов\nРассказы\n\n\nТОЛСТЫЙ И ТОНКИЙ\n" + story + "\n\n\nКРЫЖОВНИК\n" + story
                      + "\n\n\nО ЛЮБВИ\n" + story, encoding="utf-8")
    into = tmp_path / "book" / "manuscript"
    import_text(source, into)
    text = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in text.splitlines() if line.startswith("#")] == [
        "# ТОЛСТЫЙ И ТОНКИЙ", "# КРЫЖОВНИК", "# О ЛЮБВИ"]
    assert "title: Рассказы" in (into / "book.yaml").read_text(encoding="utf-8")


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
                       f'style="width:100%;" /><br />\n</div>\n<p><br /><br /></p>\n'
                       f'<p>\n  <br /> <br /> CHAPTER {roman}.\n'
                       "</p>\n" + "<p>YOU don't know about me without you have read a book by the name of Tom "
                       "Sawyer.</p>\n" * 3 + "<hr />\n"
                       for n, (roman, (name, _)) in enumerate(zip(["I", "II", "III"], drawings, strict=True), 1))
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
