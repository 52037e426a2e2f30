"""The pipeline: load → model → matter → each edition → write, all or nothing.

Incremental: each edition has a key, the hash of everything it is made from (the manuscript
folder, book.yaml, the styles it reads, templates, fonts, the build date and the versions of
the tools and of publish itself). An edition whose key and written files are unchanged since
the last build is left alone; when all are, nothing is loaded or rendered at all.
"""

from __future__ import annotations

import dataclasses
import inspect
import logging
import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from publish.cache import Cache, digest, files_digest, sha256, tool_versions, tree_files
from publish.editions import Artifact, editions
from publish.errors import PublishError
from publish.lock import locked
from publish.manifest import Manifest, input_stamp, main_paths, snapshot, written_stamp
from publish.output import replace_dir, staging_dir, write_aside, write_atomic
from publish.progress import ChapterHook, LogProgress, Progress, pdf_pages
from publish.project import CACHE_DIR, FORMATS, manuscript_dir, styles_dir
from publish.series import SeriesFile, attach, series_of_project

log = logging.getLogger("publish")

# The stylesheet each edition reads; any other file in styles/ may be read by every edition.
EDITION_CSS = {"pdf": "print.css", "epub": "epub.css", "html": "screen.css"}


@dataclass(frozen=True)
class BuildResult:
    written: tuple[Path, ...]
    unchanged: tuple[Path, ...] = ()  # editions already up to date, left as they were
    built: tuple[str, ...] = ()  # the editions rendered and written this time
    pages: dict[Path, int] = field(default_factory=dict)  # the PDF's page count


