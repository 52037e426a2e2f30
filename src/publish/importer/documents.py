""".docx, .odt, .epub and .html → manuscript/ through pandoc's readers (sandboxed).

Pandoc reads the document into its AST; images are extracted (or, for HTML, copied from
beside the file or decoded from data: URLs) into manuscript/images/; the reader's scaffolding
(empty anchors, EPUB section wrappers) is dropped; the title, authors and language become
book.yaml keys; and pandoc writes the Markdown. The words pandoc read from the document must
be the words it reads back from the Markdown, else nothing is written.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
import tempfile
import zipfile
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

from publish.errors import PublishError
from publish.importer import fb2
from publish.importer import gutenberg as pg
from publish.importer.ast_ids import ids, ids_without_spaces, link_targets
from publish.importer.bylines import BYLINES_DECISION, bylines_as_authors
from publish.importer.division_levels import divisions_over_chapters
from publish.importer.drama import mark_cast_lists, mark_plays
from publish.importer.edition_matter import (
    MATTER_FILE,
    cover_name,
    cover_picture,
    dedication,
    edition_matter,
    is_cover,
)
from publish.importer.encoding import decode
from publish.importer.endnotes import endnotes_as_notes
from publish.importer.enlarged_plates import enlarged_plates
from publish.importer.epub_anchors import keep_paragraph_anchors
from publish.importer.epub_epigraphs import epigraphs_as_divs
from publish.importer.epub_langs import keep_inline_languages
from publish.importer.epub_letters import letters_as_divs
from publish.importer.epub_matter import keep_matter
from publish.importer.epub_navs import without_navigation
from publish.importer.epub_semantics import plain_semantics
from publish.importer.epub_subheads import group_subheads
from publish.importer.epub_titlepage import title_page
from publish.importer.heading_groups import broken_headings, header_subheads, join_heading_groups, numbered_sections
from publish.importer.html_figures import captioned_figures, without_placeholder_descriptions
from publish.importer.html_title_page import (
    half_titles,
    lists_at_chapter_level,
    names_a_list_of_pictures,
    ornament,
    title_anchors_into_heading,
    title_key,
    title_over_headings,
    title_page_box,
    title_page_first,
    title_page_headings,
    title_page_paragraphs,
)
from publish.importer.index_lists import index_lists
from publish.importer.listed_captions import listed_captions, opening_pictures_after_headings
from publish.importer.listed_pages import linked_list_pages
from publish.importer.markdown import (
    ast_text,
    entities_as_read,
    line_number_spans,
    read_back,
    task_boxes,
    trimmed_terms,
)
from publish.importer.markup import MARKUP, bibliographies, read_markup
from publish.importer.note_restarts import chapter_restarts, notes_by_chapter
from publish.importer.part_levels import parts_at_chapter_level
from publish.importer.pictures import figures_without_pictures, picture_warnings
from publish.importer.project import Found, book_yaml, check_target, write
from publish.importer.raw_tags import unread_markup_as_code, without_bare_time_tags, without_lone_script_tags
from publish.importer.report import ImportReport, listed, words
from publish.importer.table_alignment import figure_columns_right
from publish.importer.text import FRONT_FILE, LICENCE_FILE, detect_language
from publish.importer.titlepage import by_line, person_names
from publish.importer.typed_layout import (
    CONTENTS_CLASS,
    blank_line_breaks,
    own_contents,
    recognise_headings,
    scene_breaks,
    seen_inlines,
    strip_typed_indent,
    typed_author,
    typed_front_matter,
    typed_title_page,
    warn_title_page_left,
)
from publish.importer.verse_indents import indent_verse
from publish.importer.word_html import blank_inline, clean_word_html, is_word_html
from publish.importer.word_marks import highlights_and_underlines
from publish.importer.word_runs import pictures_drawn, shown_as_word_shows
from publish.importer.writer_guards import guard_read_back, quoted_table_borders, short_captions, spaces_out_of_spans
from publish.importer.written_heading_ids import nested_headers, with_heading_ids
from publish.pandoc import run_pandoc

KINDS = {"docx": "Word document (.docx)", "odt": "OpenDocument text (.odt)", "rtf": "Rich Text (.rtf)",
         "epub": "EPUB", "html": "HTML"}
KINDS |= MARKUP
_DATA_URL = re.compile(r"^data:image/(?P<type>png|jpeg|gif|svg\+xml|webp);base64,(?P<data>.*)$", re.DOTALL)
_EXTENSIONS = {"png": ".png", "jpeg": ".jpg", "gif": ".gif", "svg+xml": ".svg", "webp": ".webp"}

# Metadata the import reads otherwise (the references), or no words: a notebook's kernel.
_PLACED_ELSEWHERE = frozenset({"bibliography", "references", "jupyter"})
# A Jupyter notebook's cells (`::: {#uid1 .cell .markdown}`) too: the book reads on through them.
_WRAPPER_CLASSES = {"section", "level1", "level2", "level3", "chapter", "titlepage", "cell"}
# The tags of an EPUB's sectioning wrappers pandoc keeps as raw HTML (Standard Ebooks put each
# poem in an <article id=…>, and their list of illustrations in a <nav id="loi">): each gave its
# id again to the heading after it ("loi-2.html"), and a chapter cut at that heading opened an
# element that another closed.
_WRAPPER_TAG = re.compile(r"\s*</?(?:article|section|main|header|footer|nav)\b[^<>]*>\s*", re.I)


def import_document(source: Path, into: Path, data: bytes, kind: str, *, force: bool = False,
                    language: str | None = None, encoding: str | None = None) -> ImportReport:
    check_target(into, force)
    report = ImportReport(source, kind=KINDS[kind])
    with tempfile.TemporaryDirectory(prefix="publish-import-") as tmp:
        media = Path(tmp) / "media"
        doc = _read(source, data, kind, media, encoding, language, report)
        licence = _gutenberg_licence(doc, report) if kind == "html" else None
        if kind == "html" and _whole_book_unwrapped(doc["blocks"]):
            report.decisions.append("body:            the blocks holding the whole book (<div class=\"book\">) "
                                    "opened: their headings are the book's")
        if kind == "html" and is_word_html(doc):
            doc["blocks"], notes = clean_word_html(doc["blocks"])
            report.decisions.append(f"word:            a page saved from Word: its sections, styles and spacing "
                                    f"paragraphs taken off, {notes} note{'s' * (notes != 1)} made footnotes")
        if kind == "fb2" and (subheadings := fb2.section_subheadings(doc["blocks"])):
            report.decisions.append(f"headings:        {subheadings} subtitle{'s' * (subheadings != 1)} and poems' "
                                    "titles a level under their section's title (a subtitle right under it its "
                                    "subhead)")
        if kind == "fb2" and (feet := fb2.poem_feet(doc["blocks"])):
            report.decisions.append(f"verse:           {feet} poem{'s' * (feet != 1)} signed or dated (<text-author>, "
                                    "<date> under the stanzas) as '::: signature'")
        _unnest_links(doc["blocks"])
        if folios := _without_page_numbers(doc["blocks"]):
            report.decisions.append(f"page numbers:    {folios} numbers of the print edition's pages "
                                    "(<span class=\"pagenum\">, Project Gutenberg's) left out of the text")
        if kind in ("docx", "odt", "rtf"):
            _word_processor_marks(doc["blocks"], report)
        if spaced := ids_without_spaces(doc["blocks"]):
            report.decisions.append(f"anchors:         {spaced} bookmark name{'s' * (spaced != 1)} with spaces "
                                    "or commas given hyphens ('an anchor' → #an-anchor), and the links to them")
        if groups := join_heading_groups(doc["blocks"]):
            report.decisions.append(f"headings:        {groups} heading{'s' * (groups != 1)} grouped with "
                                    "a title (<hgroup>) as one heading, 'IX: The Polar Journey'")
        if broken := broken_headings(doc["blocks"]):
            report.decisions.append(f"headings:        {broken} heading{'s' * (broken != 1)} of a label over a title "
                                    "on two lines as one, 'Глава первая. Застава'")
        if numbered := numbered_sections(doc["blocks"]):
            report.decisions.append(f"headings:        {numbered} section{'s' * (numbered != 1)} headed by a "
                                    "line of text alone in a <header> (a numeral, 'I') given it as heading")
        labels: dict[int, str] = {}
        if notes := endnotes_as_notes(doc["blocks"], labels):
            report.decisions.append(f"notes:           {notes} endnote{'s' * (notes != 1)} (a call and a note "
                                    "linked both ways) as footnotes at their calls")
        notes_by_chapter(report, chapter_restarts(doc["blocks"], labels) if labels else 0)
        _retarget_wrapper_links(doc["blocks"])
        doc["blocks"] = _without_wrapper_tags(doc["blocks"])
        if captioned := captioned_figures(doc["blocks"]):
            report.decisions.append(f"figures:         {captioned} picture{'s' * (captioned != 1)} alone in a block "
                                    "over a caption block (class=\"caption\") as figures of that caption")
        without_placeholder_descriptions(doc["blocks"])
        _larger_linked_pictures(doc["blocks"], media, source, kind)
        if kind == "html" and (plates := enlarged_plates(doc["blocks"])):
            report.decisions.append(f"illustrations:   {plates} plate{'s' * (plates != 1)} set in their larger "
                                    "picture, linked from a heading under them (an 'enlarge' icon), the heading "
                                    "taken out")
        if files := _links_to_files(doc["blocks"]):
            report.decisions.append(f"links:           {len(files)} link{'s' * (len(files) != 1)} to files beside "
                                    f"it that are no page of the book ({', '.join(sorted(set(files))[:3])}…) taken "
                                    "off, their words and pictures kept")
        _lone_pictures_as_figures(doc["blocks"])
        if kind == "html" and (listed := listed_captions(doc["blocks"], names_a_list_of_pictures)):
            report.decisions.append(f"illustrations:   {listed} picture{'s' * (listed != 1)} captioned by the list of "
                                    "illustrations' entries that lead to them, the list a list of those links")
        if kind == "html" and (opening := opening_pictures_after_headings(doc["blocks"])):
            report.decisions.append(f"illustrations:   {opening} picture{'s' * (opening != 1)} between a chapter's "
                                    "anchor and its heading moved under the heading: they open that chapter")
        _headings_at_most_six_deep(doc["blocks"])
        if parts := _level_zero_headings(doc["blocks"]):
            report.decisions.append(f"headings:        {parts} part{'s' * (parts != 1)} over chapters (a heading "
                                    "above the chapters' level, AsciiDoc's '= Part One') as {.part}")
        if kind == "html" and (parts := parts_at_chapter_level(doc["blocks"])):
            report.decisions.append(f"headings:        {parts} parts headed at their chapters' level ('Part II', "
                                    "an <h2> over <h2>s) as {.part}, the chapters as '# '")
        images = _relocate_images(doc["blocks"], media, source, kind, report)
        task_boxes(doc["blocks"])
        entities_as_read(doc["blocks"])
        trimmed_terms(doc["blocks"])
        if numbers := line_number_spans(doc["blocks"]):
            report.decisions.append(f"verse:           {numbers} line number{'s' * (numbers != 1)} in the source's "
                                    "spans (class 'lnum') as [10]{.line-number}: set at the right of the measure")
        without_bare_time_tags(doc["blocks"])
        without_lone_script_tags(doc["blocks"])
        if kind in MARKUP and (unread := unread_markup_as_code(doc["blocks"], kind)):
            report.warnings.append(f"{unread} piece{'s' * (unread != 1)} of {KINDS[kind]} markup pandoc's reader "
                                   "leaves unread (a template, a {{{ … }}} block) set as code, as typed: write "
                                   "what each stands for")
        shorts = short_captions(doc["blocks"])  # no Markdown for them: kept in book.yaml, after the check
        words_in = Counter(words(ast_text(doc["blocks"])))
        if kind == "fb2" and (picture := fb2.cover(doc.get("meta", {}), media)):
            images[picture[0]] = picture[1]
            report.decisions.append(f"cover:           the book's cover picture as {picture[0]}")
    matter = edition_matter(doc["blocks"]) if kind == "epub" else own_contents(doc["blocks"], report)
    if kind == "epub" and (offered := dedication(doc["blocks"])):
        report.moved.append(("dedication", offered))
        report.decisions.append("dedication:      the EPUB's dedication as book.yaml's dedication (its own page)")
    aside = _set_aside(matter, doc, images, report, source)
    if subheads := header_subheads(doc["blocks"]):
        report.decisions.append(f"headings:        {subheads} line{'s' * (subheads != 1)} under a heading in its "
                                "<header> (a date, a byline) as '::: subhead'")
    if casts := mark_cast_lists(doc["blocks"]):
        report.decisions.append(f"cast:            {casts} dramatis personae as a '::: dramatis-personae' list")
    if kind == "html" and (listed := linked_list_pages(doc["blocks"], names_a_list_of_pictures)):
        report.decisions.append(f"illustrations:   {listed} old page number{'s' * (listed != 1)} in the list of "
                                "illustrations linked to the old page's anchor: print gives this book's page")
    doc["blocks"] = _clean(doc["blocks"], frozenset(link_targets(doc["blocks"])))
    _feet_without_heads_into_bodies(doc["blocks"])
    if kind in ("epub", "html") and any(divided := divisions_over_chapters(doc["blocks"])):
        named = zip(divided, ("volume", "part"), strict=True)
        counted = " and ".join(f"{n} {name}{'s' * (n != 1)}" for n, name in named if n)
        report.decisions.append(f"headings:        {counted} headed above their chapters ('Book I' <h2> over "
                                "'Part I' <h3> over chapters) as {.volume} and {.part}, the chapters as '# '")
    if indexes := index_lists(doc["blocks"]):
        report.decisions.append(f"index:           {indexes} index{'es' * (indexes != 1)} typed as lists (or "
                                "paragraphs) under its heading in an '::: index' div: set as an index, not as bullets")
    if breaks := scene_breaks(doc["blocks"], report):
        report.decisions.append(f"breaks:          {breaks} paragraph{'s' * (breaks != 1)} of marks alone "
                                "(* * *, #, ⁂) as section breaks (* * *)")
    if stanzas := indent_verse(doc["blocks"]):
        report.decisions.append(f"verse:           {stanzas} stanza{'s' * (stanzas != 1)} with lines indented by "
                                "a class (class=\"i1\"…) as line blocks, those lines opening with em spaces")
    if plays := mark_plays(doc["blocks"]):
        report.decisions.append(f"play:            {plays} table{'s' * (plays != 1)} of speeches: speakers in small "
                                "capitals, in a '::: drama' div")
    if figures := figure_columns_right(doc["blocks"]):
        report.decisions.append(f"tables:          {figures} column{'s' * (figures != 1)} of figures with no "
                                "alignment of their own (the source's stylesheet) set flush right")
    if semantics := plain_semantics(doc["blocks"]):
        report.decisions.append(f"semantics:       {semantics} word{'s' * (semantics != 1)} typed for EPUB's "
                                "vocabularies ([Mr.]{.abbr .z3998:name-title}, <time>) as plain text, a "
                                "language kept")
    found = metadata_found(doc.get("meta", {}))
    if licence:  # its header names the book better than the page's <title> ("…, By Herodotus")
        fields = licence.fields
        found.title = fields.get("Title") or found.title
        found.authors = person_names(fields.get("Author") or "") or found.authors
        found.translators = person_names(fields.get("Translator") or "")
        language = language or pg.language_code(fields.get("Language"))
    described = (fb2.description(decode(fb2.head(data), source, encoding=encoding).text) if kind == "fb2"
                 else fb2.Description())
    found.series, found.series_number = described.series, described.number
    found.translators, found.original = found.translators or described.translators, described.original
    if kind == "fb2":
        fb2.title_page_and_epigraph(doc["blocks"], found.title, report)
        if parts := fb2.parts_over_chapters(doc["blocks"]):
            report.decisions.append(f"headings:        {parts} parts over their chapters (sections holding "
                                    "sections, 'Часть первая') as {.part}, the chapters as '# '")
    took, title_page_left = len(report.moved), []
    the_title = title_key(found.title or "")
    box = title_page_box(doc["blocks"], the_title) if licence and the_title else None
    if box:
        report.moved.append(("title", box[0]))
        report.decisions.append(f"title page:      its box under the title ({len(box[1])} lines, "
                                f"'{box[1][0] if box[1] else box[0]}') set aside in {FRONT_FILE}")
        aside[FRONT_FILE] = "".join(line + "\n\n" for line in box[1])
    elif licence and title_page_first(doc["blocks"], the_title):
        report.decisions.append("title page:      its headings moved over the transcriber's note before them")
    _title_blocks(doc["blocks"], found, report)
    title_lines = (title_page_headings(doc["blocks"], found.authors) if licence and len(report.moved) > took and not box
                   else [])
    if title_lines:
        report.decisions.append(f"title page:      the {len(title_lines)} headings of the title page under its title "
                                f"('{title_lines[0]}') set aside in {FRONT_FILE}")
        aside[FRONT_FILE] = "\n\n".join(title_lines) + "\n"
    if licence and len(report.moved) > took and (imprint := title_page_paragraphs(doc["blocks"], found.authors)):
        report.decisions.append(f"title page:      its {len(imprint)} lines under the title ('{imprint[0]}') set "
                                f"aside in {FRONT_FILE}")
        aside[FRONT_FILE] = "\n\n".join([*filter(None, [aside.get(FRONT_FILE, "").strip()]), *imprint]) + "\n"
    if licence and the_title and (halves := half_titles(doc["blocks"], the_title, found.authors)):
        report.decisions.append(f"title page:      {len(halves)} half title{'s' * (len(halves) != 1)} (the book's "
                                f"title over nothing, '{halves[0]}') set aside in {FRONT_FILE}")
        aside[FRONT_FILE] = "\n\n".join([*filter(None, [aside.get(FRONT_FILE, "").strip()]), *halves]) + "\n"
    if licence and (lists := lists_at_chapter_level(doc["blocks"])):
        report.decisions.append(f"headings:        {lists} list{'s' * (lists != 1)} of illustrations headed above the "
                                "chapters set at their level, as front matter")
    title_anchors_into_heading(doc["blocks"])
    if len(report.moved) > took or FRONT_FILE in aside:  # the rules that stood round what was taken: one break
        doc["blocks"] = [b for i, b in enumerate(doc["blocks"]) if not (
            b.get("t") == "HorizontalRule" and i and doc["blocks"][i - 1].get("t") == "HorizontalRule")]
    report.language = (language or meta_language(doc.get("meta", {})) or language_tag(described.language)
                       or detect_language(ast_text(doc["blocks"])))
    titled = bool(found.title)
    # A page's <title> is often its file's name ("Manuscrit"): a title page typed at its top wins.
    if len(report.moved) == took and (not found.title or kind == "html"):
        title_page_left = typed_title_page(doc["blocks"], report)
        typed = next((text for key, text in report.moved[took:] if key == "title"), None)
        if typed and found.title and typed != found.title:
            report.warnings.append(f"the document's properties name it '{found.title}', its first page "
                                   f"'{typed}': the title page's is taken")
        if typed:
            found.title, found.subtitle, found.authors = None, None, []
    # A word processor's Title style, which pandoc reads as the title (an EPUB's first line may be its series').
    if kind in ("docx", "odt") and titled and not found.authors and not any(k == "authors" for k, _ in report.moved):
        if found.subtitle and (names := by_line(found.subtitle, report.language)):
            report.decisions.append(f"author:          the subtitle '{found.subtitle}' as the author")
            found.authors, found.subtitle = names, None
        else:
            typed_author(doc["blocks"], report)
    if (shift := _chapters_at_level_one(doc["blocks"])):
        report.decisions.append(f"headings:        the book's top headings were level {shift + 1}, "
                                f"under which the build finds no chapter: every heading {shift} level"
                                f"{'s' * (shift != 1)} up, the chapters '# '")
    if (lifted := _front_headings_at_chapter_level(doc["blocks"])):
        report.decisions.append(f"headings:        {lifted} heading{'s' * (lifted != 1)} before the first chapter "
                                "a level below it (a preface's) moved up to the chapters' level")
    recognise_headings(doc["blocks"], report)
    if kind != "epub":  # an EPUB types its dedication and epigraph
        typed_front_matter(doc["blocks"], report)
    warn_title_page_left(title_page_left, doc["blocks"], report)
    if bylines := bylines_as_authors(doc["blocks"]):
        report.markup_words += bylines
        report.decisions.append(BYLINES_DECISION)
    guard_read_back(doc["blocks"])
    spaces_out_of_spans(doc["blocks"])
    # Without smart punctuation: a Word author's straight quotes ("Was ist?") are written as typed,
    # not escaped (\"Was ist?\"), so the typography pass sets them in the book's marks.
    markdown, _ = run_pandoc(json.dumps(doc), ["--from=json", "--to=markdown-smart", "--wrap=none"],
                             what=str(source))
    markdown = quoted_table_borders(markdown)
    parsed = read_back(markdown, str(source))
    markdown, given = with_heading_ids(markdown, doc["blocks"], parsed)
    if given:
        parsed = read_back(markdown, str(source))
        report.decisions.append(f"headings:        {given} heading{'s' * (given != 1)} with a note written with "
                                "its id ('{#id}'), which pandoc would have read with the note's number in it")
    words_out = Counter(words(ast_text(parsed)))
    if not words_out and not images:  # an empty text.md, or a rule alone: no book to build
        raise PublishError(f"no text: pandoc's {KINDS[kind]} reader found nothing in it to make a book of",
                           file=source, hint="open it and check that it holds the text (a field, a formula or a "
                           "linked picture is not read as text), save it again, then import that")
    moved = Counter(w for _, text in report.moved for w in words(text))
    set_aside = (Counter(words(ast_text(read_back(aside[MATTER_FILE], str(source))))) if MATTER_FILE in aside
                 else Counter()) + Counter(words(aside.get(FRONT_FILE, "")))
    report.words_moved, report.words_set_aside = sum(moved.values()), sum(set_aside.values())
    if licence:
        aside[LICENCE_FILE] = licence.text()
        report.words_set_aside += len(words("\n".join(licence.header + licence.credit + licence.footer)))
    words_in -= moved + set_aside + report.markup_words  # "by" on a typed title page
    report.words_in = (sum(words_in.values()) + report.words_moved + report.words_set_aside
                       + sum(report.markup_words.values()))
    report.words_out = sum(words_out.values())
    if words_in != words_out:
        raise PublishError(
            f"the import would change words: lost {_few(words_in - words_out)}, added {_few(words_out - words_in)}",
            file=source, hint="a bug in `publish import`: nothing was written; please report it",
        )
    if shorts:
        report.warnings.append(f"{len(shorts)} short caption{'s' * (len(shorts) != 1)} of a table or figure (LaTeX's "
                               "\\caption[short]{…}, for a list of tables or figures), which Markdown has no place "
                               "for: kept as comments in book.yaml")
        report.moved += [("unplaced", f"short caption: {text}") for text in shorts]
        report.words_moved += (count := sum(len(words(text)) for text in shorts))
        report.words_in += count
    if kind in MARKUP:  # rST's ':Date:' and ':Revision:', LaTeX's \date: kept as comments, as Markdown's are
        from publish.importer.pandoc_markdown import unplaced_metadata

        unplaced = unplaced_metadata(doc.get("meta", {}), report, placed=_PLACED_ELSEWHERE)
        report.moved += unplaced
        report.words_moved += (count := sum(len(words(text.split(": ", 1)[1])) for _, text in unplaced))
        report.words_in += count
    describe(report, parsed, images)
    references = bibliographies(doc.get("meta", {}), source, report) if kind in MARKUP else {}
    found.bibliography = list(references)
    files: dict[str, str | bytes] = {"book.yaml": book_yaml(report, found, markdown=markdown), "text.md": markdown,
                                     **images, **aside, **references}
    report.files = write(into, files)
    return report


def _gutenberg_licence(doc: dict, report: ImportReport) -> pg.Licence | None:
    """A Project Gutenberg HTML book's header and licence taken out of its blocks."""
    doc["blocks"], licence = pg.split_licence_blocks(doc["blocks"])
    if licence:
        report.decisions.append(f"licence:         the Project Gutenberg header and licence moved to {LICENCE_FILE}")
    return licence


