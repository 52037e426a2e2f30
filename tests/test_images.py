"""Images in each edition: large scans accepted, and a too large one named with its size."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image

from conftest import MINIMAL_YAML, build_project, write_project
from publish.errors import PublishError


def _opened(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


# --- large scans ------------------------------------------------------------------------------


def _grey_png(width: int, height: int, idat: bytes | None = None) -> bytes:
    """A flat greyscale PNG of `width` × `height` pixels, written row by row (no image in
    memory); or, given `idat`, that header with those bytes for its pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    if idat is None:
        packer = zlib.compressobj(9)
        row = b"\x00" + b"\xc8" * width
        idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def test_a_large_map_scan_is_accepted_and_scaled(tmp_path):
    # 182 megapixels: above Pillow's own limit of 179, which called it "unreadable".
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n\n![A map.](images/scan.png)\n"})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "scan.png").write_bytes(_grey_png(14000, 13000))
    built = build_project(root, ("epub", "html"))
    with zipfile.ZipFile(built.epub) as z:
        copy = _opened(z.read(next(n for n in z.namelist() if n.endswith("scan.png"))))
    assert (copy.mode, copy.size) == ("L", (14000, 13000))


def test_a_too_large_image_is_named_with_its_size(tmp_path):
    # Only its header: 20,000 × 15,000 pixels (300 megapixels), checked before anything is decoded.
    header = _grey_png(20000, 15000, idat=zlib.compress(b"\x00" * 100))
    root = write_project(tmp_path, MINIMAL_YAML, {"a.md": "# One\n\nText.\n\n![A map.](images/huge.png)\n"})
    (root / "manuscript" / "images").mkdir()
    (root / "manuscript" / "images" / "huge.png").write_bytes(header)
    with pytest.raises(PublishError) as info:
        build_project(root, ("epub",))
    diag = info.value.diagnostic
    assert (diag.file.name, diag.line) == ("a.md", 5)
    assert "20,000 × 15,000 pixels (300 megapixels)" in diag.message and "unreadable" not in diag.message
    assert "longest side" in diag.hint
