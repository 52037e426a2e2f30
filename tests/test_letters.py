"""Letters in books (`::: letter` with its dateline, salutation, signature and postscript): set as
letters in every edition, typed so in the EPUB."""

from __future__ import annotations

import subprocess

import pypdfium2 as pdfium
from lxml import html as lhtml

from conftest import MINIMAL_YAML, build_project, pdf_rows, write_project
from test_epub import EPUB_TYPE, NS, Epub, assert_epubcheck_clean

LETTER = """# Letter 1

::: letter
::: dateline
St. Petersburgh, Dec. 11th, 17—.
:::

::: salutation
My dear Sister,
:::

You will rejoice to hear that no disaster has accompanied the commencement of an enterprise which
you have regarded with such evil forebodings. I arrived here yesterday, and my first task is to
assure my dear sister of my welfare and increasing confidence in the success of my undertaking.

I am already far north of London, and as I walk in the streets of Petersburgh, I feel a cold
northern breeze play upon my cheeks, which braces my nerves and fills me with delight.

::: signature
Your affectionate brother,\\
R. Walton
:::

::: postscript
P.S. Write to me at Archangel.
:::
:::
"""


def test_a_letter_is_set_as_one_in_every_edition(tmp_path):
    """A letter's parts came out as plain paragraphs: the dateline and the closing flush left and
    indented as the text. In print the dateline and the signature end at the measure's right edge,
    the salutation and the first paragraph after it start at its left; the EPUB types the letter and
    its parts in the DAISY structure vocabulary (z3998:letter, salutation, signature, postscript),
    its prefix declared (epubcheck clean); the web page passes the Nu checker."""
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": LETTER})
    built = build_project(root)
    (page,) = [p for p in pdfium.PdfDocument(built.pdf) if "Petersburgh,Dec" in p.get_textpage().get_text_range()
               .replace(" ", "")]
    rows = pdf_rows(page)
    body = [row for row in rows if row[0].startswith(("Youwill", "theCommencement", "assuremy", "Iamalready"))]
    left, right = min(r[1] for r in body), max(r[2] for r in body)
    line = {key: next(r for r in rows if r[0].startswith(key)) for key in
            ("St.Petersburgh", "MydearSister", "Youwill", "Iamalready", "Youraffectionate", "R.Walton", "P.S.")}
    edge = line["St.Petersburgh"][2]  # the measure's right edge (the text is set ragged)
    for key in ("St.Petersburgh", "Youraffectionate", "R.Walton"):  # set right
        assert abs(line[key][2] - edge) < 1 and edge >= right - 1 and line[key][1] > left + 50, (key, line[key], right)
    for key in ("MydearSister", "Youwill", "P.S."):  # flush left, not indented
        assert abs(line[key][1] - left) < 1, (key, line[key], left)
    assert line["Iamalready"][1] > left + 5  # the paragraphs after it are indented as the text's
    assert_epubcheck_clean(built.epub)
    epub = Epub.open(built.epub)
    (doc,) = [d for d in epub.docs.values() if d.xpath("//x:div[@class='letter']", namespaces=NS)]
    typed = {d.get("class"): d.get(EPUB_TYPE) for d in doc.xpath("//x:div[@class]", namespaces=NS)}
    assert typed == {"letter": "z3998:letter", "dateline": None, "salutation": "z3998:salutation",
                     "signature": "z3998:signature", "postscript": "z3998:postscript"}
    assert "z3998:" in doc.get("{http://www.idpf.org/2007/ops}prefix")
    page_html = built.html / "letter-1.html"
    assert lhtml.fromstring(page_html.read_bytes()).xpath("//div[@class='letter']/div[@class='signature']")
    from test_html import _vnu_jar

    done = subprocess.run(["java", "-jar", str(_vnu_jar()), "--skip-non-html", "--errors-only", "--format", "text",
                           str(page_html)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