def _read(source: Path, data: bytes, kind: str, media: Path, encoding: str | None, language: str | None,
          report: ImportReport) -> dict:
    if kind == "html" or kind in MARKUP:
        doc = read_markup(source, data, kind, media, encoding, language, report)
    else:
        tree, subtitle = _read_archive(source, data, kind, media, encoding, report)
        doc = json.loads(tree)
        if subtitle and not doc.get("meta", {}).get("subtitle"):  # only the EPUB's title page had it
            doc.setdefault("meta", {})["subtitle"] = {"t": "MetaString", "c": subtitle}
    if kind in ("docx", "odt") and (breaks := blank_line_breaks(doc["blocks"])):
        report.decisions.append(f"breaks:          {breaks} blank line{'s' * (breaks != 1)} between paragraphs "
                                "(empty paragraphs, where the text has few) as section breaks (* * *)")
    return doc


def _read_archive(source: Path, data: bytes, kind: str, media: Path, encoding: str | None,
                  report: ImportReport) -> tuple[str, str | None]:
    """A Word, OpenDocument, Rich Text or EPUB file as pandoc's JSON, read from the file itself,
    and the subtitle an EPUB's title page alone gives."""
    what, subtitle = str(source), None
    if encoding:
        report.warnings.append(f"--encoding is ignored for {KINDS[kind]}: the format names its own")
    path = source.resolve()
    if kind in ("docx", "odt", "epub") and not zipfile.is_zipfile(io.BytesIO(data)):
        raise PublishError(f"not a whole {KINDS[kind]}: such a file is a zip archive, and this one is none "
                           "(damaged, cut short, or another kind of file so named)", file=source,
                           hint="copy it again, or open it in the program that made it and save it again")
    if kind == "docx":
        data, hidden, capitals = shown_as_word_shows(data)
        if hidden or capitals:
            path = media.parent / "source.docx"
            path.write_bytes(data)
        if hidden:
            report.warnings.append(f"{hidden} run{'s' * (hidden != 1)} of hidden text (Word's Hidden, "
                                   "not shown nor printed) left out: show it in Word if it belongs to the text")
        if capitals:
            report.decisions.append(f"capitals:        {capitals} run{'s' * (capitals != 1)} set in capitals by "
                                    "Word's All caps typed in capitals, as Word shows them")
    if kind == "epub":
        data, subtitle, changed = _prepared_epub(data, report)
        if changed:
            path = media.parent / "source.epub"
            path.write_bytes(data)
    # A file path, not stdin: pandoc reads the zip itself; --sandbox still confines it.
    try:
        # Empty paragraphs kept: a blank line may be the author's scene break (blank_line_breaks).
        reader = f"{kind}+empty_paragraphs" if kind in ("docx", "odt") else kind
        tree, _ = run_pandoc("", [f"--from={reader}", str(path), f"--extract-media={media}",
                                  "--to=json"], what=what)
    except PublishError as exc:  # "couldn't parse docx file: DocxError": pandoc's words, no advice
        if exc.diagnostic.hint is None and exc.diagnostic.message.startswith("pandoc failed"):
            exc.diagnostic.hint = (f"it is damaged, or not {'an' if kind == 'epub' else 'a'} {KINDS[kind]}: open "
                                   "it in the program that made it and save it again")
            exc.args = (str(exc.diagnostic),)
        raise
    if kind in _REVIEW_MARKS:
        report.warnings += _review_marks(data, kind)
    if kind == "docx" and (lost := pictures_drawn(data) - tree.count('"t":"Image"')) > 0:
        report.warnings.append(f"{lost} picture{'s' * (lost != 1)} in the document not read (in a text box or "
                               "a shape, which pandoc's reader passes over): in Word, take "
                               f"{'them' if lost != 1 else 'it'} out of the box, or put "
                               f"{'them' if lost != 1 else 'it'} in images/ and in the text by hand")
    return tree, subtitle


