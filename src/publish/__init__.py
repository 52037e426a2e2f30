"""publish: one manuscript into a print PDF, an EPUB 3 ebook and an HTML edition."""

__version__ = "0.1.0"
