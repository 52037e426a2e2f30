"""Untrusted manuscripts: no network during a build, no script reaches a reader."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.html
import pytest

from conftest import EPOCH, MINIMAL_YAML, REPO, build_project, write_project

# Installed as sitecustomize in the build's interpreter: every connection attempt is logged and refused.
BLOCK_NETWORK = """
import os, sys
LOG = os.environ["NET_LOG"]
def _hook(event, args):
    if event == "urllib.Request" and str(args[0]).startswith(("file:", "data:")):
        return  # WeasyPrint reads the project's own files through urllib
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "urllib.Request"):
        with open(LOG, "a") as fh:
            fh.write(f"{event} {args!r}\\n")
        raise OSError("network blocked by the test")
sys.addaudithook(_hook)
"""

HOSTILE = """\
# One

Hello <script>alert(1)</script> world.

<iframe src="https://evil.example/"></iframe>
<object data="x.swf"></object><embed src="x.swf">
<form action="https://evil.example/"><input name="q"></form>
<img src="x.png" onerror="alert(2)" alt="broken">
<p onclick="alert(3)" style="position: fixed; color: red">click</p>
<svg><script>alert(4)</script><circle r="1"/></svg>
<math><maction actiontype="statusline" xlink:href="javascript:alert(5)">m</maction></math>

