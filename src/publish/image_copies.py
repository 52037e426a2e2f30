"""The manuscript's raster images as each edition carries them, scaled to what it can show.

A camera's 6000 × 4000 photo is 10 MB: ebook stores refuse EPUBs full of them, reading
systems stall on them, and no printed page needs that many pixels.

- EPUB and web edition (`screen_copy`): the longest side at most SCREEN_MAX_SIDE pixels; CMYK
  made RGB through the image's colour profile (reading systems and browsers show CMYK badly);
  the EXIF orientation applied to the pixels (not every reader honours it); an opaque PNG that
  is a photograph (many colours, not small) made a JPEG: a scan saved as PNG is ten times the
  JPEG's size, and stores charge or refuse EPUBs by size; 16 bits a channel made 8. A PNG of
  flat colours (a scanned map in black and white, a chart) scaled down is given a palette
  again: the scaling's grey edges made Grant's 2000-pixel maps RGBA of 2 MB each (the EPUB
  65.6 MB), as many bytes as the 4000-pixel originals; with a palette each is a fifth of that.
- Print (`print_copy`): at most PRINT_MAX_PPI across the text block, or down 60% of it, the
  largest a picture is printed (print_layout.text_block, print.css's max-height). CMYK stays
  CMYK: WeasyPrint embeds a CMYK JPEG as it is, as /DeviceCMYK, which is what a printer wants;
  it applies the EXIF orientation itself.
  A 16-bit greyscale PNG is made 8-bit: WeasyPrint 70 embeds its pixels as 8-bit RGB (noise).

An image that needs none of this is carried byte for byte. PNG stays PNG (transparency, line
art) but for those photographs on screens, JPEG JPEG, WebP WebP; the colour profile and EXIF
data are kept. GIFs and animations are carried as they are. A copy is made once: the build
cache keeps it by the hash of the image and of how it is made (the code and Pillow's version).
"""

from __future__ import annotations

import io
import logging
import math
import re
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageCms, ImageOps

from publish.cache import Cache, digest, sha256, tool_versions
from publish.image_sizes import PictureSize, picture_size
from publish.image_tones import dark_on_transparent
from publish.images import SVG_TYPE, check_pixel_size  # and Pillow's own limit off: publish.images checks sizes
from publish.images import Image as BookImage
from publish.print_turns import turns

# Apple Books takes images of up to 4 megapixels; 2000 px keeps any shape within that, and is
# as wide as a tablet's screen.
SCREEN_MAX_SIDE = 2000
SCREEN_JPEG_QUALITY = 85  # what photo sites serve: no visible loss at screen size
# The stores' ebook cover is 1600 × 2560 (Kindle's ideal; Apple wants 1400 across at least), and
# no more pixels than that: Apple Books refuses an EPUB with an image of over 5.6 million.
COVER_MAX_SIDE = 2560
COVER_MAX_PIXELS = 1600 * 2560
# An image with more pixels than this across the text block is scaled to it. 300 ppi is the
# printers' norm for photos; maps and scanned print keep finer lines at more. No picture is set
# wider than the text block, so none prints at less.
PRINT_MAX_PPI = 450
PRINT_MAX_HEIGHT = 0.6  # of the text block: print.css's img { max-height: 60vh }
PRINT_JPEG_QUALITY = 92
SCALED = {"JPEG", "PNG", "WEBP"}
# A PNG is a photograph when, opaque and of at least PHOTO_PIXELS, it has more than
# PHOTO_COLOURS colours or its 16 commonest cover less than half of it (a greyscale scan has at
# most 256); line art and charts are mostly a few flat colours. Below 300 × 300 an icon or an
# ornament, whose PNG is small anyway. Made a JPEG only when that halves it.
PHOTO_PIXELS = 90_000
PHOTO_COLOURS = 4096
# A PNG is of flat colours when it has a palette, or at most PHOTO_COLOURS colours of which its 16
# commonest cover FLAT_SHARE of it; scaled for screens it is given a palette of PALETTE_COLOURS.
FLAT_SHARE = 0.9
PALETTE_COLOURS = 256
SNAP = 6  # summed over the channels: a palette entry this near a source colour is that colour
_GREY_16 = {"I", "I;16", "I;16B", "I;16L", "I;16N"}  # Pillow's modes for a 16-bit greyscale PNG
SCREEN_KIND = "image-screen"  # cache: an image's copy for the EPUB and the web edition
PRINT_KIND = "image-print"  # cache: its copy for the print edition
COVER_KIND = "image-cover"  # cache: the manuscript's own cover as the EPUB and the web edition carry it
TONE_KIND = "image-tone"  # cache: whether a picture is dark lines on a transparent ground (its pixels read)
_ORIENTATION = 0x0112  # the EXIF tag
_JPEG_MAGIC = b"\xff\xd8\xff"
_KEPT = b""  # cached for a copy that is the image itself (a large line-art PNG): not stored twice
_TURNED = {5, 6, 7, 8}  # orientations that swap width and height

