"""Running the pandoc binary that pypandoc-binary ships: sandboxed, with a timeout."""

from __future__ import annotations

import importlib.util
import os
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

from publish.errors import PublishError

TIMEOUT_SECONDS = 300


@cache
def pandoc_path() -> str:
    """The pandoc that pypandoc-binary ships, or PYPANDOC_PANDOC's. pypandoc's own lookup runs
    every pandoc it finds on the PATH and takes the newest: a build then depended on what else
    the machine has installed, and the lookup took a tenth of a second per command."""
    chosen = os.environ.get("PYPANDOC_PANDOC")
    if chosen:
        return chosen
    shipped = _shipped_pandoc()
    if shipped is not None:
        return shipped
    try:
        import pypandoc

        return pypandoc.get_pandoc_path()
    except (ImportError, OSError) as exc:
        raise PublishError(
            "pandoc was not found", hint="reinstall with `pip install -e .` (pypandoc-binary ships it)"
        ) from exc


def _shipped_pandoc() -> str | None:
    spec = importlib.util.find_spec("pypandoc")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for name in ("pandoc", "pandoc.exe"):
            binary = Path(folder) / "files" / name
            if binary.is_file() and os.access(binary, os.X_OK):
                return str(binary)
    return None


@cache
def pandoc_version() -> str:
    out = subprocess.run([pandoc_path(), "--version"], capture_output=True, text=True, timeout=60)
    return out.stdout.split("\n", 1)[0].split()[-1]


def run_pandoc(text: str, args: list[str], *, what: str,
               failed: Callable[[str], PublishError] | None = None) -> tuple[str, str]:
    """Convert text with pandoc; returns (stdout, stderr). `what` names the input in errors;
    `failed` turns pandoc's error message into the error to raise."""
    cmd = [pandoc_path(), "--sandbox", *args]
    try:
        done = subprocess.run(
            cmd, input=text, capture_output=True, text=True, encoding="utf-8", timeout=TIMEOUT_SECONDS
        )
    except subprocess.TimeoutExpired as exc:
        raise PublishError(
            f"pandoc did not finish within {TIMEOUT_SECONDS} s", file=what,
            hint="look for very deep nesting or huge lines in the manuscript",
        ) from exc
    if done.returncode != 0:
        if failed is not None:
            raise failed(done.stderr)
        raise PublishError(f"pandoc failed: {done.stderr.strip()[:500]}", file=what)
    return done.stdout, done.stderr