def _prepared_epub(data: bytes, report: ImportReport) -> tuple[bytes, str | None, bool]:
    """The EPUB made ready for pandoc's reader (what it would drop kept, what it would misread
    taken out), the subtitle its title page alone gives, and whether anything changed."""
    data, languages = keep_inline_languages(data)
    data, anchors = keep_paragraph_anchors(data)
    data, matter = keep_matter(data)
    data, subtitle, title_pages = title_page(data)
    data, navigation, page_breaks = without_navigation(data)
    data, subheads = group_subheads(data)
    data, letters = letters_as_divs(data)
    data, epigraphs = epigraphs_as_divs(data)
    said = [
        (languages, f"languages:       {languages} phrases in italics or bold in another language (xml:lang) "
                    "kept as [words]{lang=…}"),
        (matter, f"matter:          {matter} file{'s' * (matter != 1)} typed front or back matter "
                 "(<body epub:type>): their headings {.frontmatter}, {.backmatter}"),
        (anchors, f"anchors:         {anchors} paragraph{'s' * (anchors != 1)} the book links to given an "
                  "anchor, []{#id}, as pandoc keeps no paragraph's id"),
        (navigation, f"navigation:      the EPUB's landmarks and page list ({navigation} <nav>) left out, as its "
                     "contents: the editions make their own"),
        (page_breaks, f"page breaks:     {page_breaks} numbers of the print edition's pages "
                      "(epub:type=\"pagebreak\") left out of the text, their marks kept"),
        (title_pages, "title page:      the EPUB's own title page, typed nowhere (an EPUB 2's), set aside with "
                      "its edition matter"),
        (letters, f"letters:         {letters} typed so (epub:type=\"z3998:letter\") as ::: letter, their "
                  "datelines, salutations, signatures and postscripts in divs of their own"),
        (epigraphs, f"epigraphs:       {epigraphs} quotation{'s' * (epigraphs != 1)} typed a chapter's epigraph "
                    "(<blockquote epub:type=\"epigraph\">) as ::: epigraph, its <cite> its source"),
    ]
    report.decisions += [line for count, line in said if count]
    changed = bool(languages or anchors or matter or title_pages or navigation or page_breaks or subheads or letters
                   or epigraphs)
    return data, subtitle, changed


