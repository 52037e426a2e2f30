"""One embedded copy of each picture in a PDF assembled from parts.

Each part embeds the pictures it shows: a map printed in two chapters (or a picture of the
front matter shown again in the back) came in once per part. Pictures of the same bytes and
the same dictionary are made one object, and every page and form that shows one shows it.
"""

from __future__ import annotations

import hashlib

import pikepdf
from pikepdf import Dictionary, Name

_SKIP = {"/Length", "/SMask"}  # the length follows the bytes; a mask is compared by its own key


def share_images(pdf: pikepdf.Pdf) -> None:
    """Every picture drawn from one copy of its bytes (the others are not written)."""
    keys: dict[tuple, str] = {}
    kept: dict[str, pikepdf.Object] = {}
    swap: dict[tuple, pikepdf.Object] = {}
    images = [o for o in pdf.objects if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == Name.Image]
    # Masks first: an image is the same as another only with the same mask.
    for image in sorted(images, key=lambda o: "/SMask" in o):
        key = _key(image, keys)
        keys[image.objgen] = key
        first = kept.setdefault(key, image)
        if first.objgen != image.objgen:
            swap[image.objgen] = first
    if not swap:
        return
    for image in images:
        mask = image.get("/SMask")
        if mask is not None and mask.objgen in swap:
            image.SMask = swap[mask.objgen]
    for holder in [*(page.obj for page in pdf.pages), *pdf.objects]:
        resources = holder.get("/Resources") if isinstance(holder, (Dictionary, pikepdf.Stream)) else None
        xobjects = resources.get("/XObject") if isinstance(resources, Dictionary) else None
        if not isinstance(xobjects, Dictionary):
            continue
        for name in list(xobjects.keys()):
            shown = xobjects[name]
            if shown.is_indirect and shown.objgen in swap:
                xobjects[name] = swap[shown.objgen]


def _key(image: pikepdf.Stream, keys: dict[tuple, str]) -> str:
    mask = image.get("/SMask")
    described = sorted((str(k), repr(v)) for k, v in image.items() if k not in _SKIP)
    digest = hashlib.sha256(image.read_raw_bytes())
    digest.update(repr(described).encode())
    digest.update((keys.get(mask.objgen, "") if mask is not None else "").encode())
    return digest.hexdigest()
