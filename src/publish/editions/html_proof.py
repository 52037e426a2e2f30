"""Proof screenshots of the web edition: the home page and a chapter, on a phone and a desktop.

Drives the system Chromium through Playwright (never a browser Playwright downloads itself);
pages load from the file system, and any request for something outside the site is refused.
Meant for `publish proof --html`, which writes them to build/proof/.
"""

from __future__ import annotations

import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from publish.errors import PublishError

WIDTHS = (375, 1280)
HEIGHT = 900


def screenshot_site(site: Path, out: Path, schemes: tuple[str, ...] = ("light", "dark")) -> list[Path]:
    """PNGs of index.html and the first chapter at each width and colour scheme, written into `out`."""
    pages = _pages(site)
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise PublishError("no Chromium found for the HTML proofs", hint="install it: apt-get install chromium")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        raise PublishError("Playwright is not installed", hint="pip install playwright") from None
    out.mkdir(parents=True, exist_ok=True)
    # A thread of its own: Playwright's sync API refuses to run inside a caller's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_shoot, chromium, site, out, pages, schemes).result()


def _shoot(chromium: str, site: Path, out: Path, pages: dict[str, str], schemes: tuple[str, ...]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    root = site.resolve().as_uri() + "/"
    written = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for scheme in schemes:
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": HEIGHT}, color_scheme=scheme)
                    page = context.new_page()
                    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(root)
                               else route.abort())
                    for label, name in pages.items():
                        page.goto(root + name, wait_until="load")
                        page.evaluate("document.fonts.ready")
                        path = out / f"html-{label}-{width}-{scheme}.png"
                        page.screenshot(path=str(path), full_page=False)
                        written.append(path)
                    context.close()
        finally:
            browser.close()
    return written


def _pages(site: Path) -> dict[str, str]:
    index = site / "index.html"
    if not index.is_file():
        raise PublishError("no HTML edition to proof", file=index, hint="run `publish build --format html` first")
    from lxml import html

    tree = html.fromstring(index.read_bytes())
    chapters = tree.xpath('//nav[@id="contents"]//a/@href')
    return {"index": "index.html", **({"chapter": chapters[0]} if chapters else {})}
