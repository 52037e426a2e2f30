"""The `publish` command: parse arguments, call the library, print, set the exit code."""

from __future__ import annotations

import argparse
import difflib
import logging
import re
import sys
import time
from pathlib import Path

from publish import __version__
from publish.errors import EXIT_INTERNAL, EXIT_LINT, EXIT_OK, EXIT_USER, PublishError

log = logging.getLogger("publish")


class _Parser(argparse.ArgumentParser):
    """argparse's, with a word mistyped on the command line answered with the one meant:
    `publish bulid`, `publish build --formats pdf` (Python 3.11's argparse names only the slip)."""

    def error(self, message: str):
        typed, candidates = "", []
        if choice := re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message):
            typed, candidates = choice[1], re.findall(r"'([^']*)'", choice[2])
        elif unknown := re.match(r"unrecognized arguments: (\S+)", message):
            typed = unknown[1].split("=")[0]
            parsers = [self, *(sub for action in self._actions if isinstance(action, argparse._SubParsersAction)
                               for sub in action.choices.values())]
            candidates = sorted({o for p in parsers for a in p._actions for o in a.option_strings
                                 if o.startswith("--")})
        close = difflib.get_close_matches(typed, candidates, n=1) if typed else []
        super().error(message + (f" (did you mean '{close[0]}'?)" if close else ""))


def _parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser; given the `verb` asked for, with that verb alone (building
    every verb's options costs a no-op build a tenth of its time)."""
    parser = _Parser(
        prog="publish",
        description="Turn one manuscript (manuscript/book.yaml + Markdown) into a print PDF, "
        "an EPUB 3 ebook and an HTML edition of a numbered series volume.",
        epilog="Run `publish VERB --help` for a verb's options. Guide: docs/guide.md",
    )
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    parser.add_argument("--debug", action="store_true", help="print full tracebacks of internal errors")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only errors and the last line")
    parser.add_argument("-v", "--verbose", action="store_true", help="print debugging detail (each chapter)")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")
    for name, add in VERBS.items():
        if verb not in VERBS or verb == name:
            add(verbs)
    for sub in verbs.choices.values():  # `publish new x -q` as `publish -q new x`, every verb alike
        _output_options(sub)
    return parser


def _build_verb(verbs) -> None:
    b = verbs.add_parser(
        "build", help="build the editions into build/",
        description="Build the print PDF, the EPUB and the HTML edition of a book project. "
        "Writes OUT/<slug>.pdf, OUT/<slug>.epub and OUT/html/index.html. A failed build "
        "leaves the editions already in OUT untouched.",
    )
    b.add_argument("project", nargs="?", default=".", type=Path,
                   help="the book project: a folder holding manuscript/ (default: the current folder)")
    b.add_argument("--format", default="pdf,epub,html",
                   help="editions to build, comma-separated: pdf, epub, html (default: all three)")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/build)")
    b.add_argument("--force", action="store_true",
                   help="build every edition again, ignoring the cache in PROJECT/build/.cache")
    b.add_argument("--print", action="store_true", dest="printer",
                   help="files for the printer: the PDF with 0.125 in bleed (unless book.yaml sets "
                   "print.bleed; print.marks adds crop marks), and OUT/<slug>-cover.pdf")
    b.add_argument("--series", type=Path, metavar="SERIES",
                   help="build every volume that series.yaml (or the folder holding it) lists with a path, each "
                   "into its own PROJECT/build, or into OUT/<volume-slug>/ with --out; exit 2 if any failed")
    b.add_argument("--jobs", type=_whole(0), default=None, metavar="N",
                   help="with --series: volumes built at once; for one book: processes typesetting the "
                   "print edition's chapters at once (default: one per core)")
    b.add_argument("--executor", choices=("local", "dask"), default="local",
                   help="with --series: build on this machine (local) or on a Dask cluster (dask; "
                   "pip install 'publish[dask]')")
    b.add_argument("--scheduler", metavar="ADDRESS", help="with --executor dask: e.g. tcp://host:8786")


