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
