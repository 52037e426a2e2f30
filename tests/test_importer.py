"""publish import: the seed manuscript and small synthetic inputs, checked through pandoc."""

from __future__ import annotations

import json
from pathlib import Path

import pypandoc
import pytest
import yaml

from publish import importer
from publish.errors import PublishError
from publish.importer import RULE_BLANK, RULE_INDENT, RULE_LINE, import_text
from publish.importer.text import detect_language
from publish.metadata import load_metadata
from seed_words import require_seed, seed_body_lines, seed_body_words, seed_metadata_lines, words

REPO = Path(__file__).absolute().parents[1]
LONG = (
    "This body paragraph is long enough, at well over a hundred characters, that the text cannot be"
    " mistaken for hard-wrapped prose."
)


def to_plain(markdown: str, reader: str = "markdown") -> str:
    return pypandoc.convert_text(markdown, "plain", format=reader, extra_args=["--wrap=none"])


def ast(markdown: str, reader: str = "markdown") -> dict:
    return json.loads(pypandoc.convert_text(markdown, "json", format=reader))


def blocks(markdown: str, reader: str = "markdown") -> list[dict]:
    return ast(markdown, reader)["blocks"]


def volume(body: list[str], number: str = "No III of XL") -> str:
    """A small series volume laid out like the seed: front block, body, closing block."""
    return "\n".join([
        "Secret Intelligence Service", "", "Red Star", "",
        "A series blurb: long enough to count as prose rather than one more short series line.",
        "", "A tagline", "", number, "", *body, "", "", "",
        "Secret Intelligence Service", "", "Red Star", "", number.replace("No ", "No. "), "",
        "Motto words",
    ])


def run_import(tmp_path: Path, data: bytes, **kwargs):
    source = tmp_path / "source.txt"
    source.write_bytes(data)
    report = import_text(source, tmp_path / "manuscript", **kwargs)
    return report, tmp_path / "manuscript"


# --- the seed ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_import(tmp_path_factory):
    seed = require_seed()
    into = tmp_path_factory.mktemp("seed") / "manuscript"
    report = import_text(seed, into)
    return report, yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8")), (
        into / "text.md"
    ).read_text(encoding="utf-8")


def test_seed_book_yaml_has_the_series_blocks(seed_import):
    _, book, _ = seed_import
    series = book["series"]
    assert (series["number"], series["total"], series["numbering"]) == (10, 40, "roman")
    assert series["name"] == "Secret Intelligence Service"
    assert series["lines"] == ["Red Star", "Soviet Military Intelligence"]
    assert series["blurb"].startswith("In order to know, understand and predict someone")
    assert series["blurb"].endswith("step into their mind")
    assert series["description"].startswith("This is a very large collection of era-specific papers")
    assert series["tagline"] == "Attention to the point of view"
    assert book["motto"] == "Adversitate. Custodi. Per Verum"
    assert book["language"] == "en" and book["files"] == ["text.md"]


def test_seed_book_yaml_passes_the_metadata_loader(seed_import):
    report, _, _ = seed_import
    meta = load_metadata(report.files[0])
    assert meta.series.label == "No.\u00a0X of XL"


def test_seed_body_keeps_every_word_in_order(seed_import):
    _, _, markdown = seed_import
    assert words(to_plain(markdown)) == seed_body_words()


def test_seed_metadata_lines_are_not_in_the_body(seed_import):
    _, _, markdown = seed_import
    plain = to_plain(markdown)
    moved = seed_metadata_lines()
    assert len(moved) == 11
    for line in moved:
        assert line not in plain and line not in markdown


def test_seed_blank_lines_only_separate_paragraphs(seed_import):
    report, _, markdown = seed_import
    parsed = blocks(markdown)
    assert {block["t"] for block in parsed} == {"Para"}
    assert len(parsed) == report.paragraphs == len(seed_body_lines()) == 171
    assert report.paragraph_rule == RULE_LINE


def test_seed_run_in_heading_is_marked(seed_import):
    report, _, markdown = seed_import
    assert report.run_in_headings == ["The plague bacterium"]
    assert "[The plague bacterium]{.run-in} : On January 4, 1938," in markdown
    html = pypandoc.convert_text(markdown, "html", format="markdown", extra_args=["--wrap=none"])
    assert '<span class="run-in">The plague bacterium</span> : On January 4, 1938,' in html


