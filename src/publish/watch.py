"""`publish watch`: rebuild on save and serve the web edition on localhost with live reload.

On every change a child process that stays between builds, WeasyPrint and the fonts loaded
(publish.watch_child), builds the three editions: it reads the book once, puts the web edition
in place as soon as it is rendered (the page reloads then) and the print and ebook editions
when they are done. A newer change that finds it still building stops it (each edition is
replaced whole: a stopped build leaves the old files) and hands the new build to a spare
builder, started warm after the last build, so that the page reloads as quickly. The server
adds a small script to the HTML it sends (never to the built files): it listens for
Server-Sent Events and reloads the page when a new web edition is in place. A failed build
leaves the last good pages served, with the error shown over them.
"""

from __future__ import annotations

import html
import json
import logging
import os
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from publish.errors import PublishError

log = logging.getLogger("publish")

EVENTS_PATH = "/__publish/events"
HOST = "127.0.0.1"
KEEPALIVE_SECONDS = 10.0
WATCHED_OUTPUTS = ("build", "editions")  # written by builds and releases: never a reason to rebuild
SERIES_LOOK_MS = 300  # how often the series file, outside the folders watched, is looked at


@dataclass(frozen=True)
class Status:
    build: int  # increases with every finished build, good or failed
    error: str = ""  # the web edition's build error, shown over the page
    background_error: str = ""  # the print or ebook edition's


class State:
    """The latest build's status, shared by the builder and the request threads."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.status = Status(0)
        self.stopping = False

    def update(self, **fields) -> None:
        with self.changed:
            self.status = Status(self.status.build + 1, **{
                "error": self.status.error, "background_error": self.status.background_error, **fields})
            self.changed.notify_all()

    def wait_newer(self, build: int, timeout: float) -> Status:
        with self.changed:
            self.changed.wait_for(lambda: self.status.build != build or self.stopping, timeout)
            return self.status

    def stop(self) -> None:
        with self.changed:
            self.stopping = True
            self.changed.notify_all()


def reload_script(status: Status) -> str:
    """What the server adds before </body>: reload when a newer build than this page's is done."""
    overlay = ""
    message = "\n\n".join(m for m in (status.error, status.background_error) if m)
    if message:
        overlay = (
            '<div id="publish-watch-error" role="alert" style="position:fixed;inset:0;z-index:99999;'
            "overflow:auto;background:#2b0a0a;color:#fdd;font:15px/1.5 monospace;padding:2em;"
            'white-space:pre-wrap"><strong>publish watch: the build failed</strong>\n\n'
            f"{html.escape(message)}</div>"
        )
    return (
        f'{overlay}<script id="publish-watch">(function(){{var seen={status.build};'
        f'var events=new EventSource("{EVENTS_PATH}");'
        'events.onmessage=function(e){if(JSON.parse(e.data).build!==seen){events.close();location.reload();}};'
        "})();</script>"
    )


def inject(page: bytes, status: Status) -> bytes:
    script = reload_script(status).encode()
    at = page.rfind(b"</body>")
    return page[:at] + script + page[at:] if at >= 0 else page + script


def error_page(status: Status) -> bytes:
    """Served when there is no web edition yet: the error, or a note that the build runs."""
    text = "Building the web edition…" if not (status.error or status.background_error) else ""
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>publish watch</title></head>'
            f"<body><p>{text}</p>{reload_script(status)}</body></html>").encode()