log = logging.getLogger("publish")

_cache = Cache(None)
_made: dict[str, bytes] = {}  # this process's copies by key (an image is fetched on every layout pass)
_MADE_MOST = 64
_tones: dict[str, bool] = {}  # this process's image_tones answers by the picture's hash


def configure(cache: Cache | None) -> None:
    """Keep copies in `cache` from now on (None: make them every time)."""
    global _cache
    _cache = cache if cache is not None else Cache(None)
    _made.clear()
    _tones.clear()


@dataclass(frozen=True)
class ScreenCopy:
    name: str  # in the EPUB's media/ and the web edition's images/: its suffix says its format
    media_type: str
    data: bytes
    size: PictureSize | None  # the copy's own, for the <img>'s width and height (image_sizes)
    dark_on_transparent: bool = False  # dark lines on no ground: inverted on a dark screen (image_tones)

    @property
    def cached_as(self) -> list:
        """What a chapter cache keeps of it: a chapter is made again when its picture's copy
        is renamed or reshaped (a link retargeted, a PNG no longer a photograph, a map redrawn),
        or redrawn on a ground of its own."""
        return [self.name, self.size.as_json() if self.size else None, self.dark_on_transparent]


def screen_copy(image: BookImage) -> ScreenCopy:
    """The image as the EPUB and the web edition carry it (its own bytes when it needs nothing)."""
    data = _copy(image.data, image.path, _Recipe(SCREEN_KIND, (SCREEN_MAX_SIDE,) * 2, SCREEN_JPEG_QUALITY, screen=True))
    if image.media_type == SVG_TYPE:
        data = _svg_version_dropped(data)
    media_type = "image/jpeg" if data[:3] == _JPEG_MAGIC else image.media_type  # a PNG photo made JPEG
    return ScreenCopy(image.packaged_as(media_type), media_type, data, picture_size(data, media_type),
                      _dark_on_transparent(data, media_type))


# The <svg> root's version other than SVG 1's "1.0", "1.1" or "1.2" (Standard Ebooks' version="1"):
# epubcheck notes each (RSC-025); SVG 2 has no version, so it goes.
_SVG_VERSION = re.compile(rb'(<svg\b[^>]*?)\s+version\s*=\s*(["\'])(?!1\.[012]\2)[^"\'>]*\2')


def _svg_version_dropped(data: bytes) -> bytes:
    return _SVG_VERSION.sub(rb"\1", data, count=1)


def _dark_on_transparent(data: bytes, media_type: str) -> bool:
    """image_tones' answer, kept: a rebuild does not decode a book's drawings again."""
    if media_type == "image/jpeg":
        return False  # no transparency
    key = digest(TONE_KIND, sha256(data))
    if key not in _tones:
        kept = _cache.get(TONE_KIND, key)
        if kept is None:
            kept = b"1" if dark_on_transparent(data, media_type) else b"0"
            _cache.put(TONE_KIND, key, kept)
        _tones[key] = kept == b"1"
    return _tones[key]