def _set_aside(matter: list, doc: dict, images: dict, report: ImportReport, source: Path) -> dict[str, str]:
    """The EPUB's edition matter (`edition_matter`) as Markdown in a file of its own; its cover's
    picture made the book's cover (`cover.jpg`) when publish can take it, else left in images/."""
    cover = cover_picture(matter)
    if cover and cover in images:
        name = cover_name(cover)
        images[name] = images[cover] if json.dumps(cover) in json.dumps(doc["blocks"]) else images.pop(cover)
        report.decisions.append(f"cover:           the EPUB's cover picture as {name}")
    elif matter and is_cover(matter[0]):
        report.decisions.append("cover:           the EPUB's cover picture left out of the text (publish takes a "
                                "cover.jpg or cover.png: make one from it)")
    sections = [block for block in matter if block.get("t") == "Div"]
    if not sections:
        return {}
    titles = [" ".join(ast_text(h["c"][2]).split()) for h in _blocks_in_order(sections) if h["t"] == "Header"]
    if not any(CONTENTS_CLASS in block["c"][0][1] for block in sections):
        report.decisions.append(f"edition matter:  the EPUB's own ({', '.join(titles) or 'untitled'}) set aside in "
                                f"{MATTER_FILE}: publish makes its own title pages, copyright page and colophon")
    markdown, _ = run_pandoc(json.dumps({**doc, "blocks": _clean(sections)}),
                             ["--from=json", "--to=markdown", "--wrap=none"], what=str(source))
    return {MATTER_FILE: markdown}