def handler_for(site: Path, state: State) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, directory=str(site), **kwargs)

        def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
            path = self.path.split("?", 1)[0].split("#", 1)[0]
            if path == EVENTS_PATH:
                return self._events()
            local = Path(self.translate_path(path))
            if local.is_dir():
                if not path.endswith("/"):
                    return super().do_GET()  # the redirect to the folder's "/"
                local = local / "index.html"
            if local.suffix == ".html" or not site.is_dir():
                return self._page(local)
            return super().do_GET()

        def _page(self, local: Path) -> None:
            status = state.status
            if local.is_file():
                body, code = inject(local.read_bytes(), status), HTTPStatus.OK
            elif not site.is_dir():
                body, code = error_page(status), HTTPStatus.SERVICE_UNAVAILABLE
            else:
                return self.send_error(HTTPStatus.NOT_FOUND)
            self.send_response(code)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            seen = -1
            try:
                while not state.stopping:
                    status = state.wait_newer(seen, KEEPALIVE_SECONDS)
                    if status.build != seen:
                        seen = status.build
                        self.wfile.write(f"data: {json.dumps({'build': seen})}\n\n".encode())
                    else:
                        self.wfile.write(b": still here\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass  # the page went away

        def end_headers(self) -> None:
            self.send_header("Cache-Control", "no-store")  # always the latest build
            super().end_headers()

        def log_message(self, format: str, *args) -> None:  # noqa: A002 (http.server's name)
            log.debug("%s - %s", self.address_string(), format % args)

    return Handler


class Watcher:
    """Builds the project on every change, in a child process kept between builds."""

    def __init__(self, project: Path, out: Path, state: State) -> None:
        self.project = project
        self.out = out
        self.state = state
        self.child: subprocess.Popen | None = None
        self.spare: subprocess.Popen | None = None  # started warm after a build, for when a save stops one
        self.busy = False  # the child was asked for a build and has not answered yet
        self.web_written = False  # by the build asked for last
        self.child_lock = threading.Lock()

    def rebuild(self) -> None:
        with self.child_lock:
            busy = self.busy
        if busy:  # building what is now out of date
            self.stop_background()
        self.build_background()

    def build_background(self) -> None:
        """Ask the child for a build, starting it when there is none."""
        with self.child_lock:
            if self.child is None or self.child.poll() is not None:
                spare, self.spare = self.spare, None
                self.child = spare if spare is not None and spare.poll() is None else self._start_child()
            try:
                self.child.stdin.write("build\n")
                self.child.stdin.flush()
                self.busy, self.web_written = True, False
            except OSError:  # it died meanwhile: the next change starts another
                self.child = None

    def _start_child(self) -> subprocess.Popen:
        command = [sys.executable, "-m", "publish.watch_child", "build", str(self.project), str(self.out)]
        child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, start_new_session=True, env=_child_env())
        threading.Thread(target=self._pass_on, args=(child,), daemon=True).start()
        threading.Thread(target=self._follow, args=(child,), daemon=True).start()
        return child

    def _pass_on(self, child: subprocess.Popen) -> None:
        """The child's messages to our terminal, but for the last words of one we stopped."""
        for line in child.stderr or ():
            if self.child is child:
                sys.stderr.write(line)
                sys.stderr.flush()

    def _follow(self, child: subprocess.Popen) -> None:
        """Each word of the child: the web edition in place reloads the page; a failed build's
        message goes over it (over the new page when only the print or ebook edition failed),
        a good build clears it."""
        for line in child.stdout or ():
            try:
                answer = json.loads(line)
            except ValueError:
                continue
            with self.child_lock:
                if self.child is not child:  # stopped by us: its result does not matter
                    return
                if "written" in answer:
                    self.web_written = True
                else:
                    self.busy = False
                    if self.spare is None or self.spare.poll() is not None:
                        self.spare = self._start_child()  # now, as the machine is idle
                web_written = self.web_written
            if "written" in answer:
                self.state.update(error="")
                continue
            failed = answer.get("said", "").strip() if answer.get("code") else ""
            if failed and web_written:
                self.state.update(background_error=f"print and ebook editions: {failed}")
            elif failed:
                self.state.update(error=failed, background_error="")
            elif self.state.status.error or self.state.status.background_error:
                self.state.update(error="", background_error="")
        code = child.wait()
        with self.child_lock:
            if self.child is not child:
                return
            crashed, web_written = self.busy, self.web_written  # ended without answering
            self.child, self.busy = None, False  # ended by itself (its memory, a crash): the next build starts one
        if crashed and web_written:
            self.state.update(background_error=f"print and ebook editions: the build stopped (exit status {code})")
        elif crashed:
            self.state.update(error=f"the build stopped (exit status {code})")

    def stop_background(self, spare_too: bool = False) -> None:
        with self.child_lock:
            child, self.child, self.busy = self.child, None, False
            spare = self.spare if spare_too else None
        for process in (child, spare):
            if process and process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)  # its own session: the builder and its helpers
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()


def _child_env() -> dict[str, str]:
    """The child finds this same publish, also when it runs from a source checkout."""
    env = dict(os.environ)
    source = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (source, env.get("PYTHONPATH", "")) if p)
    return env


