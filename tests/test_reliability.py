"""Broken and hostile input through the real CLI: exit 2, a message naming the place, no traceback."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EPOCH, MINIMAL_YAML, REPO, write_project

ONE = "# One\n\nHello, world.\n"


def run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH=EPOCH)
    return subprocess.run([sys.executable, "-m", "publish", *args], capture_output=True, text=True,
                          env=env, timeout=300)


def editions(root: Path) -> list[str]:
    """What a build wrote for readers (the cache and the lock are the build's own)."""
    out = root / "build"
    return sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []


def png(size=(40, 30)) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buf, "PNG")
    return buf.getvalue()


def _project(tmp_path: Path, yaml: str = MINIMAL_YAML, files: dict | None = None) -> Path:
    files = files or {"one.md": ONE}
    write_project(tmp_path, yaml, {k: v for k, v in files.items() if isinstance(v, str)})
    for name, data in files.items():
        if isinstance(data, bytes):
            (tmp_path / "manuscript" / name).write_bytes(data)
    return tmp_path


CASES = {
    # name: (book.yaml, files, words the message must contain)
    "yaml-syntax": (MINIMAL_YAML + "bad: [unclosed\n", None, ["book.yaml:", "YAML syntax error"]),
    "wrong-type": (MINIMAL_YAML.replace("number: 3", "number: three"), None, ["book.yaml:5", "series.number"]),
    "out-of-range": (MINIMAL_YAML.replace("number: 3", "number: 13"), None, ["book.yaml:5", "series.number"]),
    "yaml-bomb": (MINIMAL_YAML + 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n', None,
                  ["book.yaml:", "b[0]", "aliases"]),
    "python-tag": (MINIMAL_YAML + "subtitle: !!python/name:os.system\n", None,
                   ["book.yaml:7", "subtitle", "cannot read"]),
    "files-outside": (MINIMAL_YAML + "files: [../../etc/passwd]\n", None, ["book.yaml", "files[0]", "outside"]),
    "binary": (MINIMAL_YAML, {"one.md": b"# One\n\x00\x01\x02\xff"}, ["one.md", "binary"]),
    "latin-1": (MINIMAL_YAML, {"one.md": "# One\n\nCaf\xe9\n".encode("latin-1")}, ["one.md:3", "UTF-8"]),
    "empty": (MINIMAL_YAML, {"one.md": " \n\n"}, ["one.md", "empty"]),
    "huge": (MINIMAL_YAML, {"one.md": b"# One\n\n" + b"word " * 4_100_000}, ["one.md", "limit"]),
    "megabyte-line": (MINIMAL_YAML, {"one.md": "# One\n\n" + "word " * 210_000 + "\n"}, ["one.md:3", "characters"]),
    "10000-quotes": (MINIMAL_YAML, {"one.md": "# One\n\n" + "> " * 10_000 + "deep\n"}, ["one.md:3", "nested"]),
    "10000-lists": (MINIMAL_YAML, {"one.md": "# One\n\n" + "- " * 10_000 + "item\n"}, ["one.md:3", "nested"]),
    "indented-lists": (MINIMAL_YAML, {"one.md": "# One\n\n" + "".join("  " * i + "- item\n" for i in range(60))},
                       ["one.md:", "nested"]),
    "html-nesting": (MINIMAL_YAML, {"one.md": "# One\n\n" + "<div>" * 500 + "x" + "</div>" * 500 + "\n"},
                     ["one.md:3", "nested"]),
    "fenced-divs": (MINIMAL_YAML, {"one.md": "# One\n\n" + "".join(f"::: d{i}\n" for i in range(40)) + "x\n"},
                    ["one.md:", "nested"]),
    # pandoc's Markdown reader takes ~3^n time on n nested brackets: 12 would run for minutes.
    "nested-brackets": (MINIMAL_YAML, {"one.md": "# One\n\n" + "[" * 30 + "x\n"}, ["one.md:3", "brackets"]),
    "image-missing": (MINIMAL_YAML, {"one.md": "# One\n\n![A map](nope.png)\n"}, ["one.md:3", "nope.png"]),
    "image-not-png": (MINIMAL_YAML, {"one.md": "# One\n\n![A map](map.png)\n", "map.png": b"GIF89a, not really"},
                      ["one.md:3", "map.png"]),
    "image-truncated": (MINIMAL_YAML, {"one.md": "# One\n\n![A map](map.png)\n", "map.png": png((400, 300))[:300]},
                        ["one.md:3", "map.png"]),
    "image-outside": (MINIMAL_YAML, {"one.md": "# One\n\n![x](../../../../../etc/passwd)\n"},
                      ["one.md:3", "outside"]),
}
# The image cases are checked where the manuscript's images are resolved (EPUB and web edition).
FORMATS = {name: "epub,html" if name.startswith("image") else "html" for name in CASES}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_input_is_a_clear_error(tmp_path: Path, case: str) -> None:
    yaml, files, words = CASES[case]
    root = _project(tmp_path, yaml, files)
    started = time.monotonic()
    done = run_cli("build", str(root), "--format", FORMATS[case])
    assert done.returncode == 2, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    message = done.stderr.split("error:", 1)[-1]
    for word in words:
        assert word in message, (word, message)
    assert editions(root) == []
    assert time.monotonic() - started < 60  # limits answer before the slow tools run