def test_seed_summary_reports_the_decisions(seed_import):
    report, _, _ = seed_import
    summary = report.summary()
    for expected in ("UTF-8", "line endings LF", RULE_LINE, "171 paragraphs", "The plague bacterium",
                     "series.blurb", "Adversitate. Custodi. Per Verum", "text.md"):
        assert expected in summary
    kinds = [what for what, _ in report.moved]
    assert kinds.count("closing: repeats series") == 2 and "motto" in kinds


# --- synthetic inputs --------------------------------------------------------------------------


def test_cp1252_input(tmp_path):
    text = volume([f"\u00a0\u00a0 \u2018Caf\u00e9\u2019 \u2013 na\u00efve \u2026 {LONG}"])
    report, into = run_import(tmp_path, text.encode("cp1252"))
    assert report.encoding.startswith("cp1252")
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert markdown.startswith("\u2018Caf\u00e9\u2019 \u2013 na\u00efve")


def test_latin1_fallback_when_cp1252_fails(tmp_path):
    # 0x81 is unassigned in cp1252, so only latin-1 can decode it.
    data = volume([f"Caf\u00e9 {LONG}"]).encode("latin-1").replace(b"Caf\xe9", b"Caf\xe9\x81")
    report, into = run_import(tmp_path, data)
    assert report.encoding.startswith("latin-1")
    assert "Caf\u00e9\x81" in (into / "text.md").read_text(encoding="utf-8")


def test_utf8_bom_and_crlf_input(tmp_path):
    report, into = run_import(tmp_path, ("\ufeff" + volume([LONG])).replace("\n", "\r\n").encode("utf-8"))
    assert (report.encoding, report.line_endings) == ("UTF-8 with BOM", "CRLF")
    book = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))
    assert book["series"]["name"] == "Secret Intelligence Service"
    assert (into / "text.md").read_bytes() == (LONG + "\n").encode("utf-8")


def test_utf16_bom_input(tmp_path):
    red = "\u041a\u0440\u0430\u0441\u043d\u0430\u044f"  # Cyrillic, which cp1252 cannot hold
    report, into = run_import(tmp_path, volume([f"{red} {LONG}"]).encode("utf-16"))
    assert report.encoding.startswith("UTF-16")
    assert (into / "text.md").read_text(encoding="utf-8").startswith(red)


TRICKY = [
    "1945. The year the war ended.",
    "# not a heading",
    "* not a bullet",
    "- not a list item either",
    "+ nor this",
    "> not a quotation",
    "(I)  Does Stalin agree?",
    "(II) Is it desirable?",
    "A. not a lettered list",
    "12) not numbered",
    "| not a line block",
    ": not a definition",
    "--- not a rule",
    "    four spaces are only an indent",
    r"Stars *a* and _b_, [link](x), <b>tag</b>, $5 and $6, back\slash, ~s~, ^s^, @cite, &amp; `code`.",
    LONG,
]


def test_markdown_specials_survive_as_text(tmp_path):
    report, into = run_import(tmp_path, volume(TRICKY).encode("utf-8"))
    markdown = (into / "text.md").read_text(encoding="utf-8")
    assert {block["t"] for block in blocks(markdown)} == {"Para"}
    # Without smart punctuation pandoc gives back the source text exactly, paragraph by paragraph.
    plain = to_plain(markdown, reader="markdown-smart").strip().split("\n\n")
    assert [" ".join(p.split()) for p in plain] == [" ".join(t.split()) for t in TRICKY]
    assert report.paragraphs == len(TRICKY) and report.run_in_headings == []


def test_round_trip_guard_refuses_markdown_pandoc_would_misread(tmp_path, monkeypatch):
    monkeypatch.setattr(importer.markdown, "escape_paragraph", lambda text: text)
    with pytest.raises(PublishError, match="reads this paragraph back as OrderedList") as caught:
        run_import(tmp_path, volume([LONG, "1945. The year the war ended."]).encode("utf-8"))
    assert caught.value.diagnostic.line == 12
    assert not (tmp_path / "manuscript").exists()


def test_utf16_without_bom_is_recognised(tmp_path):
    report, into = run_import(tmp_path, volume([LONG]).encode("utf-16-le"))
    assert report.encoding == "UTF-16LE without BOM"
    assert (into / "text.md").read_text(encoding="utf-8") == LONG + "\n"


