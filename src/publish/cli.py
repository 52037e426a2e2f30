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
    if args.verb == "lint":
        return _lint(args)
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