def _release_verb(verbs) -> None:
    rel = verbs.add_parser(
        "release", help="record a new edition or printing, build it and keep it in editions/",
        description="Release the book: with --printing or --edition, first record the next printing or "
        "edition in book.yaml's editions: list (otherwise release the last one listed there), then "
        "build all three editions and store them with a copy of the manuscript and manifest.json "
        "(sha256 of every file, the git revision, tool versions) in editions/<id>/: 1, 1.2, 2, ….",
    )
    rel.add_argument("project", nargs="?", default=".", type=Path,
                     help="the book project (default: the current folder)")
    kind = rel.add_mutually_exclusive_group()
    kind.add_argument("--printing", action="store_const", const="printing", dest="kind",
                      help="a new printing of the current edition (corrections)")
    kind.add_argument("--edition", action="store_const", const="edition", dest="kind", help="a new edition")
    rel.add_argument("--note", default="", help="what changed, e.g. 'with corrections' (shown in the edition history)")
    rel.add_argument("--date", default="", help="the release date, YYYY-MM-DD (default: today)")
    rel.add_argument("--into", type=Path, default=None, help="where releases are kept (default: PROJECT/editions)")


def _errata_verb(verbs) -> None:
    er = verbs.add_parser(
        "errata", help="list the changes between two releases, by page and line of the old print",
        description="Compare the text of OLD and NEW and list every change as 'p. 23, l. 14: for ‘x’ "
        "read ‘y’', with the page and line where the OLD print edition has it (read from its PDF). "
        "OLD and NEW are release ids (1, 1.2), release folders, git revisions, or '.' for the "
        "working manuscript. Writes errata.pdf (the slip, on the book's trim), errata.html and "
        "errata.json into OUT.",
    )
    er.add_argument("old", help="the release or revision readers have")
    er.add_argument("new", nargs="?", default=".", help="the corrected text (default: '.', the working manuscript)")
    er.add_argument("--project", type=Path, default=Path("."), help="the book project (default: the current folder)")
    er.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/build/errata)")
    er.add_argument("--into", type=Path, default=None, help="where releases are kept (default: PROJECT/editions)")


def _import_verb(verbs) -> None:
    i = verbs.add_parser(
        "import", help="turn a manuscript (.txt, .md, .docx, .odt, .rtf, .html, .epub, .fb2, .tex, …) into a book "
        "project",
        description="Read a manuscript and write book.yaml and Markdown (and images/) into a "
        "manuscript folder. Plain text: the encoding is detected, paragraphs found whether one "
        "a line, indented or hard-wrapped, chapter headings recognised, Project Gutenberg's "
        "conventions and licence handled; the series blocks at the start and end become "
        "metadata. .docx, .odt, .rtf, .html, .epub, .fb2 and other markup (.tex, .rst, .org, .adoc, .typ, "
        ".dbk, .textile, .wiki, .djot, .muse, .t2t) go through pandoc's readers. Markdown (.md, or a .txt "
        "opening with pandoc's title block or a YAML block) is kept as written, its metadata moved to "
        "book.yaml. A folder, or another tool's book project (mdBook's book.toml or SUMMARY.md, GitBook's "
        "SUMMARY.md, Leanpub's Book.txt, bookdown's _bookdown.yml, Quarto's _quarto.yml, MkDocs' mkdocs.yml, "
        "a pandoc project's "
        "chapters/, pages with front matter), is read in the tool's order, each chapter a file in book.yaml's "
        "files:, its title, authors and language from the tool's configuration, its includes put in, its code "
        "chunks made code blocks or set aside, its pictures kept. Prints what it "
        "decided, for you to check; never drops a word.",
    )
    i.add_argument("source", type=Path, help="the file or folder to import: a book project's folder (or its "
                   "SUMMARY.md, book.toml, _quarto.yml, _bookdown.yml, Book.txt), .Rmd, .qmd, "
                   ".txt (any other name is read as text), "
                   ".md, .docx, .odt, .rtf, .html, .epub, .fb2 (or .fb2.zip), .tex, .rst, .org, .adoc, .typ, .dbk, "
                   ".textile, "
                   ".wiki, .djot, .muse or .t2t")
    i.add_argument("--into", type=Path, default=Path("manuscript"),
                   help="the manuscript folder to create (default: manuscript/)")
    i.add_argument("--force", action="store_true", help="overwrite a non-empty target folder")
    i.add_argument("--encoding", help="the text's encoding (utf-8, utf-16, cp1251, koi8-r, cp866, cp1252, latin-1, …) "
                   "when the detected one is wrong")


