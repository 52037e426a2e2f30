"""An EPUB's endnotes as the manuscript's footnotes.

EPUB 3 books (Standard Ebooks' among them) keep their notes in a file of their own: each call a
link to its note (`<a href="endnotes.xhtml#note-1" id="noteref-1" epub:type="noteref">1</a>`),
each note a list item that links back to its call. Pandoc's EPUB reader keeps both as links, so
a history's 364 notes were imported as a last chapter of numbered items and the calls as
numbers linking to them: no edition could set them as notes (at the foot of the page in print,
linked both ways in the EPUB). A call and a note that link to each other are made a pandoc
footnote at the call; the list they stood in goes, and its section with it when nothing else is
left in it.
"""

from __future__ import annotations

from publish.importer.ast_ids import link_targets

_LISTS = ("OrderedList", "BulletList")


def endnotes_as_notes(blocks: list, labels: dict[int, str] | None = None) -> int:
    """Make each note that its call links to, and that links back to its call, a footnote at
    the call; return how many. `labels` is given each call's text ("1") by the id of its note
    (note_restarts.py)."""
    _paragraph_notes_as_divs(blocks)
    divs = _note_divs(blocks)
    places: dict[str, tuple[list, int]] = {}
    calls: dict[str, list[tuple[list, int, str]]] = {}
    _find_calls(blocks, set(divs), calls)
    notes = {target: found[0] for target, found in calls.items()  # a footnote has one call
             if len(found) == 1 and _links_to(divs[target]["c"][1], found[0][2])}
    inside = {ident for target in notes for ident in _link_ids(divs[target])}
    made: dict[str, str] = {}
    for target, (container, index, call_id) in notes.items():
        if call_id in inside:  # a call inside a note stays a link: a footnote holds no footnote
            _drop_backlinks(divs[target]["c"][1], call_id)  # its '↩', which no book face has, goes
            continue
        content = divs[target]["c"][1]
        _drop_numbered_return(content, call_id)
        _drop_backlinks(content, call_id)
        divs[target]["c"][1] = []
        divs[target]["t"] = "Null"
        call, container[index] = container[index], {"t": "Note", "c": content}
        if labels is not None:
            labels[id(container[index])] = _text(call)
        if index and container[index - 1].get("t") in ("Space", "SoftBreak"):  # "prophetess, 81 and": the
            container[index - 1] = {"t": "Str", "c": ""}  # call set after its word (places keep their indices)
        made[target] = call_id
        places[target] = (container, index)
    if made:
        _drop_emptied_headings(blocks)
        blocks[:] = _without_emptied(blocks)
        _relink_notes(blocks, made, places)
    for target, found in calls.items():
        if target not in made:
            for container, _, call_id in found:
                _superior(container, call_id)
    return len(made)


def _text(node: object) -> str:
    """The words of an inline and what it holds ("[1]" of a call)."""
    if isinstance(node, list):
        return "".join(_text(n) for n in node)
    if not isinstance(node, dict):
        return ""
    return node["c"] if node.get("t") == "Str" else _text(node.get("c"))


def _paragraph_notes_as_divs(blocks: list) -> None:
    """Notes set as paragraphs, each opening with its anchor (Calibre's and other converters' notes
    in a chapter of their own, `<p id="n1"><a href="ch1.html#r1">1</a>. There were…</p>`, which
    pandoc reads `[]{#n1}[1](#r1). There were…`): each is made a Div with that id, as an EPUB 3
    sets a note, when a call links to it and it links back to the call."""
    calls: dict[str, str] = {}  # the note's anchor → its call's id
    stack: list = [blocks]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("t") == "Link" and item["c"][0][0] and item["c"][2][0].startswith("#"):
                calls[item["c"][2][0][1:]] = item["c"][0][0]
            stack.append(item.get("c"))
        elif isinstance(item, list):
            stack.extend(item)
    containers = [blocks] + [b["c"][1] for b in _all_blocks(blocks) if b.get("t") == "Div"]
    for container in containers:
        for index, block in enumerate(container):
            inlines = block["c"] if block.get("t") == "Para" else []
            if inlines and inlines[0].get("t") == "Link" and inlines[0]["c"][0][0] in calls:
                # the note's number its anchor and its backlink at once (Chiriqui's `<p><a id="note1"
                # href="#tag1">1.</a> For physical features…</p>`)
                anchor = inlines[0]["c"][0][0]
                if inlines[0]["c"][2][0] == f"#{calls[anchor]}":
                    inlines[0]["c"][0] = ["", [], []]
                    container[index] = {"t": "Div", "c": [[anchor, [], []], [block]]}
                continue
            if not inlines or inlines[0].get("t") != "Span" or inlines[0]["c"][1]:
                continue
            anchor = inlines[0]["c"][0][0]
            if anchor not in calls:
                continue
            if _links_to([{"t": "Para", "c": inlines}], calls[anchor]):
                container[index] = {"t": "Div", "c": [[anchor, [], []], [{"t": "Para", "c": inlines[1:]}]]}
            elif len(inlines) == 1 and index + 1 < len(container) and _links_to(container[index + 1:index + 2],
                                                                                 calls[anchor]):
                # The anchor alone in a paragraph over its note (Project Gutenberg's HTML books made
                # by David Widger: `<p><a id="linknote-81"></a></p><p class="foot">81 (<a
                # href="#linknoteref-81">return</a>)<br/> [ The note.]</p>`).
                container[index] = {"t": "Div", "c": [[anchor, [], []], [container[index + 1]]]}
                container[index + 1] = {"t": "Null"}