def test_binary_input_is_refused(tmp_path):
    png = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489")
    with pytest.raises(PublishError, match="NUL bytes"):
        run_import(tmp_path, png * 4)


def test_run_in_heading_needs_a_short_phrase_and_a_sentence(tmp_path):
    body = [
        f"Heading words : The text follows. {LONG}",
        f"Other employees of the Japanese bacteriological centres were also captured : Onoo. {LONG}",
        f"Adams wrote : \u2018there is no guarantee.\u2019 {LONG}",
        "Antonov agreed :",
    ]
    report, into = run_import(tmp_path, volume(body).encode("utf-8"))
    assert report.run_in_headings == ["Heading words"]
    assert (into / "text.md").read_text(encoding="utf-8").startswith("[Heading words]{.run-in} : The text")


def test_arabic_series_number(tmp_path):
    _, into = run_import(tmp_path, volume([LONG], number="No 3 of 12").encode("utf-8"))
    series = yaml.safe_load((into / "book.yaml").read_text(encoding="utf-8"))["series"]
    assert (series["number"], series["total"], series["numbering"]) == (3, 12, "arabic")


def test_hard_wrapped_text_is_joined_into_paragraphs(tmp_path):
    wrapped = [
        "The first paragraph was wrapped by an old word processor at a",
        "little under seventy characters, as plain text often is, and the",
        "importer has to join its lines again.",
        "",
        "A second paragraph follows the blank line and it is wrapped in",
        "just the same way.",
    ]
    report, into = run_import(tmp_path, volume(wrapped).encode("utf-8"))
    assert report.paragraph_rule == RULE_BLANK
    parsed = blocks((into / "text.md").read_text(encoding="utf-8"))
    assert len(parsed) == report.paragraphs == 2


def test_french_and_german_texts_get_their_language_and_chapter_headings(tmp_path):
    # Voltaire's Candide as Gutenberg's body text (no header naming the language): the import
    # said "language: en" and found no headings, "CHAPITRE I." and the rest staying paragraphs.
    candide = "\n".join([
        "CHAPITRE PREMIER.", "",
        "Il y avait en Vestphalie, dans le château de M. le baron de",
        "Thunder-ten-tronckh, un jeune garçon à qui la nature avait donné",
        "les moeurs les plus douces.  Sa physionomie annonçait son âme.", "", "", "",
        "CHAPITRE II", "", "Ce que devint Candide parmi les Bulgares.", "", "",
        "Candide, chassé du paradis terrestre, marcha longtemps sans",
        "savoir où, pleurant, levant les yeux au ciel; il se coucha sans",
        "souper au milieu des champs entre deux sillons.", "",
    ])
    (tmp_path / "fr").mkdir(), (tmp_path / "de").mkdir()
    report, into = run_import(tmp_path / "fr", candide.encode("utf-8"))
    text = (into / "text.md").read_text(encoding="utf-8")
    assert report.language == "fr" and load_metadata(into / "book.yaml").language == "fr"
    assert [b["c"][0] for b in blocks(text) if b["t"] == "Header"] == [1, 1]
    # A bare number's stop goes ("CHAPITRE PREMIER."); one before a title stays.
    assert "# CHAPITRE PREMIER\n" in text and "# CHAPITRE II. Ce que devint Candide parmi les Bulgares." in text
    kafka = "\n".join([
        "Kapitel 1", "", "Als Gregor Samsa eines Morgens aus unruhigen Träumen erwachte, fand er",
        "sich in seinem Bett zu einem ungeheueren Ungeziefer verwandelt. Er lag auf",
        "seinem Rücken und sah, wenn er den Kopf ein wenig hob, die Decke.", "",
        "Kapitel 2", "", "Erst in der Abenddämmerung erwachte Gregor aus seinem schweren",
        "ohnmachtähnlichen Schlaf. Er hatte sich nicht mit der Tür zu tun.", "",
    ])
    report, into = run_import(tmp_path / "de", kafka.encode("utf-8"))
    assert report.language == "de"
    # Spanish has some of French's commonest words ("la", "que"): it is not taken for French.
    quijote = ("En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no ha mucho tiempo que vivía "
               "un hidalgo de los de lanza en astillero, adarga antigua, rocín flaco y galgo corredor. ") * 20
    assert detect_language(quijote) == "es"
    assert [b["c"][1][0] for b in blocks((into / "text.md").read_text(encoding="utf-8")) if b["t"] == "Header"] == [
        "kapitel-1", "kapitel-2"]