@locked
def build(project: Path, out: Path | None = None, formats: tuple[str, ...] = FORMATS,
          force: bool = False, printer: bool = False, progress: Progress | None = None,
          series: SeriesFile | None = None, jobs: int = 0,
          on_written: Callable[[str, list[Path]], None] | None = None, changed: bool = False) -> BuildResult:
    """Build the editions into `out`; `printer` makes the print PDF for the printer (bleed,
    marks, cover); `force` ignores the cache; `jobs` processes typeset the PDF (0: one per core).
    `on_written` (the watcher's): a folder edition (the web's) is put in place as soon as it is
    rendered, then `on_written(edition, paths)` is told, while the others still render; each
    edition is still replaced whole, but a later failure leaves that one new. `changed`: the
    caller found the inputs changed since the last build (the command's quick check)."""
    project = project.resolve()
    if not project.is_dir():
        raise PublishError("project folder does not exist", file=project)
    out = output_folder(project, out or project / "build")
    cache = Cache(project / "build" / CACHE_DIR, read=not force)
    formats = tuple(f for f in FORMATS if f in formats)  # the PDF first: the EPUB reads its pages
    series = series or series_of_project(project)  # given by `build --series`, else book.yaml's series.file
    from publish import workers
    from publish.editions import pdf_parts

    pdf_parts.configure(cache=cache, jobs=jobs)  # the print edition's parts: cached, `jobs` processes at once
    chars = _source_chars(project)
    if "pdf" in formats and (pdf_parts.first_build(chars) or changed and pdf_parts.worth_starting_early(chars, True)):
        workers.start_server(project, jobs)  # it warms up while the keys are made and the book loads
    # Taken before the keys: an edit during the build makes the next quick check fail, not pass.
    inputs_now = input_stamp(project) if series is None else None
    project_now = snapshot(project, out, formats, printer) if series is None else None
    keys = edition_keys(project, formats, printer, series)
    manifest = Manifest(cache, out)
    fresh = {} if force else {name: manifest.fresh(name, keys[name]) for name in formats}
    stale = [name for name in formats if not fresh.get(name)]
    unchanged = tuple(p for name in formats if fresh.get(name) for p in main_paths(fresh[name], out))
    if not stale:
        log.info("all editions are up to date (use --force to build them again)")
        manifest.save(project_now, written_stamp(out, formats, printer, inputs_now, manifest.files(formats)))
        return BuildResult((), unchanged, pages=manifest.pages())

    from publish import fontsubset, image_copies
    from publish.editions import chapter_cache

    fontsubset.use_cache_dir(cache.folder)
    image_copies.configure(cache)  # the images scaled for each edition: scaled once
    chapter_cache.configure(cache)  # the EPUB's and HTML's chapters: an unchanged one is not made again
    # A first build of a long book, or a correction, starts the worker processes now: they
    # start while the book loads.
    early = pdf_parts.worth_starting_early(chars, "pdf" in stale)
    # Render everything before putting anything in place: a failure leaves the old editions as
    # they were. A folder edition (the web's) is written aside as soon as it is rendered, while
    # the others still render, and swapped in with the rest at the end.
    staged: dict[str, Path] = {}
    aside: list[tuple[Path, Path]] = []  # (a file written beside its place, the place)
    written: dict[str, list[Path]] = {}
    try:
        with workers.started(jobs, early=early, project=project):
            book = _loaded(project, cache, series, printer, glyphs="pdf" in stale, sheets=tuple(stale))
            rendered: dict[str, Artifact] = {}
            if "pdf" in formats and "pdf" not in stale:
                rendered["pdf"] = _written_artifact("pdf", out, fresh["pdf"])

            def stage(artifact: Artifact) -> None:
                if artifact.folder is None:
                    return
                if on_written is None:
                    staged[artifact.edition] = _stage(artifact, out)
                    return
                written[artifact.edition] = _write(artifact, out)
                manifest.record(artifact.edition, keys[artifact.edition], _written_files(artifact, out))
                manifest.save(None)  # known fresh even if a later edition fails
                on_written(artifact.edition, written[artifact.edition])

            _render_stale(stale, book, rendered, progress or LogProgress(), stage)
        # Every edition written beside its place before any is put there: a disk that fills up
        # or a folder that refuses a file leaves all the old editions, not some.
        left = [rendered[name] for name in stale if name not in written]
        for artifact in left:
            if artifact.folder is not None and artifact.edition not in staged:
                staged[artifact.edition] = _stage(artifact, out)
            elif artifact.folder is None:
                aside += [(write_aside(out / name, data), out / name) for name, data in artifact.files.items()]
        for artifact in left:
            paths = written[artifact.edition] = _write(artifact, out, staged.pop(artifact.edition, None), aside)
            pages = pdf_pages(paths[0]) if artifact.edition == "pdf" else None
            manifest.record(artifact.edition, keys[artifact.edition], _written_files(artifact, out), pages)
    finally:
        for folder in staged.values():  # not swapped in: the build failed
            shutil.rmtree(folder, ignore_errors=True)
        for temporary, _ in aside:
            temporary.unlink(missing_ok=True)
    manifest.save(project_now, written_stamp(out, formats, printer, inputs_now, manifest.files(formats)))
    return BuildResult(tuple(p for name in stale for p in written[name]), unchanged, tuple(stale), manifest.pages())