def watch(project: Path, port: int = 8000, out: Path | None = None) -> None:
    """Build, serve and rebuild on every change until Ctrl-C."""
    import watchfiles

    project = project.resolve()
    if not project.is_dir():
        raise PublishError("project folder does not exist", file=project)
    from publish.metadata import load_metadata
    from publish.project import manuscript_dir

    if not (manuscript_dir(project) / "book.yaml").is_file():  # no book here: not an error to wait out
        load_metadata(manuscript_dir(project) / "book.yaml")
    out = (out or project / "build").resolve()
    state = State()
    try:
        server = ThreadingHTTPServer((HOST, port), handler_for(out / "html", state))
    except OSError as exc:
        raise PublishError(f"cannot serve on port {port}: {exc.strerror}", key="--port",
                           hint="choose another port with --port N (0 picks a free one)") from None
    server.daemon_threads = True
    server.block_on_close = False  # Ctrl-C does not wait on a reader's open connection
    watcher = Watcher(project, out, state)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    stop = threading.Event()
    # `kill` stops as cleanly as Ctrl-C, child included; and Ctrl-C is heard even when started
    # with SIGINT ignored (a background job of a script), where Python sets no handler of its own.
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        serving.start()
        print(f"Serving the web edition at http://{HOST}:{server.server_address[1]}/ (Ctrl-C stops)",
              file=sys.stderr, flush=True)
        watcher.rebuild()
        series = SeriesFile(project)
        for changes in watchfiles.watch(*_watched(project), watch_filter=_filter(project, out),
                                        stop_event=stop, debounce=300, step=50,
                                        rust_timeout=SERIES_LOOK_MS, yield_on_timeout=True):
            if changes:
                names = sorted({Path(p).name for _, p in changes if Path(p).exists()})  # not editors' temporaries
                log.info("changed: %s", ", ".join(names) or "files removed")
            elif series.changed():
                log.info("changed: %s", series.path)
            else:
                continue
            watcher.rebuild()
            series.follow()  # book.yaml may name another series file now
    except KeyboardInterrupt:
        _forget_interrupt()
    finally:
        stop.set()
        state.stop()
        watcher.stop_background(spare_too=True)
        server.shutdown()
        server.server_close()
    print("stopped watching", file=sys.stderr, flush=True)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _forget_interrupt() -> None:
    """CPython marks a KeyboardInterrupt raised in code run by exec() (a dataclass being made
    while a module loads, as Ctrl-C lands during the first build) as unhandled even once it
    is caught, and then ends the process by SIGINT at exit. The next exec() clears the mark."""
    exec("")  # noqa: S102 — nothing is run


class SeriesFile:
    """The series file a volume belongs to (book.yaml's `series.file`, which gives "Also in this
    series"), most often beside the volumes, outside the folders watched: its size and time are
    looked at between changes, as an editor saving it by renaming a new file over it would
    leave a watch on the file itself blind."""

    def __init__(self, project: Path) -> None:
        self.project = project
        self.follow()

    def follow(self) -> None:
        self.path = _series_path(self.project)
        self.seen = _stat(self.path)

    def changed(self) -> bool:
        now = _stat(self.path)
        changed, self.seen = now != self.seen, now
        return changed


def _series_path(project: Path) -> Path | None:
    """book.yaml's series file when it lies outside the folders watched; None without one (or
    while book.yaml cannot be read: the build says why)."""
    import yaml

    from publish.project import manuscript_dir

    try:
        manuscript = manuscript_dir(project)
        meta = yaml.safe_load((manuscript / "book.yaml").read_text(encoding="utf-8"))
        path = (manuscript / meta["series"]["file"]).resolve()
    except (OSError, ValueError, TypeError, KeyError, AttributeError, yaml.YAMLError, PublishError):
        return None
    return None if any(path.is_relative_to(folder) for folder in _watched(project)) else path


def _stat(path: Path | None) -> tuple[int, int, int] | None:
    try:
        found = path.stat() if path else None
    except OSError:
        return None
    return (found.st_mtime_ns, found.st_size, found.st_ino) if found else None


def _watched(project: Path) -> list[Path]:
    folders = [project / name for name in ("manuscript", "styles") if (project / name).is_dir()]
    return folders or [project]


def _filter(project: Path, out: Path):
    import watchfiles

    skipped = [out, *(project / name for name in WATCHED_OUTPUTS)]
    default = watchfiles.DefaultFilter()

    def wanted(change, path: str) -> bool:
        where = Path(path)
        if any(where.is_relative_to(s) for s in skipped) or where.name.startswith((".", "~")):
            return False
        return default(change, path)

    return wanted
