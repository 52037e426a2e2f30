"""Bytes → text: a BOM decides, then strict UTF-8, then charset-normalizer among the 8-bit
encodings manuscripts really arrive in (Windows-1251, KOI8-R, DOS's CP866, Windows-1252, Latin-1).

`--encoding` overrides everything. The choice is reported, with a warning when the bytes fit
more than one encoding equally well (short texts), so the user can check and override.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from pathlib import Path

from publish.errors import PublishError

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig", "UTF-8 with BOM"),
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32LE with BOM"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32BE with BOM"),
    (b"\xff\xfe", "utf-16-le", "UTF-16LE with BOM"),
    (b"\xfe\xff", "utf-16-be", "UTF-16BE with BOM"),
)
# The 8-bit candidates, in the order that breaks exact ties for a given language.
# CP866, DOS's Cyrillic, is how old Russian e-texts (FIDO, early lib.ru) still arrive.
_CANDIDATES = {"ru": ("cp1251", "koi8_r", "cp866", "cp1252", "latin_1"),
               "": ("cp1252", "cp1251", "koi8_r", "cp866", "latin_1")}
NAMES = {
    "cp1251": "cp1251 (Windows Cyrillic)",
    "koi8_r": "KOI8-R",
    "cp866": "cp866 (DOS Cyrillic)",
    "cp1252": "cp1252 (Windows Western)",
    "latin_1": "latin-1 (ISO 8859-1)",
    "utf_16_le": "UTF-16LE without BOM",
    "utf_16_be": "UTF-16BE without BOM",
}


@dataclass
class Decoded:
    text: str
    encoding: str  # a description for the report: "UTF-8", "cp1251 (Windows Cyrillic)", …
    warnings: list[str] = field(default_factory=list)
    codec: str = "utf-8"  # the Python codec that reads and writes the bytes (after any BOM)


def decode(data: bytes, source: Path | None = None, *, encoding: str | None = None,
           language: str = "") -> Decoded:
    """The text of `data`; `encoding` (any Python codec name) overrides detection."""
    if encoding:
        return _forced(data, source, encoding)
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom):].decode(codec), name, codec=codec.removesuffix("-sig"))
    if b"\x00" in data:
        return _utf16_without_bom(data, source)
    try:
        return Decoded(data.decode("utf-8"), "UTF-8")
    except UnicodeDecodeError:
        pass
    return _eight_bit(data, language)


def _forced(data: bytes, source: Path | None, encoding: str) -> Decoded:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise PublishError(
            f"unknown encoding '{encoding}'", file=source,
            hint="use a name such as utf-8, utf-16, cp1251, koi8-r, cp1252 or latin-1",
        ) from None
    if codec.replace("-", "_") == "utf_8" and data.startswith(b"\xef\xbb\xbf"):
        codec = "utf-8-sig"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise PublishError(
            f"the file is not valid {encoding}: byte {data[exc.start]:#04x} at offset {exc.start}",
            file=source, hint="leave out --encoding to let publish detect it",
        ) from None
    return Decoded(text, f"{NAMES.get(codec.replace('-', '_'), codec)} (given with --encoding)", codec=codec)


def _utf16_without_bom(data: bytes, source: Path | None) -> Decoded:
    # Text in UTF-16 has a NUL in every other byte for ASCII; a binary file has them anywhere.
    even, odd = data[0::2].count(0), data[1::2].count(0)
    half = len(data) / 2
    for zeros, codec in ((odd, "utf_16_le"), (even, "utf_16_be")):
        if len(data) % 2 == 0 and zeros > 0.3 * half and zeros > 4 * min(even, odd):
            try:
                return Decoded(data.decode(codec), NAMES[codec], codec=codec)
            except UnicodeDecodeError:
                break
    raise PublishError(
        "the file contains NUL bytes: a binary file, not text", file=source,
        hint="save it as UTF-8 (or UTF-16 with BOM) and import again; .docx, .odt, .epub and .html "
        "are read by name",
    )


def _eight_bit(data: bytes, language: str) -> Decoded:
    from charset_normalizer import from_bytes

    order = _CANDIDATES.get(language, _CANDIDATES[""])
    matches = sorted(from_bytes(data, cp_isolation=list(order)),
                     key=lambda m: (m.chaos, -m.coherence, order.index(m.encoding)))
    # Latin-1 decodes every byte, so charset-normalizer rarely offers it: it is the last resort.
    texts = [(m.encoding, str(m)) for m in matches] + [("latin_1", data.decode("latin-1"))]
    # A wrong code page mixes scripts inside words ("Cafй"): prefer a reading that does not, but for
    # the few Latin look-alikes an OCR'd text has ("Аннa"): a Latin-only reading mixes nothing.
    codec, text = next(((c, t) for c, t in texts if not _mixed_too_often(t)), texts[0])
    decoded = Decoded(text, NAMES[codec], codec=codec)
    if codec == "cp1252" and not any(0x80 <= b <= 0x9F for b in data):
        decoded.encoding += ", the same as latin-1 for this file"
    best = next((m for m in matches if m.encoding == codec), None)
    rivals = [m.encoding for m in matches if best and m is not best
              and (m.chaos, m.coherence) == (best.chaos, best.coherence) and not _mixed_too_often(str(m))]
    if rivals:
        decoded.warnings.append(
            f"the encoding is a guess: the text also reads as {', '.join(NAMES[r] for r in rivals)}; "
            "check the words in the report and use --encoding if they are garbled"
        )
    return decoded


_WORD = re.compile(r"[^\W\d_]+")
MIXED_PER_WORDS = 1000  # one word in this many may mix scripts (a Latin "a" in a Cyrillic word)


def _mixed_too_often(text: str) -> bool:
    return _mixed_words(text) > len(_WORD.findall(text)) // MIXED_PER_WORDS


def _mixed_words(text: str) -> int:
    """Words that mix Latin and Cyrillic letters."""
    count = 0
    for word in _WORD.findall(text):
        cyrillic = sum("\u0400" <= c <= "\u04ff" for c in word)
        if 0 < cyrillic < len(word) and any(c.isascii() or "\u00c0" <= c <= "\u024f" for c in word):
            count += 1
    return count


def encoding_of(raw: bytes, path: Path) -> str | None:
    """The encoding a file that is not UTF-8 reads in (UTF-16, Windows-1251, …), as `publish
    import` would take it; None for a binary file, whose "text" would have no spaces or lines."""
    try:
        decoded = decode(raw, path)
    except (PublishError, UnicodeDecodeError):
        return None
    text = decoded.text
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n")
    return decoded.encoding if text.strip() and (" " in text or "\n" in text) and controls == 0 else None