def _lint_verb(verbs) -> None:
    lint = verbs.add_parser(
        "lint", help="report typographic and editorial problems in the manuscript",
        description="A copy-editor's report on the Markdown sources, one finding a line: "
        "FILE:LINE:COLUMN: CODE message. Exit 0 when clean, 1 when there are findings, 2 on "
        "errors. Switch codes off in book.yaml (lint: {disable: [Q001]}) or on one line with "
        "<!-- lint: disable=Q001 -->.",
    )
    lint.add_argument("path", nargs="?", default=".", type=Path,
                      help="a book project, a manuscript folder or one .md file (default: the current folder)")
    lint.add_argument("--format", choices=("text", "json"), default="text", help="report format (default: text)")
    lint.add_argument("--explain", metavar="CODE", help="explain a lint code and what to do about it")


def _watch_verb(verbs) -> None:
    w = verbs.add_parser(
        "watch", help="rebuild on every save and serve the web edition with live reload",
        description="Build the web edition, serve it at http://127.0.0.1:PORT/ and build it again "
        "whenever a file in manuscript/ or styles/ changes; the open page reloads itself as soon as "
        "the web edition is in place. The print and ebook editions follow in the same build. "
        "A build error shows in the terminal and over the page until the next good build. Ctrl-C stops.",
    )
    w.add_argument("project", nargs="?", default=".", type=Path,
                   help="the book project (default: the current folder)")
    w.add_argument("--port", type=_whole(0, 65535), default=8000,
                   help="the port on 127.0.0.1 (default: 8000; 0: any free one)")
    w.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/build)")


def _proof_verb(verbs) -> None:
    pr = verbs.add_parser(
        "proof", help="contact sheets of the print edition's pages, as PNG in build/proof/",
        description="Render OUT/<slug>.pdf as contact sheets of spreads (page 1 alone on the "
        "right, then versos left and rectos right), cut to the trim, with the printed folios, into "
        "OUT/proof/<slug>-pages-N.png; the cover from `build --print` too. Build first.",
    )
    pr.add_argument("project", nargs="?", default=".", type=Path,
                    help="the book project (default: the current folder)")
    pr.add_argument("--out", type=Path, default=None, help="the build folder (default: PROJECT/build)")
    pr.add_argument("--html", action="store_true",
                    help="also screenshot the HTML edition (home page and a chapter; needs Chromium)")


def _fix_verb(verbs) -> None:
    f = verbs.add_parser(
        "fix", help="apply the safe lint fixes to the manuscript",
        description="Apply the fixes that cannot change the meaning (spacing, dashes, quotes "
        "turned the wrong way, straight quotes where they balance) to the Markdown sources, "
        "printing them as a unified diff first. Keeps each file's encoding and line endings.",
    )
    f.add_argument("path", nargs="?", default=".", type=Path,
                   help="a book project, a manuscript folder or one .md file (default: the current folder)")
    f.add_argument("--diff", action="store_true", help="only show the diff; change no file")


def _copies_verb(verbs) -> None:
    cp = verbs.add_parser(
        "copies", help="numbered limited copies of the print edition: OUT/<slug>-copy-007.pdf, …",
        description="Stamp each copy's number (book.yaml limitation.text, e.g. 'This is copy No. 7 of "
        "40') into the limitation page of the print edition, which is typeset once (or taken from the "
        "build cache). Needs a 'limitation:' block with 'copies:' in book.yaml.",
    )
    cp.add_argument("project", nargs="?", default=".", type=Path, help="the book project (default: the current folder)")
    cp.add_argument("--from", type=int, default=1, dest="first", metavar="N", help="the first copy (default: 1)")
    cp.add_argument("--to", type=int, default=None, dest="last", metavar="N",
                    help="the last copy (default: limitation.copies, or one copy per name)")
    names = cp.add_mutually_exclusive_group()
    names.add_argument("--names", nargs="+", default=None, metavar="NAME",
                       help="dedicated copies: one line per copy under its number, e.g. \"For A. B.\"")
    names.add_argument("--names-file", type=Path, default=None, metavar="FILE",
                       help="the dedications, one a line (UTF-8)")
    cp.add_argument("--out", type=Path, default=None, help="output folder (default: PROJECT/build/copies)")
    cp.add_argument("--print", action="store_true", dest="printer",
                    help="copies of the PDF for the printer (as `publish build --print`: with bleed)")