[a link](javascript:alert(6)) and [a safe one](https://example.com/) and
<a href="JaVaScRiPt:alert(7)">shouty</a> <a href="data:text/html,<script>alert(8)</script>">data</a>
"""

ACTIVE_TAGS = ("script", "iframe", "object", "embed", "form", "input", "svg", "maction")


def _chapter_pages(built) -> dict[str, bytes]:
    pages = {"html": (built.html / "one.html").read_bytes()}
    with zipfile.ZipFile(built.epub) as z:
        for name in z.namelist():
            if name.endswith(".xhtml") and b"click" in z.read(name):
                pages[name] = z.read(name)
    return pages


@pytest.fixture(scope="module")
def hostile_build(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("hostile"), MINIMAL_YAML, {"one.md": HOSTILE})
    from PIL import Image

    Image.new("RGB", (20, 10), (0, 90, 0)).save(root / "manuscript" / "x.png")
    return build_project(root, ("epub", "html"))


def test_no_script_reaches_a_reader(hostile_build) -> None:
    pages = _chapter_pages(hostile_build)
    assert len(pages) == 2  # the web page and the EPUB chapter
    for name, data in pages.items():
        tree = lxml.html.fromstring(data)
        assert "Hello" in tree.text_content() and "click" in tree.text_content(), name
        for tag in ACTIVE_TAGS:
            # The site's own JSON-LD (data, never run) is the only script element allowed.
            found = tree.xpath(f"//*[local-name()='{tag}'][not(@type='application/ld+json')]")
            assert not found, (name, tag)
        for el in tree.iter():
            if not isinstance(el.tag, str):
                continue
            for attr, value in el.attrib.items():
                assert not attr.lower().startswith("on"), (name, el.tag, attr)
                assert "javascript:" not in value.lower() and "data:text" not in value.lower(), (name, value)
                assert "evil.example" not in value, (name, attr, value)
        assert b"alert(" not in data, name


def test_build_with_the_network_blocked(tmp_path: Path) -> None:
    """A full build (three editions, search index) never tries to connect anywhere."""
    text = "# One\n\nA [link](https://example.com/page) stays a link.\n\n# Two\n\nMore text.\n"
    root = write_project(tmp_path / "book", MINIMAL_YAML, {"one.md": text})
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCK_NETWORK)
    log = tmp_path / "net.log"
    env = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{REPO / 'src'}", NET_LOG=str(log),
               SOURCE_DATE_EPOCH=EPOCH)
    probe = subprocess.run([sys.executable, "-c", "import socket; socket.create_connection(('127.0.0.1', 9))"],
                           env=env, capture_output=True, text=True, timeout=60)
    assert probe.returncode != 0 and "network blocked" in probe.stderr  # the block itself works
    log.unlink()
    done = subprocess.run([sys.executable, "-m", "publish", "build", str(root)], env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    assert not log.exists(), log.read_text()
    assert {p.suffix for p in (root / "build").iterdir()} >= {".pdf", ".epub", ""}


# name: (chapter text, line of the reference, the address the message must name)
REMOTE = {
    "markdown-image": ("# One\n\nText.\n\n![A map](https://example.com/map.png)\n", 5, "https://example.com/map.png"),
    "html-image": ('# One\n\nText <img src="http://example.com/b.png" alt="b"> more.\n', 3, "http://example.com/b.png"),
    "protocol-relative": ('# One\n\n<img src="//example.com/c.png" alt="c">\n', 3, "//example.com/c.png"),
    "file-outside": ("# One\n\nText.\n\n![x](file:///etc/hosts)\n", 5, "file:///etc/hosts"),
    "css-url": ('# One\n\n<p style="background: url(https://evil.example/t.png)">x</p>\n', 3,
                "https://evil.example/t.png"),
    "before-first-heading": ("Opening ![x](ftp://example.com/d.png) words.\n\n# One\n\nText.\n", 1,
                             "ftp://example.com/d.png"),
}


@pytest.mark.parametrize("edition", ["pdf", "epub", "html"])
@pytest.mark.parametrize("case", sorted(REMOTE))
def test_remote_resources_are_refused_alike_in_every_edition(tmp_path: Path, caplog, case: str,
                                                             edition: str) -> None:
    """One error before any edition renders, naming the file and line, with what to do instead."""
    from publish.build import build
    from publish.errors import PublishError

    text, line, address = REMOTE[case]
    root = write_project(tmp_path, MINIMAL_YAML, {"one.md": text})
    caplog.set_level("INFO", logger="publish")
    with pytest.raises(PublishError) as err:
        build(root, root / "build", (edition,))
    message = str(err.value)
    assert f"one.md:{line}: " in message and address in message, message
    assert "relative path" in message  # the hint: download it into manuscript/
    assert not any("rendering the" in r.getMessage() for r in caplog.records)  # no edition started
    assert [p.name for p in (root / "build").iterdir() if not p.name.startswith(".")] == []


def test_svg_with_entities_and_scripts_is_refused(tmp_path: Path) -> None:
    from publish.build import build
    from publish.errors import PublishError

    bomb = ('<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg">&b;&c;'
            '<script>alert(1)</script></svg>')
    root = write_project(tmp_path, MINIMAL_YAML, {"one.md": "# One\n\n![A drawing](d.svg)\n", "d.svg": bomb})
    with pytest.raises(PublishError, match="d.svg") as err:
        build(root, root / "build", ("epub",))
    assert "root:" not in str(err.value)  # /etc/passwd was never read into the message


@pytest.mark.parametrize(("drawing", "outside"), [
    ('<image href="https://example.com/x.png" width="9" height="9"/>', "https://example.com/x.png"),
    ('<use xlink:href="other.svg#a"/>', "other.svg#a"),
    ('<style>@import url("https://fonts.example/f.css");</style>', "https://fonts.example/f.css"),
    ('<rect width="9" height="9" style="fill: url(https://x.example/p)"/>', "https://x.example/p"),
], ids=["remote-image", "other-file", "style-import", "style-url"])
def test_svg_drawing_on_what_is_outside_it_is_refused(tmp_path: Path, drawing: str, outside: str) -> None:
    """Such an SVG was built silently into an EPUB that epubcheck refuses (RSC-006, OPF-014) and a
    web edition that loads from elsewhere; its own parts (#grad) and data: URLs are fine."""
    from publish.build import build
    from publish.errors import PublishError

    svg = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="99" '
           'height="99"><defs><linearGradient id="g"/></defs><rect fill="url(#g)" width="9" height="9"/>'
           f'{drawing}</svg>')
    root = write_project(tmp_path, MINIMAL_YAML, {"one.md": "# One\n\n![A drawing](d.svg)\n", "d.svg": svg})
    with pytest.raises(PublishError, match=r"one.md:3: SVG image 'd.svg' draws on what is outside it") as err:
        build(root, root / "build", ("html",))
    assert f"({outside})" in str(err.value)
    (root / "manuscript" / "d.svg").write_text(svg.replace(drawing, ""))
    build(root, root / "build", ("html",))  # its own gradient, url(#g), is no address