@pytest.mark.parametrize(("language", "header", "lines"), [
    ("pl", "Polish", ["ROZDZIAŁ I", "", "Jak wygląda firma J. Mincel i S. Wokulski przez szkło butelek?", "",
                      "W początkach roku 1878, kiedy świat polityczny zajmował się pokojem san-stefańskim, i nie",
                      "wiem, czy to jest tak, jak się zdaje, że w Warszawie nie było nic do roboty.", "",
                      "ROZDZIAŁ II", "", "Sklep był urządzony w trzech salach i się nie zmienił od lat.", ""]),
    ("es", "Spanish", ["CAPÍTULO PRIMERO", "", "En un lugar de la Mancha, de cuyo nombre no quiero acordarme, no",
                       "ha mucho tiempo que vivía un hidalgo de los de lanza en astillero, adarga antigua.", "",
                       "CAPÍTULO II", "", "Hechas, pues, estas prevenciones, no quiso aguardar más tiempo a",
                       "poner en efeto su pensamiento, por la falta que él pensaba que hacía en el mundo.", ""]),
    ("it", "Italian", ["CAPITOLO I", "", "Quel ramo del lago di Como, che volge a mezzogiorno, tra due catene",
                       "non interrotte di monti, è tutto a seni e a golfi, a seconda dello sporgere.", "",
                       "CAPITOLO II", "", "Si racconta che il principe di Condé dormì profondamente la notte",
                       "avanti la giornata di Rocroi: ma, in primo luogo, era molto affaticato.", ""]),
])
def test_polish_spanish_and_italian_texts_get_their_language_and_chapter_headings(tmp_path, language, header, lines):
    """Lalka as a Gutenberg text said "language: en" (its header's "Language: Polish" was not read) and
    found no heading: "ROZDZIAŁ I", "CAPÍTULO PRIMERO", "CAPITOLO I" stayed paragraphs."""
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    report, into = run_import(tmp_path / "a", "\n".join(lines).encode("utf-8"))
    assert report.language == language
    assert [b["c"][0] for b in blocks((into / "text.md").read_text(encoding="utf-8")) if b["t"] == "Header"] == [1, 1]
    gutenberg = ["Title: Proba", "", f"Language: {header}", "", "*** START OF THIS PROJECT GUTENBERG EBOOK PROBA ***",
                 "", *lines, "*** END OF THIS PROJECT GUTENBERG EBOOK PROBA ***", ""]
    report, into = run_import(tmp_path / "b", "\n".join(gutenberg).encode("utf-8"))
    assert load_metadata(into / "book.yaml").language == language


def test_hard_wrapped_indented_text_starts_paragraphs_at_indents(tmp_path):
    wrapped = [
        "    The first paragraph starts with an indent and was wrapped by a",
        "word processor at a little under seventy characters, and a page",
        "",
        "break fell in the middle of it.",
        "    A second paragraph starts with its own indent and is wrapped in",
        "just the same way.",
    ]
    report, into = run_import(tmp_path, volume(wrapped).encode("utf-8"))
    assert report.paragraph_rule == RULE_INDENT
    first = (into / "text.md").read_text(encoding="utf-8").split("\n\n")[0]
    assert first.endswith("and a page break fell in the middle of it.")
    assert report.paragraphs == 2


def test_missing_number_line_is_reported(tmp_path):
    source = tmp_path / "plain.txt"
    source.write_text(f"Series Name\n\n  {LONG}\n  {LONG}\n", encoding="utf-8")
    report = import_text(source, tmp_path / "out")
    assert any("series.number" in w for w in report.warnings)
    # A placeholder the metadata loader accepts, so that the import builds at once.
    series = yaml.safe_load((tmp_path / "out" / "book.yaml").read_text())["series"]
    assert (series["number"], series["total"]) == (1, 1)
    assert load_metadata(tmp_path / "out" / "book.yaml").series.number == 1


