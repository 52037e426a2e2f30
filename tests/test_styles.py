"""An editor's own styles/: a mistake in a template or a stylesheet is named with its file and
line and what to do, never a traceback, and the editions already built stay as they were."""

import shutil
import subprocess
import sys

import pytest

from conftest import MINIMAL_YAML, REPO, write_project

BODY = {"a.md": "# First\n\nOne *two* three.\n"}


def _project(tmp_path):
    root = write_project(tmp_path / "book", MINIMAL_YAML, BODY)
    shutil.copytree(REPO / "styles", root / "styles")
    return root


def _build(root, *options):
    return subprocess.run([sys.executable, "-m", "publish", "build", str(root), *options],
                          capture_output=True, text=True, timeout=300)


def _edit(path, old, new):
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize("expression, message, hint", [
    ("{{ labels.credit(1) }}", "Labels.credit() missing 1 required positional argument", "correct the template"),
    ("{{ meta.titel }}", "meta has no attribute 'titel'", "a template can use: book, chapters, edition"),
])
def test_a_template_error_names_the_template_and_its_line(tmp_path, expression, message, hint):
    """A call with a wrong argument was a crash (exit 3, a traceback in a log), and a name the
    template lacks was reported without its line, as "'publish.model.BookMetadata object' has no
    attribute 'titel'"."""
    root = _project(tmp_path)
    assert _build(root, "--format", "html").returncode == 0
    index = (root / "build" / "html" / "index.html").read_bytes()
    template = root / "styles" / "templates" / "title-page.html"
    _edit(template, "{{ meta.title }}", expression)
    done = _build(root, "--format", "html")
    assert done.returncode == 2, done.stderr
    assert f"{template}:5: template error: {message}" in done.stderr
    assert hint in done.stderr
    assert "Traceback" not in done.stderr and "crash" not in done.stderr
    assert (root / "build" / "html" / "index.html").read_bytes() == index
