"""Resources a renderer may load: files inside the project, never the network."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint.urls import URLFetcher, URLFetcherResponse

from publish.errors import PublishError
from publish.model import Book

# The manuscript folder's address as WeasyPrint sees it, the same in every folder and on every
# computer: WeasyPrint names each picture in the PDF by a hash of its address, so the PDF of a
# book with pictures was other bytes when the project lay elsewhere. The fetcher reads the files.
MANUSCRIPT_URL = "file:///publish-manuscript/"


class LocalFetcher(URLFetcher):
    """A WeasyPrint fetcher that reads files inside the project and its styles, nothing else.
    Given the text block's size (inches), it serves the manuscript's images as their print
    copies: no more pixels than the page can show (image_copies)."""

    def __init__(self, book: Book, text_block: tuple[float, float] | None = None) -> None:
        # Fatal errors: a missing or refused resource stops the build instead of a silent gap.
        super().__init__(allowed_protocols={"file", "data"}, fail_on_errors=True)
        self._roots = (book.root.resolve(), book.styles_dir.resolve())
        self._manuscript = book.manuscript_dir.resolve()
        self._text_block = text_block

    def fetch(self, url: str, headers=None):
        if url.startswith(MANUSCRIPT_URL):  # a query or fragment (map.png?v=2) names no other file
            url = (self._manuscript / unquote(url[len(MANUSCRIPT_URL):].split("#")[0].split("?")[0])).as_uri()
        parsed = urlparse(url)
        if parsed.scheme == "file":
            path = Path(unquote(parsed.path)).resolve()
            if not any(path.is_relative_to(root) for root in self._roots):
                raise PublishError(f"refusing to read {path}: it lies outside the project")
            if not path.is_file():
                raise PublishError(f"{path} does not exist", hint="check the file name and its folder")
            if self._text_block and path.is_relative_to(self._manuscript):
                from publish.image_copies import print_copy

                data = path.read_bytes()
                copy = print_copy(data, path, self._text_block)
                if copy is not data:
                    return _Copy(url, copy)
        elif parsed.scheme != "data":
            raise PublishError(
                f"refusing to fetch {url}: builds never use the network",
                hint="download the file into the project and refer to it by a relative path",
            )
        return super().fetch(url, headers)


class _Copy(URLFetcherResponse):
    """A file's copy made here: WeasyPrint embeds these bytes, not the file its `path` names."""

    @property
    def path(self) -> None:
        return None


@contextmanager
def fonts_must_load(styles_dir: Path) -> Iterator[None]:
    """Stop when WeasyPrint cannot load an @font-face: it would set the text in another face."""
    failed: list[str] = []

    class _FontFailures(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.msg == "Font-face %r cannot be loaded" and record.args:
                failed.append(str(record.args[0]))

    handler = _FontFailures(logging.WARNING)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)
    if failed:
        raise PublishError(
            f"the print edition cannot load the font-face '{failed[0]}'", file=styles_dir / "fonts" / "fonts.css",
            hint="check that each url() names a TrueType, OpenType, WOFF or WOFF2 file in styles/fonts/ "
                 "that opens in a font viewer; replace any damaged file",
        )