def test_refuses_to_overwrite_a_non_empty_folder(tmp_path):
    source = tmp_path / "source.txt"
    source.write_text(volume([LONG]), encoding="utf-8")
    into = tmp_path / "manuscript"
    into.mkdir()
    (into / "notes.md").write_text("mine", encoding="utf-8")
    with pytest.raises(PublishError, match="not empty") as refused:
        import_text(source, into)
    assert "no `publish new` is needed first" in str(refused.value)  # the editor had run `publish new` first
    assert "the keys you set in book.yaml are lost" in str(refused.value)
    assert sorted(p.name for p in into.iterdir()) == ["notes.md"]
    report = import_text(source, into, force=True)
    assert [p.name for p in report.files] == ["book.yaml", "text.md"]
    assert (into / "notes.md").read_text(encoding="utf-8") == "mine"


def test_empty_folder_is_fine_and_missing_source_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    source = tmp_path / "source.txt"
    source.write_text(volume([LONG]), encoding="utf-8")
    assert import_text(source, tmp_path / "empty").paragraphs == 1
    with pytest.raises(PublishError, match="not found"):
        import_text(tmp_path / "missing.txt", tmp_path / "new")


# --- the default book in manuscript/ -----------------------------------------------------------


def test_default_manuscript_keeps_every_seed_word():
    """The edited manuscript adds chapter headings and nothing else to the seed's body."""
    require_seed()
    markdown = (REPO / "manuscript" / "text.md").read_text(encoding="utf-8")
    doc = ast(markdown)
    headings = [b for b in doc["blocks"] if b["t"] == "Header"]
    assert 5 <= len(headings) <= 12 and all(h["c"][0] == 1 for h in headings)
    doc["blocks"] = [b for b in doc["blocks"] if b["t"] != "Header"]
    assert {b["t"] for b in doc["blocks"]} == {"Para"}
    body = pypandoc.convert_text(json.dumps(doc), "plain", format="json", extra_args=["--wrap=none"])
    assert words(body) == seed_body_words()


def test_default_manuscript_metadata():
    meta = load_metadata(REPO / "manuscript" / "book.yaml")
    assert meta.series.label == "No.\u00a0X of XL"
    assert meta.title and meta.motto == "Adversitate. Custodi. Per Verum"
    assert meta.year == 2026 and len(meta.editions) == 1


def test_a_novels_sentence_with_a_colon_is_no_run_in_heading(tmp_path):
    """War and Peace's "Между тем все это молодое поколение: Борис — офицер, …", Turgenev's "Мы
    пошли: …", Pushkin's "Другая печаль ее посетила: …" were set as run-in headings in small caps
    mid-chapter. In a story told in dialogue (a paragraph in ten opens with a dash) none is."""
    said = "— Скажите, моя милая, — сказала она, обращаясь к Наташе, — как же вам приходится эта Мими? Дочь, верно?"
    colon = ("Между тем все это молодое поколение: Борис — офицер, сын княгини Анны Михайловны, Николай — студент, "
             "старший сын графа, Соня — пятнадцатилетняя племянница графа, и маленький Петруша — меньшой сын.")
    report, into = run_import(tmp_path, volume([LONG, said, colon, LONG, said]).encode("utf-8"))
    assert report.run_in_headings == []
    assert "{.run-in}" not in (into / "text.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(("lines", "title", "author"), [
    (["BOULE DE SUIF", "", "par", "", "GUY DE MAUPASSANT"], "BOULE DE SUIF", "Guy de Maupassant"),
    (["Die Verwandlung", "", "von Franz Kafka"], "Die Verwandlung", "Franz Kafka"),
    (["NIEBLA", "", "por", "", "Miguel de Unamuno"], "NIEBLA", "Miguel de Unamuno"),
])
def test_a_title_page_in_french_german_or_spanish_gives_title_and_author(tmp_path, lines, title, author):
    """"BOULE DE SUIF" over "par" over "GUY DE MAUPASSANT" stayed in the text, with no title found:
    only English "by" was read, and a name in capitals or with a particle was no name."""
    body = ["", "", "", "CHAPITRE PREMIER", "", "Pendant plusieurs jours de suite des lambeaux d'armée en déroute",
            "avaient traversé la ville, et les hommes avançaient sans drapeau.", "", "CHAPITRE II", "",
            "Les voyageurs, affamés, regardaient la grosse fille qui tirait une terrine.", ""]
    report, into = run_import(tmp_path, "\n".join(lines + body).encode("utf-8"))
    meta = load_metadata(into / "book.yaml")
    assert (meta.title, [a.name for a in meta.authors]) == (title, [author])
    assert (into / "text.md").read_text(encoding="utf-8").startswith("# CHAPITRE PREMIER")


