"""One embedded copy of each picture in a PDF assembled from parts.

Each part embeds the pictures it shows: a map printed in two chapters (or a picture of the
front matter shown again in the back) came in once per part. Pictures of the same bytes and
the same dictionary are made one object, and every page and form that shows one shows it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pikepdf
from pikepdf import Dictionary, Name

_SKIP = {"/Length", "/SMask"}  # the length follows the bytes; a mask is compared by its own key


def share_images(pdf: pikepdf.Pdf) -> None:
    """Every picture drawn from one copy of its bytes (the others are not written)."""
    holders = list(_xobject_dicts(pdf))
    images = {x.objgen: x for held in holders for x in held.values()
              if x.is_indirect and x.get("/Subtype") == Name.Image}
    if len(images) < 2:
        return
    masks = {m.objgen: m for m in (i.get("/SMask") for i in images.values()) if m is not None and m.is_indirect}
    keys: dict[tuple, str] = {}
    kept: dict[str, pikepdf.Object] = {}
    swap: dict[tuple, pikepdf.Object] = {}
    for objgen, image in [*masks.items(), *images.items()]:  # masks first: an image's key holds its mask's
        keys[objgen] = key = _key(image, keys)
        first = kept.setdefault(key, image)
        if first.objgen != objgen:
            swap[objgen] = first
    for image in images.values():
        mask = image.get("/SMask")
        if mask is not None and mask.objgen in swap:
            image.SMask = swap[mask.objgen]
    for held in holders:
        for name in list(held.keys()):
            if held[name].objgen in swap:
                held[name] = swap[held[name].objgen]


def _xobject_dicts(pdf: pikepdf.Pdf) -> Iterator[Dictionary]:
    """The /XObject dictionaries of the pages' resources and of the forms they draw, each once
    (a part's pages share one)."""
    seen: set[tuple] = set()
    todo = [page.obj.get("/Resources") for page in pdf.pages]
    while todo:
        resources = todo.pop()
        if not isinstance(resources, Dictionary) or (resources.is_indirect and resources.objgen in seen):
            continue
        seen.add(resources.objgen)
        held = resources.get("/XObject")
        if not isinstance(held, Dictionary) or (held.is_indirect and held.objgen in seen):
            continue
        seen.add(held.objgen)
        yield held
        todo += [x.get("/Resources") for x in held.values() if x.get("/Subtype") == Name.Form]


def _key(image: pikepdf.Stream, keys: dict[tuple, str]) -> str:
    mask = image.get("/SMask")
    described = sorted((str(k), repr(v)) for k, v in image.items() if k not in _SKIP)
    digest = hashlib.sha256(image.read_raw_bytes())
    digest.update(repr(described).encode())
    digest.update((keys.get(mask.objgen, "") if mask is not None else "").encode())
    return digest.hexdigest()
