"""PDF/X for a press (`print.variant: pdf/x-1a`, `pdf/x-3`, `pdf/x-4`), interior and cover.

A PDF/X file names the printing condition it was made for in an output intent that carries the
press's ICC profile: WeasyPrint 70 writes one only when a stylesheet declares the profile as
`device-cmyk`, and without it a file claiming PDF/X fails every preflight. The profile is
book.yaml's `print.output_profile`. WeasyPrint also gives a PDF/X-4 file a random XMP document
ID; here it is the PDF's own identifier, so that a build gives the same bytes again.
"""

from __future__ import annotations

import io
import logging
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import quote

from publish.model import Book

log = logging.getLogger("publish")


def is_pdf_x(book: Book) -> bool:
    return book.meta.print_settings.variant.startswith("pdf/x")


def output_profile_css(book: Book) -> str:
    """The press's profile as WeasyPrint's output intent; "" for a book that names none."""
    from publish.fetch import MANUSCRIPT_URL

    name = book.meta.print_settings.output_profile
    return (f'@color-profile device-cmyk {{ src: url("{MANUSCRIPT_URL}{quote(name)}"); components: c, m, y, k; }}\n'
            if name else "")


@contextmanager
def fixed_document_id(identifier: bytes) -> Iterator[None]:
    """While open, WeasyPrint's XMP document ID is `identifier` (32 hex digits), not a random one."""
    from weasyprint.pdf import metadata

    random_id = metadata.uuid4
    metadata.uuid4 = lambda: uuid.UUID(identifier.decode())
    try:
        yield
    finally:
        metadata.uuid4 = random_id


def press_ready(pdf: bytes) -> bytes:
    """The PDF without its links, which PDF/X refuses in the page (an annotation may print over
    the text); RGB pictures, which it refuses too, are warned of by name."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        rgb = _rgb_pictures(document)
        if rgb:
            log.warning("print edition: %d pictures are RGB, which PDF/X refuses (%s, …: the PDF's names); convert "
                        "them to CMYK or greyscale, or use print.variant pdf/ua-1 and let the printer convert them",
                        len(rgb), ", ".join(rgb[:3]))
        for page in document.pages:
            if "/Annots" in page.obj:
                del page.obj["/Annots"]
        streams = pikepdf.ObjectStreamMode.generate if document.pdf_version >= "1.5" else \
            pikepdf.ObjectStreamMode.disable  # PDF/X-1a and X-3 are PDF 1.4, which has no object streams
        buffer = io.BytesIO()
        document.save(buffer, deterministic_id=True, object_stream_mode=streams)
    return buffer.getvalue()


def _rgb_pictures(document) -> list[str]:
    """The image XObjects in RGB (device or ICC-based with three components), by the page they first show on."""
    import pikepdf

    found: dict[tuple[int, int], str] = {}
    for number, page in enumerate(document.pages, 1):
        for name, image in page.get_images().items():
            space = image.get("/ColorSpace")
            three = space == "/DeviceRGB" or (isinstance(space, pikepdf.Array) and len(space) > 1
                                             and space[0] == "/ICCBased" and space[1].get("/N") == 3)
            if three and image.objgen not in found:
                found[image.objgen] = f"page {number} {name[1:]}"
    return list(found.values())