def test_polish_parts_chapters_and_closing_section(tmp_path):
    """Lalka's "CZĘŚĆ PIERWSZA" over "ROZDZIAŁ I" is a part, and its closing "Zakończenie" (as Russian
    "Заключение") a section of its own after the parts, not the last chapter's text."""
    long = (" Nazywano go starym subiektem, a on sam mówił o sobie, że jest tylko subiektem, ale subiektem "
            "z dawnych czasów, kiedy to sklepy prowadzono inaczej.")
    lines = ["CZĘŚĆ PIERWSZA", "", "", "ROZDZIAŁ I", "", "W roku 1878 kupcy interesowali się sklepem." + long, "",
             "ROZDZIAŁ II", "", "Sklep był urządzony w trzech salach." + long, "", "", "CZĘŚĆ DRUGA", "", "",
             "ROZDZIAŁ I", "", "Pan Ignacy wyjechał do Paryża." + long, "", "ROZDZIAŁ II", "",
             "Wokulski siedział w kantorze." + long, "", "", "Zakończenie", "", "Tak się skończyła ta historia." + long]
    _, into = run_import(tmp_path, "\n".join(lines).encode("utf-8"))
    text = (into / "text.md").read_text(encoding="utf-8")
    assert [line for line in text.split("\n") if line.startswith("#")] == [
        "# CZĘŚĆ PIERWSZA {.part}", "# ROZDZIAŁ I", "# ROZDZIAŁ II", "# CZĘŚĆ DRUGA {.part}", "# ROZDZIAŁ I",
        "# ROZDZIAŁ II", "# Zakończenie {.backmatter}"]


def test_notes_set_with_a_hanging_indent_are_prose_not_verse(tmp_path):
    # The Brothers Karamazov's FOOTNOTES: each note indented, its lines after the first under its
    # text; every note of two lines or more was set as verse, line for line.
    import textwrap

    prose = ("Alyosha went out of the cell and down the path to the monastery, thinking of what the "
             "elder had said to him that morning, and of his brother, whom he had not seen for a month. ")
    body = []
    for n in ("I", "II", "III"):
        body += [f"Chapter {n}", ""]
        for _ in range(6):
            body += textwrap.wrap(prose * 3, 70) + [""]
    body += ["", "FOOTNOTES", "", "",
             "    1 In Russian, \u201csilen.\u201d", "",
             "    5 Probably the public event was the Decabrist plot against the Tsar,",
             "      of December 1825, in which the most distinguished men in Russia were",
             "      concerned.\u2014TRANSLATOR\u2019S NOTE.", "",
             "    6 When a monk\u2019s body is carried out from the cell to the church and",
             "      from the church to the graveyard, a canticle is sung.", ""]
    _, into = run_import(tmp_path, volume(body).encode("utf-8"))
    text = (into / "text.md").read_text(encoding="utf-8")
    assert "5 Probably the public event was the Decabrist plot against the Tsar, of December 1825, in" in text
    assert "6 When a monk\u2019s body is carried out from the cell to the church and from the church" in text
    assert "| " not in text, text[-800:]  # no line block


def test_markdown_named_txt_is_said_to_be_markdown(tmp_path):
    # pandoc's tables.txt (Markdown without a title block) was read as plain text without a word:
    # its tables' columns run together, its captions as paragraphs.
    markdown = ("Simple table with caption:\n\n  Right     Left\n-------     ------\n     12     12\n\n"
                "Table:  Demonstration of simple table syntax.\n\nSee [the manual](https://pandoc.org/) "
                "and a note.[^1]\n\n[^1]: The note.\n")
    report, _ = run_import(tmp_path, markdown.encode("utf-8"))
    assert any("name it .md" in w for w in report.warnings)
    plain = "\n\n".join(["Chapter I", "It was a dark night.", "* * *", "# 12 was the number.", "THE END"])
    (tmp_path / "plain").mkdir()
    report, _ = run_import(tmp_path / "plain", plain.encode("utf-8"))
    assert not any("name it .md" in w for w in report.warnings)
