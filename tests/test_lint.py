"""`publish lint` and `publish fix`: findings at their real places, exit codes, safe fixes."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import MINIMAL_YAML, REPO, write_project
from publish.cli import main
from publish.lint import fix, lint
from publish.lint_rules import CODES


def codes_of(tmp_path, markdown: str, yaml: str = MINIMAL_YAML) -> list[tuple[int, int, str]]:
    write_project(tmp_path, yaml, {"a.md": markdown})
    return [(f.line, f.column, f.code) for f in lint(tmp_path).findings]


def place(path, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based line and column of the nth occurrence of needle in a file."""
    count = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        start = line.find(needle)
        while start >= 0:
            if count == nth:
                return number, start + 1
            count += 1
            start = line.find(needle, start + 1)
    raise AssertionError(f"{needle!r} not in {path}")


# ---- the seed ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seed_report():
    return lint(REPO)


def test_seed_melnikov_quote_is_reported_where_it_is(seed_report):
    text = REPO / "manuscript" / "text.md"
    line, _ = place(text, "Politically sustained")
    opening = place(text, "“… Melnikov")
    closing = (line, len(text.read_text(encoding="utf-8").split("\n")[line - 1]))
    found = [f for f in seed_report.findings if f.line == line and f.code.startswith("Q")]
    assert [(f.line, f.column, f.code) for f in found] == [(*closing, "Q003")]
    assert f"opened at {opening[0]}:{opening[1]}" in found[0].message


def test_seed_name_spelled_two_ways(seed_report):
    text = REPO / "manuscript" / "text.md"
    odd = [place(text, "Nikolaevich", n) for n in range(2)]
    found = [(f.line, f.column) for f in seed_report.findings
             if f.code == "N001" and "'Nikolaevich'" in f.message]
    assert found == odd
    usual = place(text, "Nikolayevich")
    assert all(f"first at text.md:{usual[0]}:{usual[1]}" in f.message
               for f in seed_report.findings if "'Nikolaevich'" in f.message)


def test_seed_space_before_colon_is_reported(seed_report):
    line, column = place(REPO / "manuscript" / "text.md", "Antonov agreed :")
    assert (line, column + len("Antonov agreed"), "S001") in {(f.line, f.column, f.code) for f in seed_report.findings}


# ---- each rule on a small text -----------------------------------------------------------------

