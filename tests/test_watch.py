"""`publish watch`: a real server in a child process, a real book edited on disk.

The tests run in order on one watcher (started once for the module): first build, background
print edition, an edit, a broken book.yaml and its repair, live reload in Chromium, Ctrl-C.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from conftest import EPOCH, MINIMAL_YAML, REPO, write_project

TIMEOUT = 60.0  # generous: the machine is shared; a rebuild of this book takes about a second

CHAPTERS = {
    "01.md": "# Harbour\n\nThe boats came in at dawn.\n",
    "02.md": "# Lighthouse\n\nThe keeper counted the ships.\n",
}


class Watch:
    def __init__(self, root: Path, sigint_ignored: bool = False) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "SOURCE_DATE_EPOCH": EPOCH}
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "publish", "watch", str(root), "--port", "0"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env,
            # As a script's background job starts it: Python then sets no Ctrl-C handler itself.
            preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if sigint_ignored else None,
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        found = wait_for(lambda: re.search(r"http://127\.0\.0\.1:(\d+)/", self.stderr()), "the server address")
        self.url = f"http://127.0.0.1:{found.group(1)}/"

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line)

    def stderr(self) -> str:
        return "".join(self.lines)

    def wait(self, check: Callable, what: str):
        try:
            return wait_for(check, what)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the watcher said:\n{self.stderr()}") from None

    def get(self, path: str = "") -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode()


def wait_for(check: Callable, what: str, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            found = check()
        except (OSError, urllib.error.URLError):
            found = None
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(scope="module")
def watch(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("watch"), MINIMAL_YAML, CHAPTERS)
    running = Watch(root)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def test_serves_the_web_edition_with_the_reload_script_only_in_what_it_serves(watch: Watch):
    status, page = watch.wait(lambda: (r := watch.get("harbour.html"))[0] == 200 and r, "the chapter page")
    assert "The boats came in at dawn." in page
    assert 'id="publish-watch"' in page and "EventSource" in page
    built = (watch.root / "build" / "html" / "harbour.html").read_text(encoding="utf-8")
    assert "The boats came in at dawn." in built
    assert "publish-watch" not in built and "EventSource" not in built
    status, index = watch.get("")
    assert status == 200 and "A Small Book" in index and 'id="publish-watch"' in index
    # Said just after the files are in place, which a request may come between.
    watch.wait(lambda: re.search(r"Built 1 edition in [\d.]+ s: \S*html/ \(\d+ pages\)", watch.stderr()),
               "the web build's summary")


def test_builds_the_print_and_ebook_editions_in_the_background(watch: Watch):
    pdf = watch.root / "build" / "a-small-book.pdf"
    watch.wait(lambda: re.search(r"Built 3 editions in [\d.]+ s: \S+\.pdf \(\d+ pages\), \S+\.epub", watch.stderr()),
             "the background build's last line")
    assert pdf.read_bytes().startswith(b"%PDF")
    assert (watch.root / "build" / "a-small-book.epub").is_file()
    # The builder, waiting for the next change, and its spare for a save that stops a build.
    watch.builders = watch.wait(lambda: len(b := _builders(watch.root)) == 2 and b, "the builder and its spare")


def test_an_edited_chapter_is_served_again(watch: Watch):
    # The background build's last line comes just before its answer to the watcher: a save in
    # between would find the builder busy and start another (the next test wants the same one).
    time.sleep(1)
    chapter = watch.root / "manuscript" / "01.md"
    chapter.write_text("# Harbour\n\nThe boats came in at noon, late.\n", encoding="utf-8")
    watch.wait(lambda: "came in at noon, late." in watch.get("harbour.html")[1], "the edited text")
    assert "The boats came in at dawn." not in watch.get("harbour.html")[1]


def test_the_print_edition_is_built_again_by_the_same_warm_process(watch: Watch):
    """The background builder stays between builds, WeasyPrint and the fonts loaded."""
    pdf = watch.root / "build" / "a-small-book.pdf"

    def text() -> str:
        return " ".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages).replace("\xa0", " ")

    watch.wait(lambda: "came in at noon, late." in text(), "the edited text in the PDF")
    assert "came in at dawn" not in text()
    assert _builders(watch.root) == watch.builders


def test_a_broken_book_yaml_shows_in_the_page_and_the_terminal_until_fixed(watch: Watch):
    book_yaml = watch.root / "manuscript" / "book.yaml"
    book_yaml.write_text(MINIMAL_YAML.replace("  total: 12", "  total: [12"), encoding="utf-8")

    def page_with_error() -> str | None:
        page = watch.get("harbour.html")[1]
        return page if "publish-watch-error" in page else None

    page = watch.wait(page_with_error, "the error over the page")
    assert re.search(r"book\.yaml:\d+", page)
    assert "The boats came in at noon, late." in page  # the last good page stays under the error
    assert re.search(r"error: \S*book\.yaml:\d+", watch.stderr())
    book_yaml.write_text(MINIMAL_YAML, encoding="utf-8")
    watch.wait(lambda: "publish-watch-error" not in watch.get("harbour.html")[1], "the recovery")


def test_an_open_page_reloads_itself_after_an_edit(watch: Watch):
    if not shutil.which("chromium"):
        pytest.skip("Chromium not found: install Debian's `chromium` to run the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -e '.[test]' for Playwright")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(watch.url + "lighthouse.html")
            assert "The keeper counted the ships." in page.inner_text("main")
            page.evaluate("window.notReloaded = true")  # gone once the page loads again
            chapter = watch.root / "manuscript" / "02.md"
            chapter.write_text("# Lighthouse\n\nThe keeper counted the gulls.\n", encoding="utf-8")
            page.wait_for_function("document.body.innerText.includes('counted the gulls')",
                                   timeout=TIMEOUT * 1000)
            assert page.evaluate("window.notReloaded") is None
        finally:
            browser.close()


def test_ctrl_c_stops_cleanly(watch: Watch):
    watch.process.send_signal(signal.SIGINT)
    try:
        status = watch.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        raise AssertionError(f"still running 30 s after Ctrl-C; the watcher said:\n{watch.stderr()}") from None
    assert status == 0, watch.stderr()
    wait_for(lambda: "stopped watching" in watch.stderr(), "the last words")
    assert "Traceback" not in watch.stderr()
    assert _builds_of(watch.root) == []  # the background build went with it


def test_a_save_during_a_build_hands_the_new_build_to_the_warm_spare(tmp_path):
    from publish.watch import State, Watcher

    root = write_project(tmp_path, MINIMAL_YAML, CHAPTERS)
    state = State()
    watcher = Watcher(root, root / "build", state)
    try:
        watcher.rebuild()
        wait_for(lambda: watcher.spare is not None and not watcher.busy, "the first build and a spare")
        first, spare = watcher.child, watcher.spare
        (root / "manuscript" / "01.md").write_text("# Harbour\n\nThe boats came in at dusk.\n", encoding="utf-8")
        watcher.rebuild()  # the builder starts on it…
        watcher.rebuild()  # …and a second save stops it: the spare takes the build
        assert first.poll() is not None and watcher.child is spare
        pdf = root / "build" / "a-small-book.pdf"
        wait_for(lambda: not watcher.busy and "at dusk" in " ".join(  # "at dusk.": a last word bound
            page.extract_text() for page in pypdf.PdfReader(pdf).pages).replace("\xa0", " "), "the spare's build")
        assert "at dusk" in (root / "build" / "html" / "harbour.html").read_text(encoding="utf-8")
        assert state.status.error == state.status.background_error == ""
        wait_for(lambda: watcher.spare is not None and watcher.spare is not spare, "a new spare")
    finally:
        watcher.stop_background(spare_too=True)
    assert _builds_of(root) == []


def _builders(root: Path) -> set[int]:
    """The watcher's builders for this project, by process id."""
    found = set()
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if "publish.watch_child" in args and str(root) in args:
            found.add(int(cmdline.parent.name))
    return found