def _new_verb(verbs) -> None:
    n = verbs.add_parser(
        "new", help="begin a book project: manuscript/book.yaml and a first chapter",
        description="Write a new book project that builds as it is: manuscript/book.yaml with the "
        "required keys set and the common ones shown as comments, manuscript/01-chapter-one.md, and a "
        ".gitignore that keeps build/ out of git. To begin from a manuscript you have, use `publish import`.",
    )
    n.add_argument("project", type=Path, help="the folder to create (new or empty)")
    n.add_argument("--title", default="Untitled", help="the book's title (default: Untitled, warned of at each build)")
    n.add_argument("--author", action="append", default=[], dest="authors", metavar="NAME",
                   help="its author, as the title page names them; give it again for each of several "
                   "(default: none, the authors key shown as a comment)")
    n.add_argument("--language", default="en", help="its language, a BCP 47 tag: en, en-GB, ru, de … (default: en)")
    n.add_argument("--series", default="Series name", help="the series' name (default: 'Series name')")
    n.add_argument("--number", type=_whole(1), default=1, help="the volume's number in the series (default: 1)")
    n.add_argument("--total", type=_whole(1), default=1, help="the series' number of volumes (default: 1)")


def _styles_verb(verbs) -> None:
    s = verbs.add_parser(
        "styles", help="copy the default look into PROJECT/styles/ to change it",
        description="Copy the look publish ships (print.css, epub.css, screen.css, cover.css, fonts/, "
        "templates/) into PROJECT/styles/, where the build then takes it from. Files already there are "
        "kept as they are: after an upgrade, run it again to add only the files the new version brought.",
    )
    s.add_argument("project", nargs="?", default=".", type=Path, help="the book project (default: the current folder)")


VERBS = {
    "new": _new_verb,
    "styles": _styles_verb,
    "build": _build_verb,
    "release": _release_verb,
    "errata": _errata_verb,
    "import": _import_verb,
    "lint": _lint_verb,
    "watch": _watch_verb,
    "proof": _proof_verb,
    "fix": _fix_verb,
    "copies": _copies_verb,
}


def _output_options(verb: argparse.ArgumentParser) -> None:
    """-q and -v after the verb too (SUPPRESS: not given here keeps the value given before it)."""
    verb.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                      help="print only errors and the last line")
    verb.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                      help="print debugging detail (each chapter)")


def _whole(least: int, most: int | None = None):
    """An argument's type: a whole number in a range (--port 99999 was an internal error, the
    socket's OverflowError; --jobs -3 was taken)."""

    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
        if value < least or (most is not None and value > most):
            upto = f" to {most}" if most is not None else " or more"
            raise argparse.ArgumentTypeError(f"{value} is out of range: give {least}{upto}")
        return value

    number.__name__ = "whole number"
    return number


def run() -> None:
    """The `publish` command: main(), then the end of the process. What Python does at exit that
    matters is done first (threads joined; atexit's callbacks: logging flushed, multiprocessing's
    workers and their server ended; the output flushed), then the process exits without freeing
    its objects one by one, a tenth of a second after a build (a no-op check: 45 → 39 ms)."""
    import atexit
    import os
    import threading

    code = main()
    threading._shutdown()  # type: ignore[attr-defined]  # as at the interpreter's exit
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that went away (`| head`), a stream closed
            pass
    os._exit(code)


