"""The Jinja2 templates of styles/templates/: an editor's mistake in one is a PublishError
naming the file, its line and what to do, never a traceback."""

from __future__ import annotations

import difflib
import re
import traceback
from collections.abc import Iterable
from pathlib import Path

import jinja2

from publish.cache import Cache, digest, sha256
from publish.errors import PublishError

PARSED = "template-parsed"  # cache kind: a template that parsed, by its contents
HINT = "correct the template; the default one is styles/templates/{name} in the publish source"
# "'publish.model.BookMetadata object' has no attribute 'titel'": the object as the template names it.
_OBJECT = re.compile(r"'(?:[\w.]+\.)?(\w+) object'")
_MISSING = re.compile(r"(\w+) has no attribute '(\w+)'")


def environment(folders: Iterable[Path]) -> jinja2.Environment:
    """Templates found in `folders` (the first that has one wins); a name not given to them is
    an error, not an empty string."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(f) for f in folders]), autoescape=True,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
    )


def check_templates(folder: Path, cache: Cache | None = None) -> None:
    """Every template in `folder` parses: a tag left open in one the book does not use yet
    (dedication.html, before book.yaml has a dedication) would stop a build only later. One
    that parsed before, unchanged, is not parsed again (`cache`)."""
    env = environment([folder])
    cache = cache or Cache(None)
    for path in sorted(folder.glob("*.html")):
        raw = path.read_bytes()
        key = digest(path.name, sha256(raw), jinja2.__version__)
        if cache.get_json(PARSED, key) is not None:
            continue
        try:
            env.parse(raw.decode("utf-8"), name=path.name, filename=str(path))
            cache.put_json(PARSED, key, True)
        except UnicodeDecodeError as exc:
            raise PublishError(f"not valid UTF-8 (byte {raw[exc.start]:#x})", file=path,
                               line=raw[:exc.start].count(b"\n") + 1, hint="save the template as UTF-8") from None
        except jinja2.TemplateSyntaxError as exc:
            raise template_error(exc, path.name, {}) from None


def render(env: jinja2.Environment, name: str, context: dict) -> str:
    try:
        return env.get_template(name).render(context)
    except jinja2.TemplateNotFound as exc:
        folder = Path(env.loader.searchpath[0]) if isinstance(env.loader, jinja2.FileSystemLoader) else Path()
        raise PublishError("template is missing", file=folder / exc.name,
                           hint="copy it from the default styles in the publish source") from None
    except UnicodeDecodeError as exc:  # Jinja reads templates as UTF-8; its own words named no file
        folders = env.loader.searchpath if isinstance(env.loader, jinja2.FileSystemLoader) else []
        file = next((Path(f) / name for f in folders if (Path(f) / name).is_file()), Path(name))
        raise PublishError(f"not valid UTF-8 (byte {exc.object[exc.start]:#x})", file=file,
                           line=exc.object[:exc.start].count(b"\n") + 1, hint="save the template as UTF-8") from None
    except Exception as exc:  # noqa: BLE001  an editor's template can raise anything Python can
        raise template_error(exc, name, context) from None


def template_error(exc: Exception, name: str, context: dict) -> PublishError:
    """The error as the editor can act on it: the template file and line where it arose (from
    the syntax error, or from the template's frame in the traceback, which Jinja gives the
    template's own lines) and what to do."""
    file, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not isinstance(exc, jinja2.TemplateSyntaxError):
        file, line = _template_frame(exc) or (file, None)
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    hint = HINT.format(name=Path(file or name).name)
    if isinstance(exc, jinja2.UndefinedError):
        names = {type(value).__name__: key for key, value in context.items()}
        message = _OBJECT.sub(lambda m: names.get(m[1], m[0]), message)
        hint = f"a template can use: {', '.join(sorted(context))} (docs/guide.md, 'Changing the look')"
        if (missing := _MISSING.match(message)) and missing[1] in context:
            known = [n for n in dir(context[missing[1]]) if not n.startswith("_")]
            close = difflib.get_close_matches(missing[2], known, n=1)
            if close:
                hint = f"did you mean {missing[1]}.{close[0]}? " + hint
    return PublishError(f"template error: {message}", file=file or name, line=line, hint=hint)


def _template_frame(exc: Exception) -> tuple[str, int] | None:
    """The innermost frame of a template's code: Jinja rewrites them to the template's file and line."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xhtml", ".j2")) and Path(frame.filename).is_file():
            return frame.filename, frame.lineno
    return None
