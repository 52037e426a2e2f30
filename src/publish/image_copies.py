"""The manuscript's raster images as each edition carries them, scaled to what it can show.

A camera's 6000 × 4000 photo is 10 MB: ebook stores refuse EPUBs full of them, reading
systems stall on them, and no printed page needs that many pixels.

- EPUB and web edition (`screen_copy`): the longest side at most SCREEN_MAX_SIDE pixels; CMYK
  made RGB through the image's colour profile (reading systems and browsers show CMYK badly);
  the EXIF orientation applied to the pixels (not every reader honours it).
- Print (`print_copy`): at most PRINT_MAX_PPI across the text block, the largest a picture is
  printed (print_layout.text_block). CMYK stays CMYK: WeasyPrint embeds a CMYK JPEG as it is,
  as /DeviceCMYK, which is what a printer wants; it applies the EXIF orientation itself.

An image that needs none of this is carried byte for byte. PNG stays PNG (transparency), JPEG
JPEG, WebP WebP; the colour profile and EXIF data are kept. GIFs and animations are carried as
they are. A copy is made once: the build cache keeps it by the hash of the image and of how it
is made (the code and Pillow's version).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from publish.cache import Cache, digest, sha256, tool_versions
from publish.images import check_pixel_size  # and Pillow's own limit off: publish.images checks sizes

# Apple Books takes images of up to 4 megapixels; 2000 px keeps any shape within that, and is
# as wide as a tablet's screen.
SCREEN_MAX_SIDE = 2000
SCREEN_JPEG_QUALITY = 85  # what photo sites serve: no visible loss at screen size
# An image with more pixels than this across the text block is scaled to it. 300 ppi is the
# printers' norm for photos; maps and scanned print keep finer lines at more. No picture is set
# wider than the text block, so none prints at less.
PRINT_MAX_PPI = 450
PRINT_JPEG_QUALITY = 92
SCALED = {"JPEG", "PNG", "WEBP"}
SCREEN_KIND = "image-screen"  # cache: an image's copy for the EPUB and the web edition
PRINT_KIND = "image-print"  # cache: its copy for the print edition
_ORIENTATION = 0x0112  # the EXIF tag
_TURNED = {5, 6, 7, 8}  # orientations that swap width and height

_cache = Cache(None)
_made: dict[str, bytes] = {}  # this process's copies by key (an image is fetched on every layout pass)
_MADE_MOST = 64


def configure(cache: Cache | None) -> None:
    """Keep copies in `cache` from now on (None: make them every time)."""
    global _cache
    _cache = cache if cache is not None else Cache(None)
    _made.clear()


def screen_copy(data: bytes, path: Path) -> bytes:
    """The image `path` holds as the EPUB and the web edition carry it (`data` itself when it
    needs nothing; `path` names it in messages)."""
    return _copy(data, path, _Recipe(SCREEN_KIND, (SCREEN_MAX_SIDE,) * 2, SCREEN_JPEG_QUALITY, screen=True))


def print_copy(data: bytes, path: Path, text_block: tuple[float, float]) -> bytes:
    """The image as the print edition embeds it, `text_block` being (width, height) in inches."""
    box = (math.floor(text_block[0] * PRINT_MAX_PPI), math.floor(text_block[1] * PRINT_MAX_PPI))
    return _copy(data, path, _Recipe(PRINT_KIND, box, PRINT_JPEG_QUALITY, screen=False))


@dataclass(frozen=True)
class _Recipe:
    kind: str
    box: tuple[int, int]  # the most pixels across and down
    quality: int  # of a JPEG or WebP written
    screen: bool  # RGB and upright even at its size


def _copy(data: bytes, path: Path, recipe: _Recipe) -> bytes:
    """`data`, or its copy made as `recipe` says: from the cache when it was made before."""
    try:
        im = Image.open(io.BytesIO(data))
    except (OSError, ValueError):  # not an image Pillow reads (an SVG): carried as it is
        return data
    with im:
        check_pixel_size(im.size, f"image '{path.name}'", {"file": path})
        if not _needs_copy(im, recipe):
            return data
    key = digest(recipe, sha256(data), sorted(tool_versions().items()))
    found = _made.get(key)
    if found is None:
        found = _cache.get(recipe.kind, key)
        if found is None:
            found = _made_copy(data, recipe)
            _cache.put(recipe.kind, key, found)
        if len(_made) >= _MADE_MOST:
            _made.pop(next(iter(_made)))  # the oldest: a long book's images come chapter by chapter
        _made[key] = found
    return found


def _needs_copy(im: Image.Image, recipe: _Recipe) -> bool:
    """From the header alone: is the image too large, or (for screens) CMYK or turned by EXIF?"""
    if im.format not in SCALED or getattr(im, "n_frames", 1) > 1:
        return False
    if _fitted(_upright_size(im), recipe.box) != _upright_size(im):
        return True
    return recipe.screen and (im.mode == "CMYK" or _orientation(im) != 1)


def _made_copy(data: bytes, recipe: _Recipe) -> bytes:
    with Image.open(io.BytesIO(data)) as im:
        kind, icc, orientation = im.format, im.info.get("icc_profile"), _orientation(im)
        size = _fitted(_upright_size(im), recipe.box)
        if kind == "JPEG":  # decoded at 1/2, 1/4 or 1/8 of its size, as long as that is still larger
            im.draft(im.mode, size[::-1] if orientation in _TURNED else size)
        if orientation != 1:
            ImageOps.exif_transpose(im, in_place=True)  # its orientation tag goes with it
        exif = im.getexif()
        if recipe.screen and im.mode == "CMYK":
            picture, icc = _rgb(im, icc), None  # the profile was the CMYK one
        else:
            picture = _resizable(im)
        if picture.size != size:
            picture = picture.resize(size, Image.Resampling.LANCZOS, reducing_gap=2.0)
        return _encoded(picture, kind, recipe.quality, icc, exif.tobytes() if exif else None)


def _upright_size(im: Image.Image) -> tuple[int, int]:
    return (im.height, im.width) if _orientation(im) in _TURNED else im.size


def _orientation(im: Image.Image) -> int:
    if im.format == "PNG" and "exif" not in im.info:
        return 1  # none before the pixels: Pillow would decode them all to look after them
    return im.getexif().get(_ORIENTATION, 1)


def _fitted(size: tuple[int, int], box: tuple[int, int]) -> tuple[int, int]:
    """`size` scaled down, keeping its shape, to fit `box`; unchanged when it fits."""
    scale = min(box[0] / size[0], box[1] / size[1])
    if scale >= 1:
        return size
    return max(1, round(size[0] * scale)), max(1, round(size[1] * scale))


def _rgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """A CMYK image in sRGB: through its own profile when it has one (a plain conversion
    turns press colours dull and dark)."""
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(im, source, ImageCms.createProfile("sRGB"), outputMode="RGB")
        except (ImageCms.PyCMSError, OSError):  # a damaged profile: the plain conversion below
            pass
    return im.convert("RGB")


def _resizable(im: Image.Image) -> Image.Image:
    """The image in a mode Pillow resamples smoothly (a palette or 1-bit one would be resized
    pixel by pixel)."""
    if im.mode == "1":
        return im.convert("L")
    if im.mode in ("P", "PA"):
        return im.convert("RGBA" if im.mode == "PA" or "transparency" in im.info else "RGB")
    return im


def _encoded(im: Image.Image, kind: str, quality: int, icc: bytes | None, exif: bytes | None) -> bytes:
    out = io.BytesIO()
    extra = {k: v for k, v in (("icc_profile", icc), ("exif", exif)) if v}
    if kind == "JPEG":
        im.save(out, "JPEG", quality=quality, optimize=True, **extra)
    elif kind == "WEBP":
        im.save(out, "WEBP", quality=quality, method=6, **extra)
    else:
        im.save(out, "PNG", **extra)
    return out.getvalue()
