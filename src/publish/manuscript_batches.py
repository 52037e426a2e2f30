"""A first read of a long manuscript, in batches: runs of consecutive parts read, typeset and
converted to HTML together, in the build's worker processes when they run.

One batch holds a slice of the book, so neither this process nor pandoc ever holds the whole
book's syntax tree (a 500,000-word book's took over 1 GB between them), and the batches use
every core. A batch is read as the whole text would be read: the chunks are independent
(manuscript_cache), and each part keeps the heading ids its chunks read alone; the caller gives
them the ids of the whole text (heading_ids).
"""

from __future__ import annotations

from dataclasses import dataclass

from publish import workers
from publish.errors import PublishError
from publish.model import TypographySettings

MIN_BATCH_CHARS = 100_000  # of Markdown: below it, a batch costs more in pandoc starts than it gains
MAX_BATCH_CHARS = 1_000_000  # above it, pandoc's memory grows for nothing


@dataclass(frozen=True)
class Batch:
    parts: list[list[str]]  # each part's chunks of Markdown
    language: str
    style: TypographySettings
    args: list[str]
    what: str


class BatchTied(Exception):
    """A batch's chunks could not be read apart from the rest of the text."""


def convert_in_batches(parts: list[list[str]], language: str, style: TypographySettings, args: list[str],
                       what: str) -> list[dict | None]:
    """Each part's HTML entry (manuscript_cache._entry), in order; BatchTied when a batch
    shows the text must be read whole."""
    jobs = [Batch(batch, language, style, args, what) for batch in _batches(parts)]
    entries: list[dict | None] = []
    # One batch is read here: a worker would only add its start-up.
    for result in workers.map_jobs(convert_batch, jobs, here=len(jobs) < 2 or not workers.running()):
        if isinstance(result, workers.Failed):
            raise result.error()
        if result is None:
            raise BatchTied
        entries += result
    return entries


def _batches(parts: list[list[str]]) -> list[list[list[str]]]:
    """Runs of consecutive parts: a few per worker, each between MIN and MAX_BATCH_CHARS."""
    sizes = [sum(len(c) for c in part) for part in parts]
    target = min(max(sum(sizes) // (4 * workers.count()), MIN_BATCH_CHARS), MAX_BATCH_CHARS)
    batches: list[list[list[str]]] = [[]]
    size = 0
    for part, chars in zip(parts, sizes, strict=True):
        if batches[-1] and size + chars > target:
            batches.append([])
            size = 0
        batches[-1].append(part)
        size += chars
    return batches


def convert_batch(batch: Batch) -> list[dict | None] | workers.Failed | None:
    """In a worker: the batch's parts read in one run of pandoc, typeset, and converted; None
    when the batch's text does not cut into its chunks."""
    from publish.heading_ids import written_ids
    from publish.manuscript_cache import _convert, _convert_together, _document, _facts, _read_groups

    chunks = [chunk for part in batch.parts for chunk in part]
    try:
        groups = _read_groups(chunks, batch.language, batch.style, batch.what)
        if groups is None:
            return None
        docs, at = [], 0
        for part in batch.parts:
            docs.append(_document(groups[at:at + len(part)]))
            at += len(part)
        del groups
        facts = [_facts(doc, written_ids(*part)) for doc, part in zip(docs, batch.parts, strict=True)]
        made = _convert_together(docs, facts, batch.args, batch.what) if len(docs) > 1 else None
        return made or _convert(docs, facts, batch.args, batch.what)
    except PublishError as error:
        return workers.Failed.of(error)