def _drop_emptied_headings(blocks: list) -> None:
    """A heading whose section held only the notes made footnotes ("Notes") goes with them."""
    for index, block in enumerate(blocks):
        if block.get("t") != "Header":
            continue
        section = []
        for after in blocks[index + 1:]:
            if after.get("t") == "Header" and after["c"][0] <= block["c"][0]:
                break
            section.append(after)
        if any(b.get("t") == "Null" for b in section) and all(_left_over(b) for b in section):
            blocks[index] = {"t": "Null"}


def _left_over(block: dict) -> bool:
    """Nothing a reader reads once the notes are gone: a note's emptied place, an anchor, a rule,
    or a spacer (Project Gutenberg's `<div style="height: 4em"><br/><br/></div>`)."""
    kind = block.get("t")
    if kind == "Div":
        return all(_left_over(b) for b in block["c"][1])
    if kind in ("Para", "Plain") and all(_unseen(i) for i in block["c"]):
        return True  # also an anchor round a space: `<a id="link22H_4_0001"> </a>` before the next heading
    return kind in ("Null", "HorizontalRule") or _is_anchor(block)


def _unseen(inline: dict) -> bool:
    kind = inline.get("t")
    return kind in ("Space", "SoftBreak", "LineBreak") or kind == "Span" and all(_unseen(i) for i in inline["c"][1])


def _superior(container: list, call_id: str) -> None:
    """A call left a link (to a note called twice, or from inside another note) set as a
    superior figure, as its reading system's stylesheet set it: in a table of figures inside a
    note, "4,000,000,000169" read as one number."""
    for index, inline in enumerate(container):
        if inline.get("t") == "Link" and inline["c"][0][0] == call_id:
            inline["c"][0] = [call_id, [], []]  # `^[2](#note-2){#noteref-2}^`: no space, or no superscript
            container[index] = {"t": "Superscript", "c": [inline]}


def _relink_notes(blocks: list, made: dict[str, str], places: dict[str, tuple[list, int]]) -> None:
    """Links to a note made a footnote ("see this note") lead to its call, which keeps its id."""
    targets = {t for t in link_targets(blocks) if t in made}
    for target in targets:
        container, index = places[target]
        container[index] = {"t": "Span", "c": [[made[target], [], []], [container[index]]]}
    stack: list = [blocks]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("t") == "Link" and item["c"][2][0][1:] in targets:
                item["c"][2][0] = f"#{made[item['c'][2][0][1:]]}"
            stack.append(item.get("c"))
        elif isinstance(item, list):
            stack.extend(item)


def _note_divs(blocks: list) -> dict[str, dict]:
    """Divs with an id, at any depth (in list items too), by id."""
    found: dict[str, dict] = {}
    for block in _all_blocks(blocks):
        if block.get("t") == "Div" and block["c"][0][0]:
            found[block["c"][0][0]] = block
    return found


def _all_blocks(blocks: list):
    for block in blocks:
        yield block
        kind, content = block.get("t"), block.get("c")
        if kind == "Div":
            yield from _all_blocks(content[1])
        elif kind == "BlockQuote":
            yield from _all_blocks(content)
        elif kind in _LISTS:
            for item in content if kind == "BulletList" else content[1]:
                yield from _all_blocks(item)


def _find_calls(node: object, divs: set[str], calls: dict, container: list | None = None,
                index: int = 0) -> None:
    """Links with an id of their own to a Div: (the list holding it, its place, its id) by the
    Div's id. A link alone in a superscript is taken with it."""
    if isinstance(node, list):
        for i, item in enumerate(node):
            _find_calls(item, divs, calls, node, i)
        return
    if not isinstance(node, dict):
        return
    link = node
    if node.get("t") == "Superscript" and len(node["c"]) == 1 and node["c"][0].get("t") == "Link":
        link = node["c"][0]
    if link.get("t") == "Link" and link["c"][0][0] and container is not None:
        target = link["c"][2][0]
        if target.startswith("#") and target[1:] in divs:
            calls.setdefault(target[1:], []).append((container, index, link["c"][0][0]))
            return
    _find_calls(node.get("c"), divs, calls)


