"""Memory the build freed goes back to the system (publish/memory.py)."""

from __future__ import annotations

import sys
import threading

import pytest

from publish import memory


def _rss_mib() -> int:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc_trim")
def test_memory_freed_in_a_thread_goes_back():
    """As the print edition's assembly does: a thread allocates (C-level, 4 kB blocks) and
    frees most of it, a few blocks surviving throughout its heap; glibc keeps the rest."""
    survivors = []

    def churn():
        blocks = [bytes(4000) + bytes([i % 256]) for i in range(60_000)]  # about 240 MB
        survivors.append(blocks[::100])

    thread = threading.Thread(target=churn)
    thread.start()
    thread.join()
    held = _rss_mib()
    memory.give_back()
    assert held - _rss_mib() > 150, (held, _rss_mib())
    assert len(survivors[0]) == 600
