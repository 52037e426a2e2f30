"""Quarto's shortcodes the build does not run: `{{< video … >}}`, `{{< meta title >}}`, an
extension's. Quarto fills them in as it renders; every edition printed them as typed, without a
word. Each kind is said once, at its first place, with how many more (a page break,
`{{< pagebreak >}}`, is the build's own: page_breaks.py; one in code is code)."""

from __future__ import annotations

import logging
import re
from collections import Counter
from pathlib import Path

log = logging.getLogger("publish")

_SHORTCODE = re.compile(r"\{\{<\s*([\w-]+)[^>]*?>\}\}")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)")
DONE = {"pagebreak"}


def warn_unrun_shortcodes(files: list[Path], texts: list[str]) -> None:
    first: dict[str, tuple[Path, int, str]] = {}
    counts: Counter = Counter()
    for path, text in zip(files, texts, strict=True):
        if "{{<" not in text:
            continue
        fence = ""
        for number, line in enumerate(text.split("\n"), 1):
            if fence or _FENCE.match(line):
                fence = "" if fence and line.strip().startswith(fence) else fence or _FENCE.match(line)[1]
                continue
            for match in _SHORTCODE.finditer(_CODE_SPAN.sub("", line)):
                if match[1] not in DONE:
                    counts[match[1]] += 1
                    first.setdefault(match[1], (path, number, match[0]))
    for name, (path, number, written) in first.items():
        more = f" (and {counts[name] - 1} more)" if counts[name] > 1 else ""
        log.warning("%s:%d: Quarto's shortcode %s%s is filled in by Quarto as it renders, which the build does not "
                    "do: every edition prints it as typed; write what it stands for, or leave it out", path, number,
                    written[:60], more)
