"""The stylesheets of one WeasyPrint rendering, which share its fonts and its @counter-style rules."""

from __future__ import annotations

from pathlib import Path


class PrintSheets:
    """Sheets made for one kind of document, and what its rendering takes beside them. WeasyPrint
    keeps a sheet's @counter-style rules in the dictionary the sheet is parsed with, and a
    rendering sees only the one it is given: print.css's were never seen until they shared one."""

    def __init__(self, fetcher) -> None:
        from weasyprint.css.counters import CounterStyle

        from publish.editions.font_config import font_configuration

        self.fonts = font_configuration()  # needed for @font-face to take effect
        self.counters = CounterStyle()
        self.profiles: dict = {}  # @color-profile rules, likewise: a PDF/X output intent's (pdf_x.py)
        self.fetcher = fetcher

    def sheet(self, string: str | None = None, filename: Path | None = None):
        import weasyprint

        return weasyprint.CSS(string=string, filename=None if filename is None else str(filename),
                              url_fetcher=self.fetcher, font_config=self.fonts, counter_style=self.counters,
                              color_profiles=self.profiles)

    @property
    def rendering(self) -> dict:
        """What render() and write_pdf() take beside the sheets."""
        return {"font_config": self.fonts, "counter_style": self.counters, "color_profiles": self.profiles}