def main(argv: list[str] | None = None, on_written=None) -> int:
    """The command line; `on_written` is passed to build() (the watcher's builder)."""
    argv = sys.argv[1:] if argv is None else argv
    parser = _parser(next((a for a in argv if not a.startswith("-")), None))  # the options before it take no value
    args = parser.parse_args(argv)
    # Our own messages at INFO; the libraries' (WeasyPrint's progress) only from WARNING.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s", stream=sys.stderr)
    if args.verb is None:
        parser.print_help()
        return EXIT_OK
    level = log.level  # put back afterwards: a caller in the same process keeps its own
    log.setLevel(logging.ERROR if args.quiet else logging.DEBUG if args.verbose else logging.INFO)
    once = _SaidOnce()
    log.addFilter(once)
    try:
        return _run(args, on_written)
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except OSError as exc:
        from publish.errors import environment_error

        if (problem := environment_error(exc)) is None:
            return _internal_error(args.debug)
        print(f"error: {problem}", file=sys.stderr)
        return problem.exit_code
    except Exception:  # a bug: say where the details are, not a wall of traceback
        return _internal_error(args.debug)
    finally:
        log.setLevel(level)
        log.removeFilter(once)


def _internal_error(debug: bool) -> int:
    """A bug: say where the details are, not a wall of traceback (all of it with --debug)."""
    import traceback

    if debug:
        traceback.print_exc()
    else:
        # A fresh file of our own: a fixed name in a shared /tmp could be another user's link.
        import tempfile

        fd, name = tempfile.mkstemp(prefix="publish-crash-", suffix=".log")
        report = Path(name)
        with open(fd, "w", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
        print(
            f"internal error: publish hit a bug. The traceback is in {report};\n"
            "run again with --debug to print it, and please report it with that file.",
            file=sys.stderr,
        )
    return EXIT_INTERNAL


class _SaidOnce(logging.Filter):
    """Each warning once a command: stages that read the same file (book.yaml is read by three)
    would say the same thing again (an unknown key was said three times)."""

    def __init__(self) -> None:
        super().__init__()
        self.said: set[tuple[int, str]] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        said = (record.levelno, record.getMessage())
        if said in self.said:
            return False
        self.said.add(said)
        return True


def _run(args: argparse.Namespace, on_written=None) -> int:
    if args.verb in PROJECT_VERBS and not getattr(args, "series", None):
        args.project = _project_folder(args.project)
    if args.verb == "build":
        from publish.project import parse_formats

        formats = parse_formats(args.format)
        if args.printer and "pdf" not in formats:
            formats = ("pdf", *formats)
        if args.series is not None:
            return _build_series(args, formats)
        if args.executor != "local" or args.scheduler:  # was ignored: one book built here, without a word
            raise PublishError(f"{'--executor dask' if args.executor != 'local' else '--scheduler'} builds the "
                               "volumes of a series, with --series", key="--executor" if args.executor != "local"
                               else "--scheduler", hint="give --series series.yaml, or leave it out for one book")
        return _build(args, formats, on_written)
    if args.verb == "watch":
        from publish.watch import watch

        watch(args.project, args.port, args.out)
        return EXIT_OK
    if args.verb == "import":
        from publish.importer import import_text

        report = import_text(args.source, args.into, force=args.force, encoding=args.encoding)
        print(report.summary())
        return EXIT_OK
    if args.verb == "lint":
        return _lint(args)
    if args.verb == "new":
        from publish.scaffold import new_project

        done = new_project(args.project, args.title, args.language, args.series, args.number, args.total,
                           tuple(args.authors))
        log.info("wrote %s; build it with `publish build %s`", ", ".join(str(p) for p in done.files), done.root)
        return EXIT_OK
    if args.verb == "styles":
        from publish.scaffold import copy_styles

        done = copy_styles(args.project)
        log.info("copied %d file%s into %s%s", len(done.files), "s" * (len(done.files) != 1), done.root,
                 "" if done.files else " (it has every file already; none was changed)")
        return EXIT_OK
    if args.verb == "release":
        from publish.release import release

        done = release(args.project, args.kind, note=args.note, date=args.date, into=args.into)
        log.info("released edition %d, printing %d, in %s", done.edition.number, done.edition.printing, done.folder)
        return EXIT_OK
    if args.verb == "errata":
        from publish.errata import errata

        result = errata(args.project, args.old, args.new, out=args.out, into=args.into)
        for line in result.lines:
            print(line)
        log.info("%d corrections from %s to %s; wrote %s", len(result.corrections), result.old, result.new,
                 ", ".join(str(p) for p in result.files))
        return EXIT_OK
    if args.verb == "proof":
        from publish.proof import proof

        for path in proof(args.project, args.out, html=args.html):
            log.info("wrote %s", path)
        return EXIT_OK
    if args.verb == "fix":
        from publish.lint import fix

        result = fix(args.path, write=not args.diff)
        sys.stdout.write(result.diff)
        verb = "would change" if args.diff else "changed"
        files = len(result.changed)
        log.info("%d fixes; %s %d file%s", result.fixes, verb, files, "" if files == 1 else "s")
        return EXIT_OK
    if args.verb == "copies":
        from publish.copies import make_copies, read_names

        names = read_names(args.names_file) if args.names_file else args.names
        done = make_copies(args.project, args.first, args.last, names, out=args.out, printer=args.printer)
        count = len(done.written)  # the last line, which -q keeps
        print(f"Wrote {count} cop{'y' if count == 1 else 'ies'} into {done.written[0].parent}", file=sys.stderr)
        return EXIT_OK
    raise AssertionError(args.verb)


PROJECT_VERBS = ("build", "watch", "release", "errata", "proof", "copies", "styles")  # (lint and fix read a folder)


def _project_folder(path: Path) -> Path:
    """PATH, or the project whose manuscript folder it is (`publish build` typed inside manuscript/):
    that folder taken for the project put build/ inside the manuscript and left the project's styles/ unread."""
    folder = path.resolve()
    if folder.name == "manuscript" and (folder / "book.yaml").is_file() and not (folder / "manuscript").is_dir():
        log.info("%s is the manuscript folder of the project %s: taking that project", path, folder.parent)
        return folder.parent
    return path


def _build(args: argparse.Namespace, formats: tuple[str, ...], on_written=None) -> int:
    from publish.manifest import up_to_date
    from publish.progress import for_terminal, summary

    started = time.monotonic()
    if not args.force:  # before the build module and its libraries are loaded: a no-op costs little
        found = up_to_date(args.project, args.out, formats, args.printer)
        if found is not None:
            log.info("all editions are up to date (use --force to build them again)")
            print(summary((), found[0], 0, time.monotonic() - started, found[1]), file=sys.stderr)
            return EXIT_OK
    from publish.build import build

    progress = for_terminal(args.quiet)
    try:
        result = build(args.project, args.out, formats, force=args.force, printer=args.printer, progress=progress,
                       jobs=args.jobs or 0, on_written=on_written, changed=not args.force)
    finally:
        progress.close()
    for path in result.written:
        log.debug("wrote %s", path)
    print(summary(result.written, result.unchanged, len(result.built), time.monotonic() - started, result.pages),
          file=sys.stderr)
    return EXIT_OK


def _build_series(args: argparse.Namespace, formats: tuple[str, ...]) -> int:
    from publish.series_build import build_series

    if args.project != Path("."):
        raise PublishError("give either a PROJECT or --series, not both", key="--series")
    if args.executor != "dask" and args.scheduler:
        raise PublishError("--scheduler is for --executor dask", key="--scheduler")
    count = [0]

    def progress(outcome) -> None:
        count[0] += 1
        print(f"[{count[0]}] {outcome.line()}", file=sys.stderr, flush=True)

    report = build_series(args.series, args.out, formats, jobs=args.jobs, executor=args.executor,
                          scheduler=args.scheduler, force=args.force, printer=args.printer, on_done=progress)
    print(report.summary(), file=sys.stderr)
    return EXIT_USER if report.failed else EXIT_OK


def _lint(args: argparse.Namespace) -> int:
    from publish.lint import explain, lint

    if args.explain:
        print(explain(args.explain), end="")
        return EXIT_OK
    report = lint(args.path)
    sys.stdout.write(report.json() if args.format == "json" else report.text())
    return EXIT_LINT if report.findings else EXIT_OK
