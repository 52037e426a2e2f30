"""Progress and the last line, in their plain form (stderr not a terminal), on a small book."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfWriter

from conftest import EPOCH, MINIMAL_YAML, REPO, write_project
from publish.build import build
from publish.model import Chapter
from publish.progress import LogProgress, Progress, summary

CHAPTERS = {
    "01.md": "# Harbour\n\nThe boats came in at dawn.\n",
    "02.md": "# Lighthouse\n\nThe keeper counted the ships.\n",
    "03.md": "# Customs House\n\nThe clerk stamped the papers.\n",
}
LAST_LINE = re.compile(r"Built (\d) editions? in \d+\.\d s: (.+)")


def publish(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SOURCE_DATE_EPOCH": EPOCH}
    return subprocess.run([sys.executable, "-m", "publish", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    return write_project(tmp_path_factory.mktemp("progress"), MINIMAL_YAML, CHAPTERS)


def test_verbose_build_reports_each_edition_and_chapter_then_what_it_wrote(project: Path):
    done = publish("build", ".", "--format", "epub,html", "--verbose", cwd=project)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.strip().splitlines()
    for edition in ("epub", "html"):
        assert f"INFO: rendering the {edition} edition (3 chapters)" in lines
        chapters = [line for line in lines if line.startswith(f"DEBUG: {edition}: chapter ")]
        assert chapters == [f"DEBUG: {edition}: chapter 1 of 3: Harbour",
                            f"DEBUG: {edition}: chapter 2 of 3: Lighthouse",
                            f"DEBUG: {edition}: chapter 3 of 3: Customs House"]
        assert any(re.fullmatch(rf"INFO: rendered the {edition} edition in \d+\.\d s", line) for line in lines)
    last = LAST_LINE.fullmatch(lines[-1])
    assert last and last.group(1) == "2", lines[-1]
    pages = len(list((project / "build" / "html").glob("*.html")))
    assert last.group(2) == f"build/a-small-book.epub, build/html/ ({pages} pages)"
    assert (project / "build" / "a-small-book.epub").is_file()


def test_default_build_reports_editions_but_not_chapters(project: Path):
    done = publish("build", ".", "--format", "html", "--force", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "INFO: rendering the html edition (3 chapters)" in done.stderr
    assert "chapter 1 of 3" not in done.stderr
    assert LAST_LINE.fullmatch(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("where", ["before the verb", "after the verb"])
def test_quiet_prints_only_the_last_line(project: Path, where: str):
    (project / "manuscript" / "03.md").write_text(f"# Customs House\n\nThe clerk stamped them {where}.\n")
    args = ["-q", "build", ".", "--format", "html"]
    if where == "after the verb":
        args = [*args[1:], "--quiet"]
    done = publish(*args, cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and LAST_LINE.fullmatch(lines[0]), done.stderr
    assert f"them {where}." in (project / "build" / "html" / "customs-house.html").read_text(encoding="utf-8")


def test_quiet_still_prints_errors(project: Path, tmp_path: Path):
    broken = write_project(tmp_path, MINIMAL_YAML.replace("total: 12", "total: twelve"), CHAPTERS)
    done = publish("build", ".", "--format", "html", "-q", cwd=broken)
    assert done.returncode == 2
    assert re.fullmatch(r"error: \S*book\.yaml:\d+: .*total.*", done.stderr.strip().splitlines()[0])
    assert "Built" not in done.stderr


def test_a_build_with_nothing_to_do_says_so_in_its_last_line(project: Path):
    done = publish("build", ".", "--format", "html", cwd=project)
    assert done.returncode == 0, done.stderr
    pages = len(list((project / "build" / "html").glob("*.html")))
    assert re.fullmatch(rf"Up to date in \d+\.\d s: build/html/ \({pages} pages\)",
                        done.stderr.strip().splitlines()[-1])


class Recorder(Progress):
    def __init__(self) -> None:
        self.events: list[str] = []

    def start(self, edition: str, chapters: int) -> None:
        self.events.append(f"start {edition} {chapters}")

    def chapter_hook(self, edition: str):
        return lambda chapter: self.events.append(f"{edition} {chapter.title}")

    def done(self, edition: str) -> None:
        self.events.append(f"done {edition}")


def test_the_chapter_hook_is_passed_down_to_each_edition(project: Path, tmp_path: Path):
    recorder = Recorder()
    result = build(project, tmp_path / "out", ("epub", "html"), force=True, progress=recorder)
    titles = ["Harbour", "Lighthouse", "Customs House"]  # the titles, not the text, which tests change
    assert recorder.events == ["start epub 3", *(f"epub {t}" for t in titles), "done epub",
                               "start html 3", *(f"html {t}" for t in titles), "done html"]
    assert result.built == ("epub", "html")


def test_the_chapter_hook_costs_nothing_when_nobody_reads_it():
    import logging

    logger = logging.getLogger("publish.test-progress")
    logger.setLevel(logging.INFO)
    assert LogProgress(logger).chapter_hook("html") is None
    assert Progress().chapter_hook("html") is None
    logger.setLevel(logging.DEBUG)
    hook = LogProgress(logger)
    hook.start("html", 1)
    assert callable(hook.chapter_hook("html"))
    hook.chapter_hook("html")(Chapter("x", 1, "X", "X", "", Path("x.md"), 1))


def test_the_last_line_counts_the_pages_of_a_pdf(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(width=300, height=400)
    pdf = tmp_path / "build" / "book.pdf"
    pdf.parent.mkdir()
    with pdf.open("wb") as fh:
        writer.write(fh)
    cover = tmp_path / "build" / "book-cover.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=900, height=400)
    with cover.open("wb") as fh:
        writer.write(fh)
    epub = tmp_path / "build" / "book.epub"
    epub.write_bytes(b"PK")
    line = summary((pdf, cover), (epub,), 1, 18.23)
    assert line == ("Built 1 edition in 18.2 s: build/book.pdf (5 pages), build/book-cover.pdf (1 page); "
                    "up to date: build/book.epub")


def test_on_a_terminal_the_build_draws_bars_then_the_same_last_line(project: Path):
    import pty

    (project / "manuscript" / "01.md").write_text("# Harbour\n\nThe boats came in at dusk.\n", encoding="utf-8")
    parent, child = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SOURCE_DATE_EPOCH": EPOCH, "TERM": "xterm"}
    process = subprocess.Popen([sys.executable, "-m", "publish", "build", ".", "--format", "html"],
                               cwd=project, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                               stderr=child)
    os.close(child)
    output = b""
    while True:
        try:
            chunk = os.read(parent, 4096)
        except OSError:  # the terminal closed: the build is over
            break
        if not chunk:
            break
        output += chunk
    os.close(parent)
    assert process.wait(timeout=300) == 0
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", output.decode())
    assert re.search(r"web edition .*3/3", text), text
    assert LAST_LINE.fullmatch(text.strip().replace("\r", "\n").splitlines()[-1]), text


def test_one_chapter_is_one_chapter(caplog):
    """A short story's build said 'rendering the html edition (1 chapters)'."""
    import logging as _logging

    from publish.progress import LogProgress

    with caplog.at_level(_logging.INFO, logger="publish"):
        LogProgress().start("html", 1)
    assert caplog.records[-1].getMessage() == "rendering the html edition (1 chapter)"