@pytest.mark.parametrize(("markdown", "expected"), [
    ("# A\n\nHe said ‘no and left.\n", [(3, 9, "Q001")]),
    ("# A\n\nHe said no’ and ‘yes’.\n", []),  # no’: an apostrophe-like mark after a word
    ("# A\n\nHe said no.” And left.\n", [(3, 12, "Q002")]),
    ("# A\n\nHe said “no‘ and left.\n", [(3, 12, "Q003")]),
    ("# A\n\nHe said “no and ‘left.\n", [(3, 9, "Q001"), (3, 17, "Q001")]),
    ("# A\n\nHe said “no and ‘left.’\n\nIt was “done‘\n", [(3, 9, "Q001"), (5, 13, "Q003")]),
    ("# A\n\nHe said ‘no‘ and left.\n", [(3, 12, "Q004")]),
    # An opening ’ (War and Peace has some) pairs as the ‘ it was meant for; it crashed lint.
    ("# A\n\nHe said ’yes’ and left.\n", [(3, 9, "Q004")]),
    # Monte Cristo (Gutenberg) types ’Tis with an opening mark: Q003 at the ” that ends the speech.
    ("# A\n\n“Cheer up! ‘Tis I—really I! Here I am.”\n\n‘Tis the business of the gods, says Aristotle,’ and so.\n",
     [(3, 12, "Q004")]),
    ("# A\n\nHe said ’yes” and left.\n", [(3, 9, "Q004"), (3, 13, "Q003")]),
    # Great Expectations: ’Change (the Exchange) read as an opening ’, then an opening “ before
    # anything closed: lint crashed.
    ("# A\n\nHe would go on ’Change at a busy time. “For,” says Herbert, “it is so.”\n", []),
    # ...and its ’em, ’cross and ’ud are elisions, not quotes that o’ and th’ close: `publish fix`
    # turned them into ‘em, ‘cross and ‘ud.
    ("# A\n\n“Strike Eight of ’em, and she’s not come home! on a piece o’ ice.”\n\n"
     "“Right ’cross th’ meshes, which ’ud take a week; the good ’un o’ the two.”\n", []),
    # War and Peace: a ” after a space closes the “ opened before it, and ——’s is a name left
    # out ("Mr. ——’s house"), not a quotation: `publish fix` turned them into “—and and ——‘s.
    ("# A\n\n“Let me know. Au revoir! ”—and she left.\n\n“We are all going to ——’s.”\n\n"
     "“To D——’s, or to Mr. —’s house.”\n", []),
    ("# A\n\nHe said “no”, then \"yes\" and don't.\n", [(3, 20, "Q005"), (3, 24, "Q005"), (3, 33, "Q005")]),
    ("# A\n\nStalin - Truman.\n", [(3, 7, "D001")]),
    # A minus, not a dash: `publish fix` made it "fell to – 40".
    ("# A\n\nIt fell to -40 at night, -5 by day; Stalin -Truman.\n", [(3, 43, "D001")]),
    ("# A\n\nStalin -- Truman, well-known -- so.\n", []),
    ("# A\n\nIn 1941-1945 and mid-1940s, 978-5-02.\n", [(3, 8, "D002")]),
    # A range typed with a spaced hyphen is D002 (closed up with an en dash), not D001.
    ("# A, 1806 - 07\n\nIn 1809 - 10, pp. 12 - 15, not 1812 - 10 000.\n", [(1, 10, "D002"), (3, 8, "D002"),
                                                                           (3, 21, "D002"), (3, 36, "D001")]),
    ("# A\n\nHe agreed : yes , no ; fine .\n", [(3, 10, "S001"), (3, 16, "S001"), (3, 21, "S001"), (3, 28, "S001")]),
    # Spaced dots are an ellipsis or a leader, not a space before a full stop (Les Misérables: 400 S001).
    ("# A\n\nAnd . . . then the seminary . . . . . 1,500 livres, and . a stop .\n", [(3, 56, "S001"), (3, 65, "S001")]),
    ("# A\n\nHe  agreed.    Yes.\n", [(3, 3, "S002"), (3, 12, "S002")]),
    # A line block's indent is the verse's (imported War and Peace): `publish fix` took it out.
    ("# A\n\n| At nighttime in the moon’s fair glow\n|   How sweet,  as fancies wander free,\n\n"
     "> | To feel\n> |     Who still\n", [(4, 15, "S002")]),
    ("# A\n\n[Il dit : oui !]{lang=fr} but : no.\n\n::: {lang=fr}\nOui : non.\n:::\n\nNo : no.\n",
     [(3, 30, "S001"), (9, 3, "S001")]),
    ("# A\n\nHe said \"yes\" - and left.\n", [(3, 14, "D001")]),
    # Elisions in verse are apostrophes, not quotations left open (Leaves of Grass: Q001 in every other poem).
    ("# A\n\n'Tis the tale, (for 'twas autumn,) 'mid the haunts of 'em, ’neath the sky.\n\n'Open and never closed.\n",
     [(5, 1, "Q001")]),
    # ...as are 'round, 'til, 'fore; and a possessive after markup ("[G.]{.abbr}'s", "*Titanic*'s").
    ("# A\n\nHe came 'round 'til dawn, 'fore the firm of [G.]{.abbr}'s sons sank in *Titanic*'s wake.\n\n"
     "He said 'no.\n", [(5, 9, "Q001")]),
    # ...and Cary's Dante writes 't will, 'T would apart: 48 mismatched quotes (Q003) were 27 of them.
    ("# A\n\n| \"That to please thee 't will be as sweet to rest.\"\n| 'T would deem the praise, it yields him.\n\n"
     "He said 'no.\n", [(6, 9, "Q001")]),
    # A letter of several paragraphs: each opens a quotation, only the last closes it (Dracula: 150 Q001).
    ("# A\n\n\"My Friend.--Welcome to the Carpathians.\n\n> \"Sleep well to-night.\n\n\"Your friend,\n\n"
     "\"DRACULA.\"\n\nHe said \"no.\n\nAnd left.\n\n# B\n\n\"Open.\n\n# \"C\n",
     [(11, 9, "Q001"), (17, 1, "Q001"), (19, 3, "Q001")]),
    ("# A\n\nIt was the the end.\nHad had it\nand\nand so.\n", [(3, 8, "W001"), (5, 1, "W001")]),
    ("# A\n\nHe (left [and] went.\n\nThen) back. a) one b) two.\n", [(3, 4, "B001"), (5, 5, "B001")]),
    # A bracket closed after a unit or a short word is closed, not a list's "a)": "(203 m)" was
    # reported unmatched (a history's heights, distances and calibres).
    ("# A\n\nHigh Hill (203 m) and Nan Shan (12 km), [see a) and b)], (the 87 mm).\n", []),
    ("# A\n\nA note[^1] and [^2].\n\n[^1]: The note.\n\n[^3]: Never called.\n", [(3, 16, "F001"), (7, 1, "F002")]),
    ("# A\n\nOne[^1] two.\n\n[^1]: The note.\n\n[^1]: Again.\n", [(7, 1, "F003")]),
    ("# A\n\n![](map.png) and ![Map](map.png)\n", [(3, 1, "I001")]),
    # A description given as an attribute, as `publish import` writes an EPUB's uncaptioned picture
    # (South's six maps were "image without alt text").
    ("# A\n\n![](map.svg){#m alt=\"Sketch map of Cave Cove.\"} and ![](b.png){alt=\"\"}\n", [(3, 53, "I001")]),
    ("# A\n\n## B\n\n#### D\n\n# E\n\n### F\n", [(5, 1, "H001"), (9, 1, "H001")]),
    ("Title\n=====\n\nText.\n\nSub - part\n---\n\n#### Deep\n\nTwo\nlines\n=====\n\n#### Deeper\n", [(9, 1, "H001")]),
    # "#Chapter Two" printed as a paragraph, the chapter never started; a hashtag in a sentence, a
    # "#1" and a line of "#" marks are no headings meant
    ("# A\n\nText.\n\n#Chapter Two\n\n##The Storm\n\n#1 on the list.\n\n###\n\nA #tag here.\n",
     [(5, 1, "H002"), (7, 1, "H002")]),
    ("# A\n\nOn July 17, 1945 and July 18, 1945 but 2 September 1945.\n", [(3, 40, "M001")]),
    ("# A\n\nOn 22 June 1941, 9 May 1945 and 22.06.1941 or 1941-06-22 in 1941-1945.\n",
     [(3, 33, "M001"), (3, 47, "M001"), (3, 65, "D002")]),
    ("# A\n\n10,000 men and 25,000 horses\nbut 12 000 guns, 300000 shells,\n1945 and 1941 200 tanks.\n",
     [(4, 5, "M002"), (4, 18, "M002")]),
    ("# A\n\n5% and 7 per cent, then\n9 percent, 3 %, 4%, `8 per cent` and per cent.\n",
     [(3, 8, "M002"), (4, 1, "M002"), (4, 12, "M002")]),
    ("# A\n\nBoris Nikolaevich met Boris Nikolayevich and Nikolaevich.\n", [(3, 29, "N001")]),
    # Russian "Все" and "Всё" open sentences but are two words; Пётр and Петр are one name.
    ("# A {lang=ru}\n\nВсё было тихо. Все ушли, и всё стихло, но все молчали.\n\nПётр пришёл, а Петр ушёл.\n",
     [(5, 16, "N001")]),
    # Words in another script with no language (Blok's Greek epigraphs, typed bare): the first run of
    # each paragraph; not inside a span, div or chapter with a language, nor one Greek word, nor Latin.
    ("# A\n\nThe *Iliad*: μῆνιν ἄειδε θεὰ, and λόγος alone.\n\n[μῆνιν ἄειδε]{lang=grc} and naïve café.\n",
     [(3, 14, "L001")]),
    ("# A\n\nPeace, שלום, and 中文 and Москва — город.\n\n::: {lang=he}\nשלום עליכם\n:::\n\n"
     "# Б {lang=ru}\n\nРусский текст.\n\n# C\n\nРусский текст.\n", [(3, 8, "L001"), (15, 1, "L001")]),
])
def test_rule_reports_at_the_right_place(tmp_path, markdown, expected):
    assert codes_of(tmp_path, markdown) == expected