def _builds_of(root: Path) -> list[str]:
    """Command lines of the processes still building this project."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            args = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:  # gone meanwhile
            continue
        if "build" in args and str(root) in args:
            found.append(" ".join(args))
    return found


def test_ctrl_c_during_a_module_load_still_ends_with_status_0():
    """Ctrl-C landing in code a dataclass runs by exec() while a module loads: CPython would
    end the process by SIGINT at exit although the watcher caught it (watch._forget_interrupt)."""
    code = (
        "from publish.watch import _forget_interrupt\n"
        "try:\n    exec('raise KeyboardInterrupt')\nexcept KeyboardInterrupt:\n    _forget_interrupt()\n"
    )
    result = subprocess.run([sys.executable, "-c", code], env={**os.environ, "PYTHONPATH": str(REPO / "src")},
                            capture_output=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_ctrl_c_stops_a_watcher_started_with_sigint_ignored(tmp_path):
    running = Watch(write_project(tmp_path, MINIMAL_YAML, CHAPTERS), sigint_ignored=True)
    try:
        running.wait(lambda: "Built 3 editions" in running.stderr(), "the build")
        running.process.send_signal(signal.SIGINT)
        assert running.process.wait(timeout=30) == 0, running.stderr()
        running.wait(lambda: "stopped watching" in running.stderr(), "the last words")
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def test_a_change_to_the_series_file_beside_the_volume_rebuilds_it(tmp_path):
    """`publish watch` watched manuscript/ and styles/ alone: the series file a volume names
    (`series.file: ../../series.yaml`, feeding "Also in this series") lies beside the volumes, and
    a change to it was never seen. Saved in place, or as editors save, a new file renamed over it."""
    from test_series import SERIES_YAML, write_series

    path = write_series(tmp_path)
    running = Watch(tmp_path / "ten")
    try:
        def served(words: str) -> bool:
            return words in running.get("also-in-series.html")[1]

        running.wait(lambda: served("The Eleventh Hour"), "the first build")
        path.write_text(SERIES_YAML.replace("The Eleventh Hour", "The Eleventh Day"), encoding="utf-8")
        running.wait(lambda: served("The Eleventh Day"), "the build after the series file was saved")
        assert f"changed: {path}" in running.stderr()
        renamed = tmp_path / ".series.yaml.swp"
        renamed.write_text(SERIES_YAML.replace("The Eleventh Hour", "The Eleventh Night"), encoding="utf-8")
        os.replace(renamed, path)
        running.wait(lambda: served("The Eleventh Night"), "the build after a new series file was renamed over it")
    finally:
        running.process.send_signal(signal.SIGINT)
        try:
            running.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            running.process.kill()
            running.process.wait()


def test_watch_outside_a_book_stops_at_once_saying_where_to_run_it(tmp_path):
    """In a folder with no book.yaml (the editor not yet in the book's folder) watch printed the
    error, then served nothing and waited for a build that could never work."""
    done = subprocess.run([sys.executable, "-m", "publish", "watch", str(tmp_path), "--port", "0"],
                          capture_output=True, text=True, timeout=60, cwd=REPO)
    assert done.returncode == 2, done.stderr
    assert "no book.yaml found" in done.stderr and "run the command in the book's folder" in done.stderr
    assert "Serving" not in done.stdout
