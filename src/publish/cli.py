"""The `publish` command: parse arguments, call the library, print, set the exit code."""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
import traceback
from pathlib import Path

from publish import __version__
from publish.errors import EXIT_INTERNAL, EXIT_OK, PublishError

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

    i = verbs.add_parser(
        "import", help="turn a plain-text manuscript into a book project",
        description="Read a plain-text manuscript (one paragraph per line) and write book.yaml "
        "and Markdown into a manuscript folder. The series blocks at the start and end of the "
        "text become metadata. Prints what it decided, for you to check.",
    )
    i.add_argument("source", type=Path, help="the text file to import")
    i.add_argument("--into", type=Path, default=Path("manuscript"),
                   help="the manuscript folder to create (default: manuscript/)")
    i.add_argument("--force", action="store_true", help="overwrite a non-empty target folder")
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
            report = Path(tempfile.gettempdir()) / "publish-crash.log"
            report.write_text(traceback.format_exc(), encoding="utf-8")
            print(
                f"internal error: publish hit a bug. The traceback is in {report};\n"
                "run again with --debug to print it, and please report it with that file.",
                file=sys.stderr,
            )
        return EXIT_INTERNAL


def _run(args: argparse.Namespace) -> int:
    if args.verb == "build":
        from publish.build import build, parse_formats

        result = build(args.project, args.out, parse_formats(args.format))
        for path in result.written:
            log.info("wrote %s", path)
        return EXIT_OK
    if args.verb == "import":
        from publish.importer import import_text

        report = import_text(args.source, args.into, force=args.force)
        print(report.summary())
        return EXIT_OK
    raise AssertionError(args.verb)