def cover_copy(data: bytes, path: Path) -> bytes:
    """The manuscript's own cover as the EPUB and the web edition carry it: as a picture on
    screens (a photograph in a PNG a JPEG, CMYK made RGB), at most COVER_MAX_SIDE pixels on a
    side and COVER_MAX_PIXELS in all (a square cover of 2560 × 2560 is 2023 × 2023)."""
    box = (COVER_MAX_SIDE, COVER_MAX_SIDE)
    try:
        with Image.open(io.BytesIO(data)) as im:
            width, height = _upright_size(im)
    except (OSError, ValueError):  # not an image Pillow reads: _copy carries it as it is
        width = height = 1
    scale = math.sqrt(COVER_MAX_PIXELS / (width * height))
    if scale < 1:
        box = (min(box[0], math.floor(width * scale)), min(box[1], math.floor(height * scale)))
    return _copy(data, path, _Recipe(COVER_KIND, box, SCREEN_JPEG_QUALITY, screen=True))


def print_copy(data: bytes, path: Path, text_block: tuple[float, float]) -> bytes:
    """The image as the print edition embeds it, `text_block` being (width, height) in inches."""
    box = (math.floor(text_block[0] * PRINT_MAX_PPI), math.floor(text_block[1] * PRINT_MAX_HEIGHT * PRINT_MAX_PPI))
    size = picture_size(data, "")
    if size is not None and turns(size, text_block):  # set along the page's height (print_turns.py)
        box = (math.floor(text_block[1] * PRINT_MAX_PPI), math.floor(text_block[0] * PRINT_MAX_PPI))
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
            try:
                found = _made_copy(data, recipe)
            except (OSError, ValueError, SyntaxError) as exc:  # Pillow's errors for damaged pixels
                # Its header read, its pixels not: carried as it is (as before a copy was wanted), and named.
                log.warning("image %s is damaged (%s): carried as it is; open it in an image editor and save it"
                            " again", path, exc)
                _made[key] = data
                return data
            _cache.put(recipe.kind, key, _KEPT if found is data else found)
        elif found == _KEPT:
            found = data
        if len(_made) >= _MADE_MOST:
            _made.pop(next(iter(_made)))  # the oldest: a long book's images come chapter by chapter
        _made[key] = found
    return found


def _needs_copy(im: Image.Image, recipe: _Recipe) -> bool:
    """From the header alone: is the image too large, 16-bit greyscale, or (for screens) CMYK,
    turned by EXIF, 16-bit or perhaps a photograph in a PNG (its pixels decide)?"""
    if im.format not in SCALED or getattr(im, "n_frames", 1) > 1:
        return False
    if _fitted(_upright_size(im), recipe.box) != _upright_size(im) or im.mode in _GREY_16:
        return True
    if not recipe.screen:
        return False
    if im.mode == "CMYK" or _orientation(im) != 1 or _sixteen_bits(im):
        return True
    return (im.format == "PNG" and im.mode in ("RGB", "RGBA", "L", "LA") and "transparency" not in im.info
            and im.width * im.height >= PHOTO_PIXELS)


def _sixteen_bits(im: Image.Image) -> bool:
    """A PNG of 16 bits a channel (Pillow reads an RGB one as 8 bits, and says so in its tile)."""
    return im.format == "PNG" and any(str(tile.args).endswith(";16B") for tile in im.tile)


