"""The build as a whole: all-or-nothing writes, reproducible outputs, the command line."""

import hashlib
import subprocess
import sys

from conftest import MINIMAL_YAML, build_project, write_project

BODY = {"a.md": "# First\n\nOne *two* three.\n", "b.md": "# Second\n\nFour five.[^n]\n\n[^n]: A note.\n"}


def digest(folder):
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_two_builds_are_byte_identical(tmp_path):
    one = build_project(write_project(tmp_path / "one", MINIMAL_YAML, BODY))
    two = build_project(write_project(tmp_path / "two", MINIMAL_YAML, BODY))
    assert digest(one.out) == digest(two.out)
    assert len(digest(one.out)) >= 10  # pdf, epub and a site with several pages


def test_failed_build_leaves_previous_editions_untouched(tmp_path):
    root = write_project(tmp_path, MINIMAL_YAML, BODY)
    built = build_project(root)
    before = digest(built.out)
    (root / "manuscript" / "book.yaml").write_text(MINIMAL_YAML.replace("number: 3", "number: 99"))
    done = subprocess.run([sys.executable, "-m", "publish", "build", str(root)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 2
    assert digest(built.out) == before
    assert not [p for p in built.out.iterdir() if p.name.startswith(".")]  # no temporary leftovers


def test_format_option_builds_only_what_is_asked(tmp_path):
    root = write_project(tmp_path, MINIMAL_YAML, BODY)
    done = subprocess.run(
        [sys.executable, "-m", "publish", "build", str(root), "--format", "epub", "--out", str(tmp_path / "o")],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["a-small-book.epub"]


def test_help_explains_every_verb():
    done = subprocess.run([sys.executable, "-m", "publish", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    for verb in ("build", "import"):
        assert verb in done.stdout
    build_help = subprocess.run([sys.executable, "-m", "publish", "build", "--help"],
                                capture_output=True, text=True).stdout
    assert "--format" in build_help and "--out" in build_help