def test_unknown_key_is_a_warning_with_a_suggestion(tmp_path: Path) -> None:
    root = _project(tmp_path, MINIMAL_YAML + "titel: Typo\n")
    done = run_cli("build", str(root), "--format", "html")
    assert done.returncode == 0, done.stderr
    assert "book.yaml:7: titel: unknown key" in done.stderr and "did you mean 'title'?" in done.stderr
    assert (root / "build" / "html" / "index.html").is_file()


def test_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("# Secret\n\nthe password\n")
    root = _project(tmp_path / "book")
    (root / "manuscript" / "two.md").symlink_to(secret)
    done = run_cli("build", str(root), "--format", "html")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "two.md" in done.stderr and "outside" in done.stderr
    assert editions(root) == []


def test_failed_build_keeps_the_previous_editions(tmp_path: Path) -> None:
    root = _project(tmp_path)
    assert run_cli("build", str(root), "--format", "html").returncode == 0
    before = (root / "build" / "html" / "one.html").read_bytes()
    (root / "manuscript" / "one.md").write_text("# One\n\n" + "> " * 100 + "x\n")
    done = run_cli("build", str(root), "--format", "html")
    assert done.returncode == 2
    assert (root / "build" / "html" / "one.html").read_bytes() == before
    assert [p.name for p in (root / "build").iterdir() if p.name.endswith((".tmp", ".new", ".old"))] == []


def test_internal_error_names_its_report(tmp_path: Path) -> None:
    """A bug exits 3 with where the traceback went; --debug prints it."""
    code = ("import sys, publish.build as b\n"
            "def boom(*a, **k): raise ZeroDivisionError('bug')\n"
            "b.build = boom\nfrom publish.cli import main\nsys.exit(main(sys.argv[1:]))\n")
    env = dict(os.environ, PYTHONPATH=str(REPO / "src"))
    done = subprocess.run([sys.executable, "-c", code, "build", str(tmp_path)], capture_output=True, text=True,
                          env=env, timeout=60)
    assert done.returncode == 3 and "Traceback" not in done.stderr
    report = Path(done.stderr.split("The traceback is in ", 1)[1].split(";", 1)[0])
    assert "ZeroDivisionError: bug" in report.read_text()
    report.unlink()
    debug = subprocess.run([sys.executable, "-c", code, "--debug", "build", str(tmp_path)],
                           capture_output=True, text=True, env=env, timeout=60)
    assert debug.returncode == 3 and "ZeroDivisionError: bug" in debug.stderr


def test_two_builds_at_once_take_turns(tmp_path: Path) -> None:
    from publish.lock import project_lock

    root = _project(tmp_path)
    with project_lock(root):
        env = dict(os.environ, PYTHONPATH=str(REPO / "src"), SOURCE_DATE_EPOCH=EPOCH)
        second = subprocess.Popen([sys.executable, "-m", "publish", "build", str(root), "--format", "html"],
                                  stderr=subprocess.PIPE, text=True, env=env)
        time.sleep(3)
        assert second.poll() is None  # waiting for the lock, not writing beside the first build
        assert not (root / "build" / "html").exists()
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "another build of this project is running" in err
    assert (root / "build" / "html" / "index.html").is_file()
