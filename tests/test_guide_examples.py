"""The guide's "Start here" steps, taken from docs/guide.md as written: an editor copies them."""

import re

from lxml import html as lxml_html
from PIL import Image

from conftest import MINIMAL_YAML, REPO, build_project, recorded_warnings, write_project
from publish.metadata import load_metadata


def start_here() -> str:
    guide = (REPO / "docs" / "guide.md").read_text(encoding="utf-8")
    return guide[guide.index("## Start here"):guide.index("## 1. The book project")]


def test_the_start_heres_note_picture_table_and_poem_build_as_written(tmp_path):
    steps = start_here()
    note_call = re.search(r"a note: `([^`]+)`", steps)[1]
    note_text = re.search(r"`(\[\^1\]: [^`]+)`", steps)[1]
    picture = re.search(r"`(!\[[^`]+\]\(images/[^`]+\))`", steps)[1]
    table = "\n".join(line.strip() for line in re.search(r"```\n(.*?)```", steps, re.S)[1].splitlines())
    text = (f"# The Harbour\n\nThe map shows {note_call}\n\n{note_text}\n\n{picture}\n\n{table}\n\n"
            "| Hope is the thing with feathers\n| That perches in the soul,\n")
    root = write_project(tmp_path, MINIMAL_YAML, {"text.md": text})
    (root / "manuscript" / "images").mkdir()
    Image.new("RGB", (300, 200), "white").save(root / "manuscript" / "images" / "map.png")
    with recorded_warnings() as warnings:
        built = build_project(root, ("html",))
    assert warnings == []
    page = lxml_html.parse(str(built.html / "the-harbour.html")).getroot()
    assert "Drawn from the 1945 survey." in page.text_content()  # the note
    assert page.xpath("//figure//img[contains(@src, 'map.png')]")
    assert "The plan of the basin." in "".join(page.xpath("//figcaption//text()"))
    assert "Observations, 1941–1945." in "".join(page.xpath("//table/caption//text()"))
    assert len(page.xpath("//table//tr")) == 2 and page.xpath("//table//td[normalize-space()='3,400']")
    assert "Hope is the thing with feathers" in "".join(page.xpath("//*[contains(@class, 'line-block')]//text()"))


def test_the_start_heres_quoted_title_is_read_as_written(tmp_path):
    quoted = re.search(r"written in quotes: `(title: [^`]+)`", start_here())[1]
    root = write_project(tmp_path, MINIMAL_YAML.replace("title: A Small Book", quoted), {"a.md": "# A\n\nText.\n"})
    assert load_metadata(root / "manuscript" / "book.yaml").title == "[Draft] The Long Watch"
