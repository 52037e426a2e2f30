"""Running the pandoc binary that pypandoc-binary ships: sandboxed, with a timeout."""

from __future__ import annotations

import importlib.util
import os
import signal
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

from publish.errors import PublishError

# pandoc's own work is limited, not the wall clock: on a machine busy with other builds a long
# novel's EPUB took pandoc 5 minutes to read, and was refused. The wall-clock limit is a
# backstop where the CPU time cannot be limited (not Linux).
CPU_SECONDS = 300
WALL_SECONDS = 1800


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
    with subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, encoding="utf-8") as done:
        _limit_cpu(done.pid)
        try:
            stdout, stderr = done.communicate(text, timeout=WALL_SECONDS)
        except subprocess.TimeoutExpired:
            done.kill()
            done.communicate()
            raise _too_long(what, f"did not finish within {WALL_SECONDS} s") from None
    if hasattr(signal, "SIGXCPU") and done.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise _too_long(what, f"was stopped: more than {CPU_SECONDS} s of processor time, or out of memory")
    if done.returncode != 0:
        if failed is not None:
            raise failed(stderr)
        raise PublishError(f"pandoc failed: {stderr.strip()[:500]}", file=what)
    return stdout, stderr


def _limit_cpu(pid: int) -> None:
    """At most CPU_SECONDS of processor time for the child `pid` (SIGXCPU, then SIGKILL)."""
    try:
        import resource

        resource.prlimit(pid, resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS + 5))
    except (ImportError, AttributeError, OSError, ValueError):  # not Linux, or the child has ended
        pass


def _too_long(what: str, how: str) -> PublishError:
    return PublishError(f"pandoc {how}", file=what, hint="look for very deep nesting or huge lines in the manuscript")