def _loaded(project: Path, cache: Cache, series: SeriesFile | None, printer: bool, glyphs: bool = False,
            sheets: tuple[str, ...] = ()):
    """The book, checked for what would stop every edition; `glyphs`: and for characters the
    print edition's fonts do not have; `sheets`: the stylesheets of these editions."""
    from publish.crossref_numbers import numbered
    from publish.crossrefs import dead_links_unlinked
    from publish.images import check_resources
    from publish.long_dashes import long_dashes_drawn
    from publish.manuscript import load_book
    from publish.print_math import warn_unread_math
    from publish.styles import check_fonts, code_face_chars
    from publish.stylesheet_check import check_stylesheets
    from publish.templates import check_templates
    from publish.typography.strings import typeset_metadata

    book = load_book(project, cache=cache)
    if series is not None:
        book = attach(book, series)
    book = dataclasses.replace(book, meta=typeset_metadata(book.meta, cache))  # book.yaml's strings, as the text
    if printer:
        from publish.print_layout import for_printer

        book = for_printer(book)
    check_resources(book)  # once, before any edition starts: remote or broken images stop them all
    book = numbered(book)  # figures, tables and formulas with `fig-`, `tbl-`, `eq-` ids, and the references to them
    book = dead_links_unlinked(book)  # a link to an anchor the book lacks: said once, plain text in every edition
    covered = check_fonts(book.styles_dir, cache)  # a face that fails to load would be swapped silently in the PDF
    cover = ("cover",) if printer and "pdf" in sheets else ()  # the printer's cover, typeset with cover.css
    check_stylesheets(book.styles_dir, sheets + cover, cache)  # a rule left open, a property misspelt: said
    check_templates(book.styles_dir / "templates", cache)  # a tag left open in a page the book does not have yet
    book = long_dashes_drawn(book, covered)
    if glyphs:
        from publish.print_glyphs import warn_missing_glyphs

        warn_missing_glyphs(book, covered, code_face_chars(book.styles_dir, cache))
    if {"epub", "html"} & set(sheets):
        from publish.cover import warn_undrawn_cover

        warn_undrawn_cover(book, covered)
    warn_unread_math(book)
    return book


def output_folder(project: Path, out: Path) -> Path:
    """`out`, resolved, once it is a folder outside what the build reads (`publish copies --out` too)."""
    out = out.resolve()
    if out.exists() and not out.is_dir():
        raise PublishError("is a file, not a folder: the editions are written into a folder", file=out,
                           hint="give --out a folder (it is made if it does not exist)")
    inputs = [folder.resolve() for folder in (manuscript_dir(project), project / "styles") if folder != project]
    if any(out.is_relative_to(folder) for folder in inputs):  # each build would read the last one's editions
        raise PublishError("--out lies inside the manuscript or styles folder, which the build reads", file=out,
                           hint="give --out a folder outside manuscript/ and styles/ (the default is build/)")
    return out


def _source_chars(project: Path) -> int:
    """About how long the book is, before it is read: its Markdown files' sizes."""
    folder = manuscript_dir(project)
    return sum(_size(p) for p in folder.rglob("*.md") if "build" not in p.relative_to(folder).parts)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:  # a link in a loop or to nothing: the build names it when it reads the files
        return 0


def _render_stale(stale: list[str], book, rendered: dict[str, Artifact], progress: Progress,
                  on_rendered=lambda artifact: None) -> None:
    """The stale editions into `rendered`, each passed to `on_rendered` once made. The PDF
    renders in a thread of its own (worker processes typeset it; it mostly waits) while the HTML
    renders here and the EPUB prepares what it can; the EPUB is finished last, as it marks the
    print edition's pages."""
    available = editions()

    def render(name: str) -> Artifact:
        progress.start(name, len(book.chapters))
        artifact = _render(available[name], book, rendered, progress.chapter_hook(name))
        progress.done(name)
        on_rendered(artifact)
        return artifact

    side = ThreadPoolExecutor(1, thread_name_prefix="pdf") if "pdf" in stale and "html" in stale else None
    try:
        pdf = side.submit(render, "pdf") if side else None
        for name in sorted(stale, key=lambda n: n != "html") if side else stale:
            if name == "epub" and pdf is not None:
                rendered["pdf"] = pdf.result()
            if name != "pdf" or pdf is None:
                rendered[name] = render(name)
            if name == "html" and side is not None and "epub" in stale and hasattr(available["epub"], "prepare"):
                available["epub"].prepare(book)  # while the PDF typesets: its chapters and fonts
        if pdf is not None:
            rendered["pdf"] = pdf.result()
    finally:
        if side is not None:
            side.shutdown(wait=True)


