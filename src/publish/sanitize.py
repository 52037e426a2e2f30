"""Sanitising HTML from the manuscript: what pandoc writes stays, anything active or remote goes.

One function, `clean_html(fragment) -> fragment`, for every edition. Raw HTML in Markdown
reaches the output through pandoc untouched; this removes scripts, event handlers, forms,
frames, embedded objects and references to remote resources (images, styles), and keeps
the HTML and MathML that pandoc itself produces. Links to web pages stay (they load nothing).
Inline styles keep layout and emphasis only (STYLE_PROPERTIES).
"""

from __future__ import annotations

import re

import nh3

# What pandoc's HTML5 writer emits, plus harmless inline HTML an author may type.
HTML_TAGS = {
    "a", "abbr", "article", "aside", "b", "bdi", "bdo", "blockquote", "br", "caption", "cite",
    "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl", "dt", "em", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "i", "img",
    "ins", "kbd", "label", "li", "mark", "nav", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
    "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
}
MATHML_TAGS = {
    "math", "semantics", "annotation", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "msup",
    "msub", "msubsup", "mfrac", "msqrt", "mroot", "mstyle", "merror", "mpadded", "mphantom",
    "mfenced", "menclose", "munder", "mover", "munderover", "mmultiscripts", "mprescripts", "none",
    "mtable", "mtr", "mtd", "mlabeledtr", "maligngroup", "malignmark",
}
# The roles of WAI-ARIA, DPUB-ARIA and Graphics ARIA that epubcheck's schema takes: any other value of
# `role` makes the page invalid. ARIA 1.2's roles for what HTML's own elements say (strong, emphasis,
# code, paragraph, deletion…) are not among them: a DocBook import's <p role="strong"> (a style's
# name that is also such a role) failed epubcheck.
ARIA_ROLES = frozenset(
    "alert alertdialog application article banner button cell checkbox columnheader "
    "combobox complementary contentinfo definition dialog directory document feed figure form "
    "grid gridcell group heading img link list listbox listitem log main marquee math "
    "menu menubar menuitem menuitemcheckbox menuitemradio navigation none note option presentation "
    "progressbar radio radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider "
    "spinbutton status switch tab table tablist tabpanel term textbox timer "
    "toolbar tooltip tree treegrid treeitem graphics-document graphics-object graphics-symbol".split()
    + [f"doc-{r}" for r in (
        "abstract acknowledgments afterword appendix backlink biblioentry bibliography biblioref chapter colophon "
        "conclusion cover credit credits dedication endnote endnotes epigraph epilogue errata example footnote "
        "foreword glossary glossref index introduction noteref notice pagebreak pagelist part "
        "preface prologue pullquote qna subtitle tip toc").split()])
GLOBAL_ATTRIBUTES = {"id", "class", "title", "lang", "dir", "role", "style", "aria-hidden", "aria-label"}
HTML_ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "details": {"open"},
}
MATHML_ATTRIBUTES = {
    "display", "xmlns", "mathvariant", "mathsize", "mathcolor", "mathbackground", "stretchy",
    "form", "fence", "separator", "lspace", "rspace", "width", "height", "depth", "voffset",
    "columnalign", "rowalign", "columnspacing", "rowspacing", "columnlines", "rowlines", "frame",
    "framespacing", "equalrows", "equalcolumns", "displaystyle", "scriptlevel", "accent",
    "accentunder", "movablelimits", "largeop", "symmetric", "minsize", "maxsize", "encoding",
    "linethickness", "notation", "open", "close", "separators", "align", "rowspan", "columnspan",
    "numalign", "denomalign", "bevelled",
}
# Layout and emphasis only: colours and positions from raw HTML would fight the reader's
# settings (night mode) and can fail contrast checks.
STYLE_PROPERTIES = {
    "text-align", "vertical-align", "width", "height", "max-width", "font-style", "font-weight",
    "font-variant", "text-decoration", "text-transform", "white-space",
}
# Attributes that fetch something when the page is shown: only files inside the book may.
_RESOURCE_ATTRIBUTES = {("img", "src")}
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_UNSAFE_STYLE = re.compile(r"url\s*\(|expression\s*\(|@import|behavior\s*:|-moz-binding", re.I)


def is_remote(url: str) -> bool:
    """A URL that points outside the book: any scheme, or a protocol-relative '//host'."""
    return bool(_SCHEME.match(url)) or url.strip().startswith("//")


# The task-list checkboxes pandoc writes are form controls, which the sanitiser drops; a
# screen shows them as glyphs (print draws the boxes: print.css).
_CHECKBOX = re.compile(r'<input type="checkbox"( checked(?:="[^"]*")?)?\s*/?>')


def checkboxes_as_text(fragment: str) -> str:
    """A task list's boxes as ☐ and ☒, ahead of clean_html."""
    return _CHECKBOX.sub(lambda m: "☒ " if m.group(1) else "☐ ", fragment)


def clean_html(fragment: str) -> str:
    """The fragment without active content or remote resources; well-formed HTML5 out."""
    attributes: dict[str, set[str]] = {"*": GLOBAL_ATTRIBUTES}
    for tag, names in HTML_ATTRIBUTES.items():
        attributes[tag] = set(names)
    for tag in MATHML_TAGS:
        attributes[tag] = set(MATHML_ATTRIBUTES)
    return nh3.clean(
        fragment,
        tags=HTML_TAGS | MATHML_TAGS,
        clean_content_tags={"script", "style", "template", "noscript", "iframe", "object", "embed"},
        attributes=attributes,
        # pandoc's line anchors in code blocks are aria-hidden, so they must stay out of tab order.
        tag_attribute_values={"a": {"tabindex": {"-1"}}},
        filter_style_properties=STYLE_PROPERTIES,
        attribute_filter=_filter_attribute,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def _filter_attribute(tag: str, name: str, value: str) -> str | None:
    if (tag, name) in _RESOURCE_ATTRIBUTES and is_remote(value):
        return None
    if name == "role":  # a DocBook import's role="pararole" is a style's name: the HTML is invalid
        return " ".join(r for r in value.split() if r in ARIA_ROLES) or None
    if name == "style" and _UNSAFE_STYLE.search(value):
        return None
    if name == "href" and value.count("#") > 1:  # a "#" in a fragment is escaped, else the URL is invalid
        address, _, fragment = value.partition("#")
        return f"{address}#{fragment.replace('#', '%23')}"
    return value
