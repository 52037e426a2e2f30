"""The `publish` command: parse arguments, call the library, print, set the exit code."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import traceback
from pathlib import Path

from publish import __version__
from publish.errors import EXIT_INTERNAL, EXIT_LINT, EXIT_OK, PublishError

log = logging.getLogger("publish")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="publish",
        description="Turn one manuscript (manuscript/book.yaml + Markdown) into a print PDF, "
        "an EPUB 3 ebook and an HTML edition of a numbered series volume.",
        epilog="Run `publish VERB --help` for a verb's options. Guide: docs/guide.md",
    )
    parser.add_argument("--version", action="version", version=f"publish {__version__}")
    parser.add_argument("--debug", action="store_true", help="print full tracebacks of internal errors")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and errors")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB")

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
                   help="files for the printer: the PDF with 0.125 in bleed and crop marks (unless "
                   "book.yaml sets print.bleed and print.marks), and OUT/<slug>-cover.pdf")

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

    i = verbs.add_parser(
        "import", help="turn a manuscript (.txt, .docx, .odt, .html, .epub) into a book project",
        description="Read a manuscript and write book.yaml and Markdown (and images/) into a "
        "manuscript folder. Plain text: the encoding is detected, paragraphs found whether one "
        "a line, indented or hard-wrapped, chapter headings recognised, Project Gutenberg's "
        "conventions and licence handled; the series blocks at the start and end become "
        "metadata. .docx, .odt, .html and .epub go through pandoc's readers. Prints what it "
        "decided, for you to check; never drops a word.",
    )
    i.add_argument("source", type=Path, help="the file to import: .txt (any other name is read as text), "
                   ".docx, .odt, .html or .epub")
    i.add_argument("--into", type=Path, default=Path("manuscript"),
                   help="the manuscript folder to create (default: manuscript/)")
    i.add_argument("--force", action="store_true", help="overwrite a non-empty target folder")
    i.add_argument("--encoding", help="the text's encoding (utf-8, utf-16, cp1251, koi8-r, cp1252, latin-1, …) "
                   "when the detected one is wrong")

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

    f = verbs.add_parser(
        "fix", help="apply the safe lint fixes to the manuscript",
        description="Apply the fixes that cannot change the meaning (spacing, dashes, quotes "
        "turned the wrong way, straight quotes where they balance) to the Markdown sources, "
        "printing them as a unified diff first. Keeps each file's encoding and line endings.",
    )
    f.add_argument("path", nargs="?", default=".", type=Path,
                   help="a book project, a manuscript folder or one .md file (default: the current folder)")
    f.add_argument("--diff", action="store_true", help="only show the diff; change no file")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    # Our own messages at INFO; the libraries' (WeasyPrint's progress) only from WARNING.
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s", stream=sys.stderr)
    log.setLevel(logging.WARNING if args.quiet else logging.INFO)
    if args.verb is None:
        parser.print_help()
        return EXIT_OK
    try:
        return _run(args)
    except PublishError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:  # a bug: say where the details are, not a wall of traceback
        if args.debug:
            traceback.print_exc()
        else:
            # A fresh file of our own: a fixed name in a shared /tmp could be another user's link.
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


def _run(args: argparse.Namespace) -> int:
    if args.verb == "build":
        from publish.build import build, parse_formats

        formats = parse_formats(args.format)
        if args.printer and "pdf" not in formats:
            formats = ("pdf", *formats)
        result = build(args.project, args.out, formats, force=args.force, printer=args.printer)
        for path in result.written:
            log.info("wrote %s", path)
        for path in result.unchanged:
            log.info("up to date: %s", path)
        return EXIT_OK
    if args.verb == "import":
        from publish.importer import import_text

        report = import_text(args.source, args.into, force=args.force, encoding=args.encoding)
        print(report.summary())
        return EXIT_OK
    if args.verb == "lint":
        return _lint(args)
    if args.verb == "release":
        from publish.release import release

        done = release(args.project, args.kind, note=args.note, date=args.date, into=args.into)
        log.info("released edition %d, printing %d, in %s", done.edition.number, done.edition.printing, done.folder)
        return EXIT_OK
    if args.verb == "errata":
        from publish.errata import errata

        result = errata(args.project, args.old, args.new, out=args.out, into=args.into)
        for item in result.corrections:
            print(item.text)
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
        log.info("%d fixes; %s %d files", result.fixes, verb, len(result.changed))
        return EXIT_OK
    raise AssertionError(args.verb)


def _lint(args: argparse.Namespace) -> int:
    from publish.lint import explain, lint

    if args.explain:
        print(explain(args.explain), end="")
        return EXIT_OK
    report = lint(args.path)
    sys.stdout.write(report.json() if args.format == "json" else report.text())
    return EXIT_LINT if report.findings else EXIT_OK