def _render(edition, book, rendered: dict[str, Artifact], hook: ChapterHook | None = None) -> Artifact:
    """An edition; one that uses another's output (`finish`) gets it on its only rendering."""
    if hasattr(edition, "finish") and rendered:
        done = edition.finish(book, Artifact(edition.name), rendered, **_hooked(edition.finish, hook))
        if done.files:
            return done
    artifact = edition.render(book, **_hooked(edition.render, hook))
    return edition.finish(book, artifact, rendered) if hasattr(edition, "finish") else artifact


def _hooked(method, hook: ChapterHook | None) -> dict:
    """The chapter hook, for the editions that report chapter by chapter (`on_chapter=`)."""
    return {"on_chapter": hook} if hook and "on_chapter" in inspect.signature(method).parameters else {}


def edition_keys(project: Path, formats: tuple[str, ...], printer: bool = False,
                 series: SeriesFile | None = None) -> dict[str, str]:
    """Each edition's key: the hash of its inputs, wherever the project lies on disk."""
    from publish.manuscript import _manuscript_files, input_files
    from publish.metadata import load_metadata
    from publish.output import source_date

    text_dir, look = manuscript_dir(project), styles_dir(project)
    meta = load_metadata(text_dir / "book.yaml")
    stamp = source_date(project, input_files(text_dir, meta, _manuscript_files(text_dir, meta)))
    text = files_digest(text_dir, tree_files(text_dir, skip_outputs=text_dir == project))
    styles = tree_files(look)
    common = digest(text, stamp, printer, sorted(tool_versions().items()))
    if series is not None:  # the "Also in this series" page
        common = digest(common, series.digest())
    keys = {}
    for name in formats:
        others = {css for edition, css in EDITION_CSS.items() if edition != name}
        own = [p for p in styles if p.relative_to(look).as_posix() not in others]
        keys[name] = digest(name, common, files_digest(look, own))
    if "epub" in keys and "pdf" in keys:  # the EPUB's page list comes from the print edition
        keys["epub"] = digest(keys["epub"], keys["pdf"])
    return keys


def _written_files(artifact: Artifact, out: Path) -> list[list[str]]:
    return [[name, sha256(data)] for name, data in artifact.files.items()]


def _written_artifact(edition: str, out: Path, paths: tuple[Path, ...]) -> Artifact:
    return Artifact(edition, {p.relative_to(out).as_posix(): p.read_bytes() for p in paths})


def _write(artifact: Artifact, out: Path, staged: Path | None = None,
           aside: list[tuple[Path, Path]] | None = None) -> list[Path]:
    """Put an edition in place: its files (written `aside`, or now), or its folder (written
    aside by _stage, or now)."""
    if artifact.folder is None:
        paths = []
        ready = dict((place, temporary) for temporary, place in aside or [])
        for name, data in artifact.files.items():
            if out / name in ready:
                os.replace(ready[out / name], out / name)
            else:
                write_atomic(out / name, data)
            paths.append(out / name)
        return paths
    target = out / artifact.folder
    staged = staged or _stage(artifact, out)
    try:
        replace_dir(staged, target)
    except BaseException:
        shutil.rmtree(staged, ignore_errors=True)
        raise
    return [target / "index.html"]


def _stage(artifact: Artifact, out: Path) -> Path:
    """A folder edition written beside its place, to be swapped in whole."""
    assert artifact.folder is not None
    staged = staging_dir(out / artifact.folder)
    try:
        made: set[Path] = set()
        for name, data in artifact.files.items():
            path = staged / Path(name).relative_to(artifact.folder)
            if path.parent not in made:
                path.parent.mkdir(parents=True, exist_ok=True)
                made.add(path.parent)
            path.write_bytes(data)
            path.chmod(0o644)
        staged.chmod(0o755)
    except BaseException as exc:
        shutil.rmtree(staged, ignore_errors=True)
        if isinstance(exc, OSError) and exc.filename is None:  # a full disk: say where
            exc.filename = str(staged)
        raise
    return staged