def _made_copy(data: bytes, recipe: _Recipe) -> bytes:
    with Image.open(io.BytesIO(data)) as im:
        kind, icc, orientation = im.format, im.info.get("icc_profile"), _orientation(im)
        size = _fitted(_upright_size(im), recipe.box)
        # Of a PNG on screens: as it is, unless it is 16-bit or a photograph (palettes are few colours).
        as_it_is = recipe.screen and kind == "PNG" and size == im.size and orientation == 1 and not _sixteen_bits(im)
        maybe_photo = recipe.screen and kind == "PNG" and im.mode in ("RGB", "RGBA", "L", "LA", *_GREY_16)
        flat = _flat_colours(im) if recipe.screen and kind == "PNG" else None
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
        exif_data = exif.tobytes() if exif else None
        if maybe_photo:
            photo = _opaque(picture)
            if _photographic(photo):
                jpeg = _encoded(photo, "JPEG", recipe.quality, icc, exif_data)
                # The PNG's size, from the file's own bytes a pixel (encoding it to know costs seconds).
                if 2 * len(jpeg) <= len(data) * (size[0] * size[1]) / (im.width * im.height):
                    return jpeg
        if as_it_is:
            return data  # a large line-art PNG: _copy keeps no second copy of it
        if flat and picture.size != im.size:
            picture = _paletted(picture, flat)
        return _encoded(picture, kind, recipe.quality, icc, exif_data)


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
    if im.mode in _GREY_16:  # Pillow's convert("L") clips 16-bit values to white
        return im.convert("I").point(lambda v: v / 257).convert("L")
    if im.mode in ("P", "PA"):
        return im.convert("RGBA" if im.mode == "PA" or "transparency" in im.info else "RGB")
    return im


def _flat_colours(im: Image.Image) -> list[tuple[int, ...]] | None:
    """The commonest colours (RGBA) of a picture of flat colours: a palette, or RGB(A) of a few
    colours covering most of it (FLAT_SHARE), as a map's black, white and a few stray shades
    (Grant's have 2 to 260); None for a photograph's thousands, or greyscale (a byte a pixel)."""
    if im.mode not in ("RGB", "RGBA", "P", "PA"):
        return None
    rgba = im.convert("RGBA") if im.mode in ("P", "PA") else im
    counted = rgba.getcolors(PALETTE_COLOURS if im.mode in ("P", "PA") else PHOTO_COLOURS)  # stops past them
    if counted is None:
        return None
    commonest = sorted(counted, reverse=True)[:16]
    if sum(n for n, _ in commonest) < FLAT_SHARE * im.width * im.height:
        return None
    return [c if len(c) == 4 else (*c, 255) for _, c in commonest]


def _paletted(im: Image.Image, colours: list[tuple[int, ...]]) -> Image.Image:
    """A scaled picture of flat colours given a palette again: the shades the scaling made at its
    edges kept to PALETTE_COLOURS, transparency with them (a PNG's tRNS). The quantizer averages
    each colour with its neighbours (a flag's green 20,160,40 came out 19,160,40 and a shade
    transparent); an entry within SNAP of one of the source's own `colours` is made that colour."""
    if im.mode not in ("RGB", "RGBA"):
        return im  # greyscale is one byte a pixel already
    im = _opaque(im)
    quantized = im.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    mode = quantized.palette.mode
    width = len(mode)
    palette = quantized.getpalette(rawmode=mode) or []
    snapped: list[int] = []
    for at in range(0, len(palette), width):
        entry = tuple(palette[at:at + width])
        near = min(colours, key=lambda c: sum(abs(a - b) for a, b in zip(c, entry, strict=False)))
        close = sum(abs(a - b) for a, b in zip(near, entry, strict=False)) <= SNAP
        snapped.extend(near[:width] if close else entry)
    quantized.putpalette(snapped, rawmode=mode)
    return quantized


def _opaque(im: Image.Image) -> Image.Image:
    """The image without an alpha channel that hides nothing (an export's RGBA of a photo)."""
    if im.mode in ("RGBA", "LA") and im.getchannel("A").getextrema() == (255, 255):
        return im.convert(im.mode[:-1])
    return im


def _photographic(im: Image.Image) -> bool:
    """Continuous tone (PHOTO_PIXELS, PHOTO_COLOURS): many colours, none of them dominant."""
    if im.mode not in ("RGB", "L") or im.width * im.height < PHOTO_PIXELS:
        return False
    colours = im.getcolors(PHOTO_COLOURS)
    if colours is None:
        return True
    return 2 * sum(sorted(count for count, _ in colours)[-16:]) < im.width * im.height


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
