"""A long fuzzing session: `python bench/fuzz.py [MINUTES]` (default 10).

Builds generated manuscripts (tests/test_fuzz.py's strategies, HTML edition) until the time is
up; prints the number of cases, how many built and how many were PublishErrors, and every other
exception (a finding) with its input, saved to bench/fuzz-findings.txt.
"""

from __future__ import annotations

import os
import sys
import time
import traceback
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parent / "src"), str(HERE.parent / "tests")]

from hypothesis import HealthCheck, given, settings  # noqa: E402

from publish.errors import PublishError  # noqa: E402
from test_fuzz import build_once, markdown, yaml_text  # noqa: E402


def main() -> int:
    minutes = float(sys.argv[1]) if len(sys.argv) > 1 else 10.0
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1764000000")
    deadline = time.monotonic() + minutes * 60
    counts: Counter[str] = Counter()
    findings: list[str] = []

    @settings(max_examples=10**9, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(yaml_text(), markdown())
    def case(book_yaml: str, text: str) -> None:
        if time.monotonic() > deadline:
            raise TimeoutError
        counts["cases"] += 1
        try:
            build_once(book_yaml, text)
            counts["built or refused"] += 1
        except PublishError:
            counts["refused"] += 1
        except AssertionError:
            findings.append(f"ASSERTION\n{book_yaml!r}\n{text!r}\n{traceback.format_exc()}")
        except Exception:
            findings.append(f"{book_yaml!r}\n{text!r}\n{traceback.format_exc()}")

    try:
        case()
    except (TimeoutError, ExceptionGroup):  # hypothesis reports the stop (and its replays) as a group
        pass
    report = HERE / "fuzz-findings.txt"
    report.write_text("\n\n".join(findings), encoding="utf-8")
    print(f"{counts['cases']} cases in {minutes:g} min; {len(findings)} findings (see {report})")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