def test_mixed_numbers_across_files_point_at_the_minority(tmp_path):
    write_project(tmp_path, MINIMAL_YAML, {
        "a.md": "# A\n\nSome 10 000 men.\n",
        "b.md": "# B\n\nThen 20,000, 30,000 and 50,000 men.\n\nOnly 40 000 left. <!-- lint: disable=M002 -->\n",
    })
    found = [(f.file.name, f.line, f.column, f.code, f.message) for f in lint(tmp_path).findings]
    assert found == [("a.md", 3, 6, "M002",
                      "number '10 000' written differently from the book's usual '10,000' (3×)")]


def test_every_line_of_indented_code_is_left_alone(tmp_path):
    # pandoc's manual: only the first line of an indented code block was skipped, and `publish
    # fix` closed up the aligned columns of the lines after it.
    text = ("# A\n\nAs Emacs' orgtbl-mode writes it:\n\n    | One | Two   |\n    |-----+-------|\n"
            "    | my  | table |\n\n    autoload -Uz compinit  &&  compinit\n\nAnd  then.\n")
    assert codes_of(tmp_path, text) == [(11, 4, "S002")]
    fix(tmp_path)
    assert (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8") == text.replace("And  then", "And then")


def test_code_in_a_block_quote_is_left_alone(tmp_path):
    # pandoc's testsuite.txt: `publish fix` closed up the indent of a quoted code block, which
    # pandoc then read as a paragraph.
    text = ("# A\n\n> Example:\n>\n>     sub status {\n>         print  \"working\";\n>     }\n>\n"
            "> ```\n> a  -- b\n> ```\n>\n> Quoted  text.\n")
    assert codes_of(tmp_path, text) == [(13, 9, "S002")]
    fix(tmp_path)
    assert (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8") == text.replace("Quoted  text", "Quoted text")


def test_spaced_scene_breaks_and_raw_latex_are_left_alone(tmp_path):
    # pandoc's testsuite.txt: a rule typed "  *   *   *   *   *" was "3 spaces between words" (S002)
    # four times, a raw LaTeX table's aligned "Dog    & 2" twice more, and "\\cite[22-23]{smith.1899}"
    # a range to set with an en dash (D002), though no edition prints raw LaTeX.
    text = ("# A\n\nText.\n\n  *   *   *   *   *\n\n_  _  _\n\n\\begin{tabular}{|l|l|}\\hline\n"
            "Animal & Number \\\\ \\hline\nDog    & 2      \\\\\n\\end{tabular}\n\n"
            "See \\cite[22-23]{smith.1899} and  1941-1945.\n")
    assert codes_of(tmp_path, text) == [(14, 33, "S002"), (14, 39, "D002")]
    fix(tmp_path)
    after = (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8")
    assert after == text.replace("and  1941-1945", "and 1941–1945")


def test_a_reference_definition_over_several_lines_is_left_alone(tmp_path):
    # pandoc's markdown-reader-more.txt: "[bar]:" over "/url" over "\"title\"".
    text = ('# A\n\nSee [bar] and [foo], “one” and “two”.\n\n[bar]:\n/url\n"title"\n\n[foo]:\n  /other  "its title"\n\n'
            'He said "yes".\n')
    assert codes_of(tmp_path, text) == [(12, 9, "Q005"), (12, 13, "Q005")]
    fix(tmp_path)
    assert (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8") == text.replace('"yes"', "“yes”")


def test_tables_keep_their_columns(tmp_path):
    # pandoc's manual: `publish fix` closed up a grid table's aligned spaces (S002) and set a dash
    # in one of its cells ("-1" → "– 1"): its rows no longer met its borders, and pandoc read no table.
    text = ("# A\n\n+------------------------------+----------------------------+\n"
            "| command line                 | defaults file              |\n"
            "+==============================+============================+\n"
            "| --shift-heading-level-by -1  | shift-heading-level-by: -1 |\n"
            "+------------------------------+----------------------------+\n\n"
            "| Right | Left  |\n|------:|:------|\n|    12 | twelve - or so |\n\n"
            "  Right     Left\n-------     ------\n     12     12\n\nAnd  then.\n")
    assert codes_of(tmp_path, text) == [(11, 17, "D001"), (17, 4, "S002")]  # said
    fix(tmp_path)
    assert (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8") == text.replace("And  then", "And then")


def test_list_and_definition_markers_keep_their_spaces(tmp_path):
    # pandoc's manual writes ":   Specify…" and "-   item": the spaces after the marker set the
    # column of the blocks nested in it. `publish fix` closed them up as double spaces, and its
    # nested divs and code blocks fell out of their definitions.
    text = ("# A\n\n`-f` *FORMAT*\n\n:   Specify input  format:\n\n    ::: {#formats}\n    - `md`\n    :::\n\n"
            "        pandoc -f md\n\n1.  One item\n\n        code  here\n\n-   Another  item\n")
    assert codes_of(tmp_path, text) == [(5, 18, "S002"), (17, 12, "S002")]
    fix(tmp_path)
    after = (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8")
    assert after == text.replace("input  format", "input format").replace("Another  item", "Another item")


def test_code_math_urls_and_markup_are_not_linted(tmp_path):
    markdown = ('# A\n\nSee `a  : "b` and $x - y$ and [link](http://x.org/a-b--c(1) "t - : x") <http://x.org/1-2> '
                '<span class="a  b">ok</span> {#id .cls}\n\n```\nagreed :  "x\n```\n\n    indented  : "code\n')
    assert codes_of(tmp_path, markdown) == []


def test_every_code_is_documented():
    guide = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    for code, info in CODES.items():
        assert f"`{code}`" in guide, code
        assert info.explanation


# ---- switching rules off -----------------------------------------------------------------------

def test_rules_switched_off_in_book_yaml_and_per_line(tmp_path):
    markdown = ("# A\n\nHe agreed : yes.\n\nHe agreed : no. <!-- lint: disable=S001 -->\n\n"
                "<!-- lint: disable=S001,W001 -->\nHe agreed : the the end.\n\nStalin - Truman.\n")
    assert codes_of(tmp_path, markdown) == [(3, 10, "S001"), (10, 7, "D001")]
    assert codes_of(tmp_path, markdown, MINIMAL_YAML + "lint:\n  disable: [D001]\n") == [(3, 10, "S001")]
    assert codes_of(tmp_path, "<!-- lint: disable-file=S001 -->\n" + markdown) == [(11, 7, "D001")]


# ---- the command -------------------------------------------------------------------------------

def test_exit_codes_and_formats(tmp_path, capsys, monkeypatch):
    clean = write_project(tmp_path / "clean", MINIMAL_YAML, {"a.md": "# A\n\nAll is well: “quite”.\n"})
    dirty = write_project(tmp_path / "dirty", MINIMAL_YAML, {"a.md": "# A\n\nHe agreed : ‘yes.\n"})
    monkeypatch.chdir(dirty)
    assert main(["lint", str(clean)]) == 0
    assert capsys.readouterr().out == ""
    assert main(["lint"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out == ["manuscript/a.md:3:10: S001 space before ':'",
                   "manuscript/a.md:3:13: Q001 unbalanced opening quote ‘ (no closing quote in this paragraph)"]
    assert main(["lint", "--format", "json", "manuscript/a.md"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [(r["file"], r["line"], r["column"], r["code"], r["fixable"]) for r in rows] == [
        ("manuscript/a.md", 3, 10, "S001", True), ("manuscript/a.md", 3, 13, "Q001", False)]
    assert main(["lint", str(tmp_path / "nowhere")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    assert main(["lint", "--explain", "q001"]) == 0
    assert "Q001 unbalanced opening quote" in capsys.readouterr().out
    assert main(["lint", "--explain", "Z999"]) == 2


def test_lint_names_the_yaml_key_on_a_missing_file(tmp_path, capsys):
    write_project(tmp_path, MINIMAL_YAML + "files: [a.md, b.md]\n", {"a.md": "# A\n\nText.\n"})
    assert main(["lint", str(tmp_path)]) == 2
    assert "'b.md' does not exist" in capsys.readouterr().err


# ---- fix ---------------------------------------------------------------------------------------

FIXABLE = ("# A\n\nHe agreed : ‘yes‘  and  left in 1941-1945 - alone.\n\n"
           "He said \"no\" and don't.\n\nIt was “open and the the end.\n")
FIXED = ("# A\n\nHe agreed: ‘yes’ and left in 1941–1945 – alone.\n\n"
         "He said “no” and don’t.\n\nIt was “open and the the end.\n")


def test_fix_diff_shows_and_changes_nothing(tmp_path, capsys, monkeypatch, caplog):
    write_project(tmp_path, MINIMAL_YAML, {"a.md": FIXABLE})
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "manuscript" / "a.md"
    before = source.read_bytes()
    caplog.set_level("INFO", logger="publish")
    assert main(["fix", "--diff"]) == 0
    assert "would change 1 file" in caplog.text and "1 files" not in caplog.text
    diff = capsys.readouterr().out
    assert source.read_bytes() == before
    assert diff.startswith("--- a/manuscript/a.md\n+++ b/manuscript/a.md\n@@ ")
    removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert removed == [FIXABLE.split("\n")[2], FIXABLE.split("\n")[4]]
    assert added == [FIXED.split("\n")[2], FIXED.split("\n")[4]]


@pytest.mark.parametrize(("bom", "newline"), [(False, "\n"), (True, "\r\n"), (False, "\r")])
def test_fix_keeps_encoding_and_line_endings(tmp_path, bom, newline):
    write_project(tmp_path, MINIMAL_YAML, {})
    source = tmp_path / "manuscript" / "a.md"
    source.write_bytes((b"\xef\xbb\xbf" if bom else b"") + FIXABLE.replace("\n", newline).encode("utf-8"))
    result = fix(tmp_path)
    assert result.changed == (source,)
    expected = (b"\xef\xbb\xbf" if bom else b"") + FIXED.replace("\n", newline).encode("utf-8")
    assert source.read_bytes() == expected
    left = {f.code for f in lint(tmp_path).findings}
    assert left == {"Q001", "W001"}  # what no fix can decide
    assert fix(tmp_path).diff == ""


RUSSIAN = "# Глава\n\nОн согласился : «да» - и ушёл в 1941-1945 гг.  Конец.\n\nОна сказала \"нет\".\n"
RUSSIAN_FIXED = "# Глава\n\nОн согласился: «да» — и ушёл в 1941–1945 гг. Конец.\n\nОна сказала «нет».\n"


@pytest.mark.parametrize(("encoding", "prefix", "newline", "name"), [
    ("cp1251", b"", "\r\n", "cp1251"),
    ("utf-16-le", b"\xff\xfe", "\r\n", "UTF-16LE"),
])
def test_fix_keeps_an_8_bit_or_utf16_encoding(tmp_path, encoding, prefix, newline, name):
    write_project(tmp_path, MINIMAL_YAML.replace("language: en", "language: ru"), {})
    source = tmp_path / "manuscript" / "a.md"
    source.write_bytes(prefix + RUSSIAN.replace("\n", newline).encode(encoding))
    report = lint(tmp_path)
    assert [(f.line, f.column, f.code) for f in report.findings][:1] == [(1, 1, "E001")]
    assert name in report.findings[0].message
    assert {"S001", "S002", "D001", "D002", "Q005"} <= {f.code for f in report.findings}
    fix(tmp_path)
    assert source.read_bytes() == prefix + RUSSIAN_FIXED.replace("\n", newline).encode(encoding)


def test_fix_skips_what_the_encoding_cannot_hold(tmp_path):
    """KOI8-R has no dashes or guillemets: only the spacing is fixed."""
    write_project(tmp_path, MINIMAL_YAML.replace("language: en", "language: ru"), {})
    source = tmp_path / "manuscript" / "a.md"
    text = "# Глава\n\nОн согласился : да - и ушёл в 1941-1945 гг.  Конец.\n"
    source.write_bytes(text.encode("koi8_r"))
    assert "KOI8-R" in lint(tmp_path).findings[0].message
    result = fix(tmp_path)
    assert source.read_bytes() == text.replace(" :", ":").replace("  ", " ").encode("koi8_r")
    assert result.fixes == 2
    assert {f.code for f in lint(tmp_path).findings} == {"E001", "D001", "D002"}


def test_fix_turns_a_quote_only_where_its_pairing_is_certain(tmp_path):
    """Q004 is fixed only in a paragraph whose quotes pair: ’yes” could be ‘yes” or ’yes’."""
    text = ("# A\n\n“Let me know. Au revoir! ”—and she left.\n\n“We are all going to ——’s.”\n\n"
            "He said ’yes” and left.\n\nHe said ’no’ and left.\n")
    write_project(tmp_path, MINIMAL_YAML, {"a.md": text})
    assert [(f.line, f.code, f.fix is not None) for f in lint(tmp_path).findings if f.code == "Q004"] == [
        (7, "Q004", False), (9, "Q004", True)]
    fix(tmp_path)
    assert (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8") == text.replace("’no’", "‘no’")


TABLES = """# Act I

  ---------- -----------------------------------------
  Algernon   Did you hear what I was playing , Lane?
  Lane       I didn't think it polite to listen, sir.
  ---------- -----------------------------------------

| Year | Agents   |
|------|---------:|
| 1941 |       12 |

+-----------+---------------+
| Speaker   | Speech        |
+===========+===============+
| Jack      | Eh ? Quite.   |
+-----------+---------------+

A line  with two spaces , and more.
"""


def test_tables_are_not_spaces_between_words_and_fix_keeps_their_columns(tmp_path):
    """An imported play is a table of speeches, its columns aligned by spaces: each gap was an
    S002, whose fix ran the table into one paragraph; a fix that shortens a cell's line shifts
    the columns after it. Prose after the tables is linted and fixed as ever."""
    write_project(tmp_path, MINIMAL_YAML, {"a.md": TABLES})
    found = [(f.line, f.code, f.fix is not None) for f in lint(tmp_path).findings]
    assert (4, "S001", False) in found and (15, "S001", False) in found  # reported, not "fixed"
    assert [code for line, code, _ in found if line < 18 and code != "S001"] == []
    assert (18, "S002", True) in found and (18, "S001", True) in found
    fix(tmp_path)
    lines = (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8").split("\n")
    assert lines[:17] == TABLES.split("\n")[:17]
    assert lines[17] == "A line with two spaces, and more."


def test_fix_closes_up_a_range_typed_with_a_spaced_hyphen(tmp_path):
    write_project(tmp_path, MINIMAL_YAML,
                  {"a.md": "# BOOK FIVE: 1806 - 07\n\nIn 1809 - 10 a ball - and pp. 12 - 15.\n"})
    fix(tmp_path)
    assert (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8") == (
        "# BOOK FIVE: 1806–07\n\nIn 1809–10 a ball – and pp. 12–15.\n")


def test_fix_on_the_seed_keeps_every_word(tmp_path):
    shutil.copytree(REPO / "manuscript", tmp_path / "manuscript")
    from seed_words import words

    before = (tmp_path / "manuscript" / "text.md").read_text(encoding="utf-8")
    result = fix(tmp_path)
    after = (tmp_path / "manuscript" / "text.md").read_text(encoding="utf-8")
    assert result.fixes > 20
    assert words(after) == words(before)
    assert "agreed :" not in after and "Antonov agreed:" in after
    assert not [f for f in lint(tmp_path).findings if f.fix is not None]


@pytest.mark.parametrize(("markdown", "expected"), [
    # Leaves of Grass: a quotation over lines of verse opens each line again, only its last closes
    # it (Q001 on each of five lines of "Ended our talk"); a line block's lines too; prose is read as before.
    ("# A\n\nEnded our talk---\"The sum, concluding all,\\\n\"Of all Geologies,\\\n\"All surely going somewhere.\"\n\n"
     "| Said he, \"Lo,\n| \"Not this the world.\"\n\nHe said \"no,\n\"and left.\n",
     [(10, 9, "Q001"), (11, 1, "Q001")]),
    # A parenthesis opened in one stanza and closed in a later one ("(Nor for you, for one alone,"),
    # and one closed inside a line's span ("[And the double grave awaits them.)]{.i1}"): B001 four times.
    ("# A\n\n(Nor for you, for one alone,\\\nBlossoms and branches green.\n\nAll over bouquets of roses,\\\n"
     "For you and the coffins all of you O death.)\n\n(In the foremost ranks they fell,\\\n"
     "[And the double grave awaits them.)]{.i1}\n\nA (left open.\n\nIn (prose.\n\nNot closed) here.\n",
     [(12, 3, "B001"), (14, 4, "B001"), (16, 11, "B001")]),
    # Shakespeare's elisions with a straight mark ('a for he, 'haviour, 'pothecary) open no
    # quotation (Q001 six times in Gutenberg's Romeo and Juliet); a quotation in small letters pairs.
    ("# A\n\n| Tickling a parson's nose as 'a lies asleep,\n| And therefore thou mayst think my 'haviour light:\n\n"
     "He said 'a fine day' and left.\n\nHe said 'no.\n", [(8, 9, "Q001")]),
])
def test_verse_quotes_and_brackets_over_lines_and_stanzas(tmp_path, markdown, expected):
    assert codes_of(tmp_path, markdown) == expected


def test_a_quotation_in_guillemets_over_several_paragraphs_is_balanced(tmp_path):
    """Anna Karenina quotes Karenin's letter the Russian way: « opens its first paragraph, » closes
    its last, none between: 35 of the novel's quotation marks were reported unbalanced (Q001, Q002).
    A quotation left open that nothing closes, or one closed after a heading, is still reported."""
    markdown = ("# A\n\n«При последнем разговоре нашем я выразил вам мое намерение.\n\n"
                "Я полагаю, что вы раскаялись.\n\nА. Каренин.\n\n"
                "Р. S. При этом письме деньги, которые могут понадобиться для ваших расходов».\n\n"
                "Он сказал: «Нет.\n\nИ ушел.\n\n# Б\n\nИ пришел».\n")
    write_project(tmp_path, MINIMAL_YAML.replace("language: en", "language: ru"), {"a.md": markdown})
    assert [(f.line, f.column, f.code) for f in lint(tmp_path).findings] == [(11, 12, "Q001"), (17, 9, "Q002")]


def test_guillemets_pointing_inwards_the_german_way_are_balanced(tmp_path):
    """A German novel set »so« (and ›so‹ inside) had every mark reported: » as a closing quote with
    nothing open (Q002), « as one never closed. French «…» is still read the French way, and a
    German quotation in » « left open is still reported."""
    markdown = ("# A\n\nEr sagte: »Ja, ›so‹ ist es«, und ging.\n\n»Nein«, rief sie.\n\n"
                "Il dit : «Bonjour», puis « Adieu ».\n\n»Ein Brief über\n\nzwei Absätze.«\n\nSie rief: »Komm her!\n")
    write_project(tmp_path, MINIMAL_YAML.replace("language: en", "language: de"), {"a.md": markdown})
    assert [(f.line, f.column, f.code) for f in lint(tmp_path).findings if f.code.startswith("Q")] == [
        (13, 11, "Q001")]


def test_doubles_russian_and_french_allow_are_no_repeated_words(tmp_path):
    """Anna Karenina's "Ну, так так и делай" and War and Peace's "si vous vous permettez" (10
    findings in the two) are grammar; "и и" is a slip."""
    markdown = "# A\n\n— Ну, так так и делай. — Non, si vous vous permettez encore. И и все.\n"
    write_project(tmp_path, MINIMAL_YAML.replace("language: en", "language: ru"), {"a.md": markdown})
    assert [(f.line, f.column, f.code) for f in lint(tmp_path).findings] == [(3, 62, "W001")]


def test_doubles_german_and_polish_allow_are_no_repeated_words(tmp_path):
    """"Menschen, die die Welt retten", "Haben Sie sie gesehen?" and Polish "To to samo" are grammar
    (a relative pronoun before its article, a pronoun twice); "und und" is a slip."""
    markdown = "# A\n\nMenschen, die die Welt retten. Haben Sie sie gesehen? To to samo. Er und und sie.\n"
    write_project(tmp_path, MINIMAL_YAML.replace("language: en", "language: de"), {"a.md": markdown})
    assert [(f.line, f.column, f.code) for f in lint(tmp_path).findings] == [(3, 70, "W001")]


def test_fix_gives_a_spanish_book_the_raya_not_an_en_dash(tmp_path):
    """`publish fix` wrote a Spanish manuscript's "-Hola -dijo él-." as "-Hola – dijo él-.", an English
    spaced en dash in a Spanish dialogue; it writes the raya where the hyphen stood, as typed, and the
    typography closes it up ("—Hola —dijo él—.")."""
    write_project(tmp_path, MINIMAL_YAML.replace("language: en", "language: es"),
                  {"a.md": "# I\n\n-Hola -dijo él-. ¿Vienes?\n\nJuan - que era listo - vino.\n"})
    fix(tmp_path)
    assert (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8") == (
        "# I\n\n-Hola —dijo él-. ¿Vienes?\n\nJuan — que era listo — vino.\n")


def test_other_editors_marks_are_left_alone(tmp_path):
    # An MkDocs admonition's title in straight quotes: `publish fix` curled them, and the build no
    # longer read the line as an admonition; an Obsidian comment and wiki link are no text either.
    text = ('# A\n\nHe said “yes”.\n\n!!! tip "Before you sail"\n    Check the tides.\n\n'
            '%%ask "Ann" about it%% See [[Dover\'s cliffs]]. {>>"really"?<<}\n\nShe said "no".\n')
    assert codes_of(tmp_path, text) == [(10, 10, "Q005"), (10, 13, "Q005")]
    fix(tmp_path)
    assert (tmp_path / "manuscript" / "a.md").read_text(encoding="utf-8") == text.replace('"no"', "“no”")