def _link_ids(node: object) -> set[str]:
    """The ids of the links in `node`."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("t") == "Link" and item["c"][0][0]:
                found.add(item["c"][0][0])
            stack.append(item.get("c"))
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _links_to(blocks: list, ident: str) -> bool:
    return any(i.get("t") == "Link" and i["c"][2][0] == f"#{ident}"
               for b in _all_blocks(blocks) if b.get("t") in ("Para", "Plain") for i in b["c"])


def _drop_backlinks(blocks: list, call_id: str) -> None:
    """Take the links back to the call out of the note's paragraphs."""
    for block in _all_blocks(blocks):
        if block.get("t") in ("Para", "Plain"):
            kept = [i for i in block["c"] if not (i.get("t") == "Link" and i["c"][2][0] == f"#{call_id}")]
            if len(kept) != len(block["c"]):
                while kept and kept[-1].get("t") in ("Space", "SoftBreak", "LineBreak"):
                    kept.pop()
                if _is_backlink(block["c"][0], call_id):
                    _drop_number_stop(kept)
                block["c"][:] = kept  # in place: a call in the note is known by its list


def _drop_numbered_return(blocks: list, call_id: str) -> None:
    """The number and bracketed "(return)" link opening a note, and the square brackets round
    its text (`81 (<a href="#linknoteref-81">return</a>)<br/> [ The note.]`), which the note's
    number in every edition replaces."""
    para = blocks[0] if blocks and blocks[0].get("t") in ("Para", "Plain") else None
    inlines = para["c"] if para else []
    texts = [i.get("c") if i.get("t") == "Str" else i.get("t") for i in inlines[:6]]
    if len(texts) < 5 or not str(texts[0]).isdigit() or texts[1:3] != ["Space", "("] or texts[4] != ")":
        return
    if not _is_backlink(inlines[3], call_id):
        return
    del inlines[:5]
    while inlines and inlines[0].get("t") in ("Space", "SoftBreak", "LineBreak"):
        del inlines[0]
    first, last = inlines[0] if inlines else {}, inlines[-1] if inlines else {}
    if first.get("t") == "Str" and first["c"].startswith("[") and last.get("t") == "Str" and last["c"].endswith("]"):
        last["c"] = last["c"][:-1]
        first["c"] = first["c"][1:]
        while inlines and (inlines[0].get("t") in ("Space", "SoftBreak") or inlines[0] == {"t": "Str", "c": ""}):
            del inlines[0]
        while inlines and (inlines[-1].get("t") in ("Space", "SoftBreak") or inlines[-1] == {"t": "Str", "c": ""}):
            del inlines[-1]


def _is_backlink(inline: dict, call_id: str) -> bool:
    return inline.get("t") == "Link" and inline["c"][2][0] == f"#{call_id}"


def _drop_number_stop(inlines: list) -> None:
    """The stop after a note's number that was its backlink (pandoc's EPUB 2 notes: `<a
    href="#fnref1">1</a>. At Penzance`), which was left opening the note: ". At Penzance"."""
    if inlines and inlines[0].get("t") == "Str" and inlines[0]["c"][:1] in (".", ")", ":"):
        rest = inlines[0]["c"][1:]
        if rest:
            inlines[0] = {"t": "Str", "c": rest}
        else:
            del inlines[0]
    while inlines and inlines[0].get("t") in ("Space", "SoftBreak"):  # the space after the number
        del inlines[0]


def _without_emptied(blocks: list) -> list:
    """The blocks without the lists emptied of their notes, nor a Div left holding only its
    heading and empty anchors (the endnotes' section)."""
    out = []
    for block in blocks:
        kind = block.get("t")
        if kind == "Null" or kind in ("Para", "Plain") and not block["c"]:
            continue
        if kind in _LISTS:
            items = block["c"] if kind == "BulletList" else block["c"][1]
            kept = [_without_emptied(item) for item in items]
            if kind == "OrderedList" and any(kept):  # the notes left keep their numbers
                block["c"][0][0] += next(i for i, item in enumerate(kept) if item)
            items[:] = [item for item in kept if item]
            if not items:
                continue
        elif kind == "Div":
            inner = block["c"][1]
            had_notes = any(b.get("t") in _LISTS or b.get("t") == "Null" for b in inner)  # a list, or notes' divs
            block["c"][1] = inner = _without_emptied(inner)
            if had_notes and all(b.get("t") in ("Header", "HorizontalRule") or _is_anchor(b) for b in inner):
                continue
        elif kind == "BlockQuote":
            block["c"] = _without_emptied(block["c"])
        out.append(block)
    return out


def _is_anchor(block: dict) -> bool:
    return block.get("t") == "Para" and all(i.get("t") == "Span" and not i["c"][1] for i in block["c"])