# Where each kind keeps its text and its comments, and how it marks a comment and a tracked change
# (Word: insertions, deletions and moves; OpenDocument: each change a changed region).
_REVIEW_MARKS = {
    "docx": ("Word", "word/document.xml", "word/comments.xml", r"<w:comment\b", r"<w:(?:ins|del|moveFrom|moveTo)\b"),
    "odt": ("LibreOffice", "content.xml", "content.xml", r"<office:annotation\b", r"<text:changed-region\b"),
}


def _review_marks(data: bytes, kind: str) -> list[str]:
    """What pandoc leaves out of a Word or OpenDocument file without a word: its comments, and its
    tracked changes (accepted as they stand)."""
    program, body_name, notes_name, comment, change = _REVIEW_MARKS[kind]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as document:
            names = set(document.namelist())
            body = document.read(body_name).decode("utf-8", "replace")
            notes = document.read(notes_name).decode("utf-8", "replace") if notes_name in names else ""
    except (zipfile.BadZipFile, KeyError):
        return []  # pandoc has read it, or said why not
    said = []
    comments = len(re.findall(comment, notes))
    if comments:
        said.append(f"{comments} comment{'s' * (comments != 1)} in the document not imported: read "
                    f"{'them' if comments != 1 else 'it'} in {program} and carry what "
                    f"{'they ask' if comments != 1 else 'it asks'} into the text")
    changes = len(re.findall(change, body))
    if changes:
        said.append(f"{changes} tracked change{'s' * (changes != 1)} accepted as they stand (insertions kept, "
                    f"deletions gone): review them in {program} first if they were not all meant")
    return said


# --- images ------------------------------------------------------------------------------------


def _relocate_images(blocks: list, media: Path, source: Path, kind: str, report: ImportReport) -> dict[str, bytes]:
    """Point every image at images/NAME and return those files; an image that cannot be found
    becomes its description, with a warning."""
    files: dict[str, bytes] = {}
    by_source: dict[str, str] = {}

    def visit(node: object) -> object:
        if isinstance(node, list):
            out = []
            for item in node:
                new = visit(item)
                out.extend(new if isinstance(new, list) and isinstance(item, dict) else [new])
            return out
        if not isinstance(node, dict):
            return node
        if node.get("t") == "Image":
            attr, alt, (src, title) = node["c"]
            if src not in by_source:
                found = _image_data(src, media, source, kind)
                if found is None:
                    report.warnings.append(f"image '{src[:60]}' not found (or remote): kept its description only; "
                                           "copy the picture into images/ and put it back where it stood, "
                                           "![description](images/NAME)")
                    by_source[src] = ""
                else:
                    name, data = found
                    name = _unique(name, files)
                    files[name] = data
                    by_source[src] = name
            if not by_source[src]:
                return alt  # a list of inlines spliced in place of the image
            node["c"] = [attr, alt, [by_source[src], title]]
            return node
        if "c" in node:
            node["c"] = visit(node["c"])
        return node

    blocks[:] = figures_without_pictures(visit(blocks))
    return files


_PICTURE_FILE = re.compile(r"\.(?:png|jpe?g|gif|svg|webp)$", re.I)


def _larger_linked_pictures(node: object, media: Path, source: Path, kind: str) -> None:
    """Each picture linked to a larger one replaced by it, at any depth (see _linked_picture)."""
    items = node if isinstance(node, list) else node.get("c") if isinstance(node, dict) else None
    if not isinstance(items, list):
        return
    for n, item in enumerate(items):
        if isinstance(item, dict) and (larger := _linked_picture(item, media, source, kind)):
            items[n] = larger
        else:
            _larger_linked_pictures(item, media, source, kind)


_PAGE_FILE = re.compile(r"\.(?:x?html?|xml|md)$|^[^.]*$", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def _links_to_files(node: object) -> list[str]:
    """Take off the links to files beside the document that are no page of it (MacDowell's essays
    link each musical example to its MIDI file, `midi/voice.midi`: 59 links that led nowhere in
    any edition), keeping what they hold; return their targets."""
    found: list[str] = []
    items = node if isinstance(node, list) else node.get("c") if isinstance(node, dict) else None
    if not isinstance(items, list):
        return found
    n = 0
    while n < len(items):
        item = items[n]
        if isinstance(item, dict) and item.get("t") == "Link":
            target = item["c"][2][0]
            path = target.split("#", 1)[0].split("?", 1)[0]
            if path and not target.startswith("#") and not _SCHEME.match(target) and not _PAGE_FILE.search(path):
                found.append(unquote(path))
                items[n:n + 1] = item["c"][1]
                continue
        found += _links_to_files(item)
        n += 1
    return found


def _linked_picture(node: dict, media: Path, source: Path, kind: str) -> dict | None:
    """A picture that links to a larger one (Project Gutenberg's Songs of Innocence and of
    Experience: a thumbnail, p0s.jpg, linking to its plate, p0b.jpg): the larger picture in the
    link's place, which a book prints and an ebook shows; the link to it led to no page of the book."""
    if node.get("t") != "Link" or len(node["c"][1]) != 1 or node["c"][1][0].get("t") != "Image":
        return None
    target = node["c"][2][0]
    if not _PICTURE_FILE.search(target.split("#", 1)[0].split("?", 1)[0]) \
            or _image_data(target, media, source, kind) is None:
        return None
    image = node["c"][1][0]
    attr, alt, (_, title) = image["c"]
    return {"t": "Image", "c": [attr, alt, [target, title]]}


def _image_data(src: str, media: Path, source: Path, kind: str) -> tuple[str, bytes] | None:
    match = _DATA_URL.match(src)
    if match:
        try:
            return "image" + _EXTENSIONS[match["type"]], base64.b64decode(match["data"], validate=False)
        except (binascii.Error, ValueError):
            return None
    if re.match(r"^[a-z][a-z0-9+.-]*:", src, re.IGNORECASE):
        return None  # http:, file: and the like: a build never fetches, and neither does import
    path = Path(unquote(src.split("#", 1)[0].split("?", 1)[0]))
    # A document's pictures are inside it (pandoc extracts them); a page's or markup's lie beside it.
    roots = [media.resolve()] + ([source.parent.resolve()] if kind == "html" or kind in MARKUP else [])
    # LaTeX's \includegraphics{fig/map} names no extension: TeX tries its own list.
    names = [path] + ([path.with_name(path.name + e) for e in (".png", ".jpg", ".jpeg", ".svg")]
                      if kind == "latex" and not path.suffix else [])
    for root, name in ((root, name) for root in roots for name in names):
        found = (name if name.is_absolute() else root / name).resolve()
        if found.is_relative_to(root) and found.is_file():
            data = found.read_bytes()
            return _with_extension(found.name, data), data
    return None


_MAGIC = ((b"\x89PNG", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF8", ".gif"), (b"<svg", ".svg"), (b"<?xml", ".svg"))


def _with_extension(name: str, data: bytes) -> str:
    """The name with its picture's extension: an .fb2's pictures are named by their ids
    ("image1"), and a picture without one is of no type the editions can name."""
    if "." in name.lstrip("."):
        return name
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return name + ".webp"
    return name + next((ext for magic, ext in _MAGIC if data.lstrip()[:len(magic)] == magic), "")


def _unique(name: str, taken: dict) -> str:
    name = re.sub(r"[^\w.-]+", "-", name).strip("-.") or "image"
    stem, dot, ext = name.rpartition(".")
    stem, ext = (stem, "." + ext) if dot else (name, "")
    candidate, n = f"images/{stem}{ext}", 1
    while candidate in taken:
        n += 1
        candidate = f"images/{stem}-{n}{ext}"
    return candidate


# --- cleaning and structure --------------------------------------------------------------------


def _feet_without_heads_into_bodies(node: object) -> None:
    """A table without a head keeps its foot's rows (a total under a column of figures, in a
    <tfoot>) as its last rows: pandoc writes the foot under a `+===+` line, which it reads back
    as the end of a head, so every row above the total became a header cell, set in bold
    (Keynes's tables of coal and reparation figures)."""
    if isinstance(node, list):
        for item in node:
            _feet_without_heads_into_bodies(item)
    elif isinstance(node, dict):
        if node.get("t") == "Table":
            head, bodies, foot = node["c"][3], node["c"][4], node["c"][5]
            if not head[1] and foot[1] and bodies:
                bodies[-1][3] += foot[1]
                foot[1] = []
            # A head over no rows (a Word table of one row, its header) was written as a table that
            # reads back as one cell of all its words, a rule and its caption as a paragraph ": Table 2".
            if head[1] and not any(body[2] or body[3] for body in bodies) and not foot[1]:
                node["c"][4] = [[["", [], []], 0, [], head[1]]]
                head[1] = []
        _feet_without_heads_into_bodies(node.get("c"))


def _clean(blocks: list, targets: frozenset[str] = frozenset()) -> list:
    """Drop the readers' scaffolding: empty anchor spans (but those a link leads to), EPUB
    section and chapter wrappers."""
    out: list = []
    carried: list = []  # the anchors of a paragraph of anchors alone that links lead to, for the next block
    for block in blocks:
        rule: list = []
        if carried and block.get("t") in ("Para", "Plain", "Header"):
            inlines = block["c"][2] if block["t"] == "Header" else block["c"]
            inlines[:0] = carried
            carried = []
        elif carried and not (block.get("t") in ("Para", "Plain") and _anchors_and_spaces_only(block["c"])):
            # before a table they stay where they are: Wells's old pages 430–435 fall between the pieces of
            # his chronological table, and carried on they marked the index's heading, a dozen pages on
            out.append({"t": "Para", "c": carried})
            carried = []
        if block.get("t") == "Div":
            inner = block["c"][1]
            if _is_wrapper(block):
                if block["c"][0][0] in targets:  # a line of a poem (<div id="ln20">) its notes link to:
                    # its id an anchor on its first words, as a paragraph of anchors alone is
                    inner.insert(0, {"t": "Para", "c": [{"t": "Span", "c": [[block["c"][0][0], [], []], []]}]})
                out.extend(_clean(inner, targets))
                continue
            block["c"][1] = _clean(inner, targets)
            if block["c"][1] and block["c"][1][-1].get("t") == "HorizontalRule":
                # A rule last in a div, its dashes right over the closing `:::` (AsciiDoc's page break
                # `<<<`): pandoc's Markdown reads a multiline table from there to a later line of
                # dashes, and the words outside its columns were lost. After the div it is the same break.
                rule = [block["c"][1].pop()]
            if not block["c"][1] and block["c"][0][0] not in targets:
                out.extend(rule)
                continue  # emptied: a centred page number's (a page break's) `::: center` left round nothing
        elif block.get("t") == "BlockQuote":  # South's quoted programme: `:::: {}` round its text
            block["c"] = _clean(block["c"], targets)
        elif block.get("t") == "RawBlock" and block["c"][0] == "html" and "<pre" not in block["c"][1]:
            # flush left: Markdown reads a line indented by four spaces inside it as code
            block["c"][1] = "\n".join(line.strip() for line in block["c"][1].splitlines())
        elif block.get("t") in ("Para", "Plain") and _anchors_and_spaces_only(block["c"]):
            # a page's anchor before a heading (`<a id="page013"></a>` over Chiriqui's <h2>), which its
            # contents and index link to, goes into the next block
            carried += [i for i in block["c"] if i.get("t") == "Span" and i["c"][0][0] in targets]
            continue
        elif block.get("t") in ("Para", "Plain") and all(blank_inline(i) for i in block["c"]):
            continue  # spacing: a Word author's paragraph of a no-break space, a Gutenberg <div> of <br/>s
        elif block.get("t") == "Header" and all(blank_inline(i) for i in block["c"][2]) \
                and block["c"][1][0] not in targets:
            continue  # an empty paragraph in a Heading style: a heading of nothing, `## `, in the contents
        elif block.get("t") == "Para" and not any(i.get("t") == "LineBreak" for i in block["c"]):
            strip_typed_indent(block["c"])  # (verse set with breaks keeps its lines' indents)
        _drop_empty_spans(block, targets)
        out.append(block)
        out.extend(rule)
    if carried:  # nothing after them: they stay where they were
        out.append({"t": "Para", "c": carried})
    return out


def _word_processor_marks(blocks: list, report: ImportReport) -> None:
    highlights, underlines = highlights_and_underlines(blocks)
    if highlights:
        report.warnings.append(f"{highlights} highlighted passage{'s' * (highlights != 1)} (a mark to come back "
                               "to, not print): the highlight is taken off, the words kept; look in the document "
                               "at what it marked")
    if underlines:
        report.decisions.append(f"underline:       {underlines} underlined passage{'s' * (underlines != 1)} in "
                                "italics, as a manuscript's underline asks")


# "[Pg 47]", "47", and in braces as A Short History of the World sets them, "{47}"
_PAGE_NUMBER = re.compile(r"^(?:\[(?=.*\]$)|\{(?=.*\}$))?(?:p(?:age|g)?\.?\s*)?(?:\d{1,4}|[ivxlcdm]{1,8})[\]}]?$", re.I)


def _without_page_numbers(node: object) -> int:
    """Drop the print edition's page numbers a Project Gutenberg HTML book sets in the margin,
    `<span class="pagenum">13</span>`, or Distributed Proofreaders' `<span class="pagenum"><a
    id="Page_47">[Pg 47]</a></span>`: every edition printed them mid-text ("paragraph: 22"). The
    anchor beside or in each, which the old index and contents link to, stays. Return how many."""
    dropped = 0
    if isinstance(node, list):
        kept = []
        for item in node:
            if isinstance(item, dict) and item.get("t") == "Span" and "pagenum" in item["c"][0][1] \
                    and _PAGE_NUMBER.match(ast_text(item["c"][1]).strip()):
                # Its ids, for links to them: its own, and its anchor's inside it.
                kept += [{"t": "Span", "c": [[ident, [], []], []]} for ident in _span_ids(item)]
                dropped += 1
                continue
            dropped += _without_page_numbers(item)
            kept.append(item)
        node[:] = kept
    elif isinstance(node, dict) and "c" in node:
        dropped += _without_page_numbers(node["c"])
    return dropped


def _span_ids(node: object) -> list[str]:
    """The ids of a span and of the spans inside it."""
    if isinstance(node, list):
        return [ident for item in node for ident in _span_ids(item)]
    if isinstance(node, dict) and node.get("t") == "Span":
        return ([node["c"][0][0]] if node["c"][0][0] else []) + _span_ids(node["c"][1])
    return []


def _unnest_links(node: object, inside: bool = False) -> None:
    """A link inside a link keeps its words and loses its target: Word's table of contents links
    each entry to its heading and, inside it, the page number too (a PAGEREF field), which
    Markdown cannot write (`[Short instructions [1](#a)](#a)` reads back as brackets and text)."""
    if isinstance(node, list):
        for k, item in enumerate(node):
            if inside and isinstance(item, dict) and item.get("t") == "Link":
                node[k] = {"t": "Span", "c": [item["c"][0], item["c"][1]]}
            _unnest_links(node[k], inside)
    elif isinstance(node, dict):
        _unnest_links(node.get("c"), inside or node.get("t") == "Link")


def _retarget_wrapper_links(blocks: list) -> None:
    """Links to the scaffolding the import drops lead to the heading it opened with: to another
    file of an EPUB ("see the Uncopyright", which pandoc's reader makes a link to an empty anchor
    named after the file, `#uncopyright.xhtml`), to a section wrapper (`#file.xhtml_part-27`) or
    to a poem's <article id=…>. They led nowhere."""
    headings: dict[str, str] = {}
    pending: list[str] = []
    for node in _blocks_in_order(blocks):
        kind = node["t"]
        if kind == "Para" and _empty_anchors_only(node["c"]):
            # A file without a heading (a title page) is not the next file's: its links stay as they are.
            pending = [span["c"][0][0] for span in node["c"] if span["c"][0][0].endswith((".xhtml", ".html"))]
        elif kind == "Div" and _is_wrapper(node):
            pending += [node["c"][0][0]] if node["c"][0][0] else []
        elif kind == "RawBlock" and (opened := _WRAPPER_TAG.fullmatch(node["c"][1])):
            pending += re.findall(r'\bid="([^"]+)"', opened[0])
        elif kind == "Header" and pending:
            attr = node["c"][1]
            attr[0] = attr[0] or _heading_id(_local_id(pending[-1]).rsplit(".", 1)[0], ast_text(node["c"][2]))
            headings.update((name, attr[0]) for name in pending)
            pending = []
        elif kind not in ("Div", "RawBlock", "Null"):
            pending = []  # a wrapper that opens with text: its links stay as they are
    # Pandoc's EPUB reader puts the file's name before the ids of links to other files but not
    # before a figure's own (`#loi.xhtml` → `#chapter-3.xhtml_midnight`, the figure `midnight`).
    known = ids(blocks)
    unprefixed = {target: _local_id(target) for target in link_targets(blocks)
                  if target not in known and target not in headings and _local_id(target) in known}
    if headings or unprefixed:
        _relink(blocks, {**unprefixed, **headings})


def _local_id(name: str) -> str:
    """An id without the file name pandoc's EPUB reader puts before it ("a.xhtml_part-2" → "part-2")."""
    return re.sub(r"^.*?\.x?html_", "", name)


def _heading_id(stem: str, title: str) -> str:
    """The file's name ("uncopyright"), or one made from the heading's words as pandoc makes them
    where the name is no identifier an EPUB takes ("2.xhtml": an XML id opens with a letter)."""
    if re.fullmatch(r"[A-Za-z][\w.-]*", stem):
        return stem
    words = re.sub(r"[^\w\s.-]", "", title).lower().split()
    return re.sub(r"^[^a-z]+", "", "-".join(words)) or "section"


def _blocks_in_order(blocks: list):
    for block in blocks:
        yield block
        if block.get("t") in ("Div", "BlockQuote"):
            yield from _blocks_in_order(block["c"][1] if block["t"] == "Div" else block["c"])


def _relink(node: object, headings: dict[str, str]) -> None:
    if isinstance(node, list):
        for item in node:
            _relink(item, headings)
    elif isinstance(node, dict):
        if node.get("t") == "Link" and node["c"][2][0].startswith("#"):
            target = node["c"][2][0][1:]
            heading = headings.get(target) or headings.get(_local_id(target))
            node["c"][2][0] = f"#{heading}" if heading else node["c"][2][0]
        _relink(node.get("c"), headings)


def _whole_book_unwrapped(blocks: list) -> bool:
    """Open a Div that holds the whole book, rules and blank lines aside, or the Divs of class
    "book" that hold its text (Gutenberg's Adventures of Sherlock Holmes in `<div class="book">`:
    read as two blocks, no title page, contents or chapter found, twelve stories one chapter of
    nothing); its id, if any, an anchor first in it."""
    read = [n for n, b in enumerate(blocks) if b.get("t") not in ("HorizontalRule", "Null")
            and not (b.get("t") in ("Para", "Plain") and not ast_text(b).strip())]
    # or the book's text in several, pictures between them (A Christmas Carol's five staves)
    opened = [n for n in read if blocks[n].get("t") == "Div" and "book" in blocks[n]["c"][0][1]] \
        or [n for n in read if len(read) == 1 and blocks[n].get("t") == "Div"]
    if not any(b.get("t") == "Header" for n in opened for b in blocks[n]["c"][1]):
        return False
    for n in reversed(opened):
        (ident, _, _), inner = blocks[n]["c"]
        anchor = [{"t": "Para", "c": [{"t": "Span", "c": [[ident, [], []], []]}]}] if ident else []
        blocks[n:n + 1] = anchor + inner
    return True


def _without_wrapper_tags(blocks: list) -> list:
    """The blocks without the raw tags of sectioning wrappers (`_WRAPPER_TAG`), at any depth."""
    out = []
    for block in blocks:
        if block.get("t") == "RawBlock" and _WRAPPER_TAG.fullmatch(block["c"][1]):
            continue
        if block.get("t") == "Div":
            block["c"][1] = _without_wrapper_tags(block["c"][1])
        elif block.get("t") == "BlockQuote":
            block["c"] = _without_wrapper_tags(block["c"])
        out.append(block)
    return out


def _is_wrapper(div: dict) -> bool:
    """A Div the import unwraps: an EPUB's section or chapter wrapper, one with only an id, one
    with nothing (Standard Ebooks' <header> round a poem's title and its subtitle, 46 of them in
    Leaves of Grass, written `::: {}`), or one only presentational (`role="presentation"`: their
    <header> round the title of South's quoted programme), which says nothing."""
    ident, classes, attributes = div["c"][0]
    presentation = bool(attributes) and all(key == "role" and value in ("presentation", "none")
                                            for key, value in attributes)
    return bool(set(classes) & _WRAPPER_CLASSES or ident.endswith((".xhtml", ".html")) or (not classes and ident)
                or not (ident or classes or attributes) or not (ident or classes) and presentation)


def _empty_anchors_only(inlines: list) -> bool:
    return bool(inlines) and all(i.get("t") == "Span" and not i["c"][1] for i in inlines)


def _anchors_and_spaces_only(inlines: list) -> bool:
    """Empty anchors and the spaces between them alone (`<span class="pagenum">13</span>
    <a id="page013"></a>` once the page's number has gone), also after line breaks that space the
    page (Wells's `<br><br><br><span class="pagenum">{<a name="P5"></a>5}</span>` over a chapter:
    dropped as spacing, the anchor with it, and the index's 585 links to such pages led nowhere)."""
    return _empty_anchors_only([i for i in inlines if i.get("t") not in ("Space", "SoftBreak", "LineBreak")])


def _drop_empty_spans(node: object, targets: frozenset[str] = frozenset()) -> None:
    if isinstance(node, dict):
        node = node.get("c")
    if isinstance(node, list):
        node[:] = [n for n in node if not (isinstance(n, dict) and n.get("t") == "Span" and not n["c"][1]
                                            and not n["c"][0][1] and not n["c"][0][2]
                                            and n["c"][0][0] not in targets)]
        for n in node:
            _drop_empty_spans(n, targets)


def _headings_at_most_six_deep(node: object) -> None:
    """HTML has six levels of heading; pandoc's rst reader gives a seventh (written `#######`),
    which every edition set as a paragraph opening a section without a heading."""
    if isinstance(node, list):
        for item in node:
            _headings_at_most_six_deep(item)
    elif isinstance(node, dict):
        if node.get("t") == "Header" and node["c"][0] > 6:
            node["c"][0] = 6
        elif node.get("t") in ("Div", "BlockQuote"):
            _headings_at_most_six_deep(node["c"])


def _chapters_at_level_one(blocks: list) -> int:
    """A book whose top headings are level 3 or deeper (the Midē´wiwin's chapters are <h4>s, its
    title page's <h3>s once over them): the build starts chapters at level 1 (or 2, moved up), so
    the whole book was one chapter. Every heading moves up so that the top ones are `# `; return
    by how many levels (0: they were level 1 or 2)."""
    levels = [h["c"][0] for h in nested_headers(blocks)]
    shift = min(levels, default=1) - 1
    if shift < 2:
        return 0
    for heading in nested_headers(blocks):
        heading["c"][0] -= shift
    return shift


def _front_headings_at_chapter_level(blocks: list) -> int:
    """Headings before the book's first chapter, a level below the chapters (the Devil's
    Dictionary's <h2> "AUTHOR'S PREFACE" over its <h1> letters): the build read them as sections
    of an untitled first chapter, left out of the contents. They move up (those under them too)
    so that the first is at the chapters' level; return how many moved."""
    headers = nested_headers(blocks)
    top = min((h["c"][0] for h in headers), default=1)
    first = next((n for n, h in enumerate(headers) if h["c"][0] == top), 0)
    if not first or sum(h["c"][0] == top for h in headers) < 2:
        return 0
    shift = min(h["c"][0] for h in headers[:first]) - top
    for heading in headers[:first]:
        heading["c"][0] -= shift
    return first


def _level_zero_headings(blocks: list) -> int:
    """Pandoc's AsciiDoc reader gives a book's parts (`= Part One`), and a section alone at the top
    (`[preface]`), level 0, which Markdown cannot write: it wrote " Part One {#…}", read back as a
    paragraph. Such a heading with chapters under it is a part (`{.part}`); one without, a chapter.
    Return how many parts."""
    headers = [b for b in blocks if b.get("t") == "Header"]
    parts = 0
    for i, header in enumerate(headers):
        if header["c"][0] >= 1:
            continue
        following = next((h for h in headers[i + 1:] if h["c"][0] <= 1), None)
        header["c"][0] = 1
        if following is not None and following["c"][0] == 1:
            header["c"][1][1].append("part")
            parts += 1
    return parts


def _lone_pictures_as_figures(blocks: list) -> None:
    """A picture alone in its paragraph becomes a figure, its description its caption: what
    pandoc reads `![description](picture)` on a line of its own as, in the Markdown written.
    So does one alone in a plain block (an EPUB's cover page, `<section><img alt="Cover: …">
    </section>`, or a <div> or <header> holding only a logo): the Markdown writer sets it on a
    line of its own too, and its description was counted as words added. One in a table's cell
    (a song's pictograph, a plate two to a row) stays a picture, its description no caption
    printed under it: writer_guards keeps it so."""
    for i, block in enumerate(blocks):
        if block.get("t") in ("Para", "Plain"):
            inlines = seen_inlines(block["c"])
            if len(inlines) == 1 and inlines[0].get("t") == "Image":
                image = inlines[0]
                caption = [None, [{"t": "Plain", "c": image["c"][1]}]] if image["c"][1] else [None, []]
                blocks[i] = {"t": "Figure", "c": [["", [], []], caption, [{"t": "Plain", "c": [image]}]]}
        elif block.get("t") in ("BlockQuote", "Div"):
            _lone_pictures_as_figures(block["c"] if block["t"] == "BlockQuote" else block["c"][1])


def _title_blocks(blocks: list, found: Found, report: ImportReport) -> None:
    """The document's own title block (title, subtitle, author, as in its metadata) at the top
    moves to book.yaml, where the title pages are made from."""
    known = {title_key(v): k for k, v in (("title", found.title), ("subtitle", found.subtitle)) if v}
    for name in found.authors:
        known[title_key(name)] = "authors"
    anchors: list = []  # the page's anchors in what is taken, that links lead to (the Midē´wiwin's index's)
    targets = set(link_targets(blocks))
    kept = 0  # the pictures over the title (the White House Cook Book's engraving) stay
    while len(blocks) > kept and (blocks[kept].get("t") in ("Header", "Para", "Plain") or ornament(blocks[kept])):
        if ornament(blocks[kept]):
            kept += 1
            continue
        text = " ".join(ast_text(blocks[kept]).split())
        key, taken = known.get(title_key(text)), kept + 1
        if not key and found.title and (over := title_over_headings(blocks[kept:], title_key(found.title))) > 1:
            # a title over several headings: "ANCIENT ART" / "OF THE" / "PROVINCE OF …"
            key, taken = "title", kept + over
            text = " ".join(" ".join(ast_text(b).split()) for b in blocks[kept:taken] if b.get("t") == "Header")
        if not key:
            break
        report.moved.append((key, text))
        anchors += [i for b in blocks[kept:taken] if b.get("t") == "Header" for i in b["c"][2]
                    if i.get("t") == "Span" and i["c"][0][0] in targets and not ast_text(i).strip()]
        del blocks[kept:taken]
    if anchors:
        blocks.insert(0, {"t": "Para", "c": anchors})


def meta_text(value: dict | None) -> str:
    if not value:
        return ""
    if value.get("t") == "MetaString":
        return value["c"]
    if value.get("t") in ("MetaInlines", "MetaBlocks"):
        return " ".join(ast_text(value["c"]).split())
    if value.get("t") == "MetaList":
        return "; ".join(meta_text(v) for v in value["c"])
    return ""


def metadata_found(meta: dict) -> Found:
    authors = meta.get("author") or meta.get("creator")
    names = ([meta_text(a) for a in authors["c"]] if authors and authors.get("t") == "MetaList"
             else [meta_text(authors)] if authors else [])
    title, subtitle = _title_and_subtitle(meta)
    return Found(title, subtitle, [n for n in names if n], description=_paragraphs(
        meta.get("description") or meta.get("abstract")))


def _paragraphs(value: dict | None) -> str:
    """Metadata text one paragraph a line: an .fb2's annotation or a Word abstract is blocks."""
    if value and value.get("t") == "MetaBlocks":
        return "\n".join(text for text in (" ".join(ast_text([b]).split()) for b in value["c"]) if text)
    return _html_paragraphs(" ".join(meta_text(value).split()))


_HTML_BLOCK = re.compile(r"<(p|div|br)\b[^>]*>", re.IGNORECASE)


def _html_paragraphs(text: str) -> str:
    """An EPUB's dc:description written as escaped HTML (Standard Ebooks', `&lt;p&gt;Everyone's
    familiar with &lt;a href=…&gt;`), which stores and the printer's cover showed tags and all:
    its paragraphs' words, one paragraph a line."""
    if not _HTML_BLOCK.search(text):
        return text
    from lxml import html

    root = html.fragment_fromstring(text, create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    loose = (root.text or "").strip() or any((child.tail or "").strip() for child in root)
    blocks = [root] if loose else root.xpath(".//*[self::p or self::div][not(.//p or .//div)]") or [root]
    lines = [" ".join(part.split()) for b in blocks for part in b.text_content().split("\n")]
    return "\n".join(line for line in lines if line)


def _title_and_subtitle(meta: dict) -> tuple[str | None, str | None]:
    """The title and subtitle. An EPUB may name several titles (main, subtitle, expanded: "The
    Importance of Being Earnest", "A Trivial Comedy…", and both joined by a colon), which pandoc
    reads as a list without their kinds: joined, they made one title of all three."""
    title, subtitle = meta.get("title"), meta_text(meta.get("subtitle")) or None
    if not title or title.get("t") != "MetaList":
        return meta_text(title) or None, subtitle
    titles = [text for text in (meta_text(v) for v in title["c"]) if text]
    for main in titles:
        for sub in titles:
            if f"{main}: {sub}" in titles:  # the expanded title names the other two
                return main, subtitle or sub
    return (titles[0] if titles else None), subtitle


def meta_language(meta: dict) -> str | None:
    return language_tag(meta_text(meta.get("lang") or meta.get("language")))


def language_tag(lang: str | None) -> str | None:
    lang = (lang or "").strip()
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", lang):
        return None
    primary, *rest = lang.split("-")  # Word writes lang=FR: BCP 47's case is "fr", "fr-FR"
    return "-".join([primary.lower(), *(r.upper() if len(r) == 2 else r for r in rest)])


def describe(report: ImportReport, parsed: list, images: dict) -> None:
    paragraphs = [b for b in parsed if b["t"] == "Para"]
    report.paragraphs = len(paragraphs)
    # The top level's: Standard Ebooks' chapters are <h2>, and the report said "headings (0)".
    report.heading_level = min((b["c"][0] for b in parsed if b["t"] == "Header"), default=1)
    report.headings = [" ".join(ast_text(b["c"][2]).split()) for b in parsed
                       if b["t"] == "Header" and b["c"][0] == report.heading_level]
    if paragraphs:
        report.first_paragraph = ast_text(paragraphs[0]["c"])
        report.last_paragraph = ast_text(paragraphs[-1]["c"])
    notes = json.dumps(parsed).count('"t": "Note"')
    report.decisions += [
        f"read by:         pandoc's {report.kind} reader; {len(parsed)} blocks, {notes} footnotes",
        f"images:          {len(images)} written" + (": " + listed(list(images)) if images else ""),
    ]
    report.warnings += picture_warnings(parsed, images)


def _few(counter: Counter) -> str:
    return ", ".join(f"{w!r}×{n}" for w, n in counter.most_common(8)) or "none"
