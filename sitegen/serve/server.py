"""The preview's web server: the site directory under its base path, as GitHub Pages serves it.

Only files inside the site are served: a request path is percent-decoded, may not hold `.` or
`..` segments, and must resolve inside the site directory; a directory is served as its
`index.html` (redirected to its trailing-slash URL first), never listed; anything else is the
site's 404 page with status 404. HTML responses get the live-reload script; everything is sent
with `Cache-Control: no-store`, so a reload always shows the latest build — except an asset asked for
by its fingerprint (`style.css?v=…`) that matches its bytes, which never changes and is cached, so
that a reload fetches the page alone.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import mimetypes
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from ..errors import SitegenError
from ..render.theme import fingerprint
from .doubts import Doubts
from .reload import EVENTS_PATH, SCRIPT, SCRIPT_PATH, Broker, inject

log = logging.getLogger(__name__)

TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
    ".json": "application/json", ".xml": "application/xml; charset=utf-8", ".txt": "text/plain; charset=utf-8",
    ".svg": "image/svg+xml", ".wasm": "application/wasm", ".webmanifest": "application/manifest+json",
}


MAX_CONNECTIONS = 512
"""Connections served at once (open tabs hold one each); more are closed at once, so that clients that
never finish a request cannot make the server start threads until it runs out of memory."""
THREAD_STACK = 1024 * 1024
"""Stack of each connection's thread (not the 8 MB default): 512 connections reserve 512 MB at most."""
MAX_PATH = 4096
"""Longest request path answered (longer: 414); no site file has a path near it."""
NOT_BUILT = ("<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>sitegen serve</title>"
             "</head><body><p>网站尚未生成（the site has not been built yet）。</p></body></html>\n").encode()
"""Served while there is no site at all: the live script in it shows why, and reloads once there is."""


class PreviewServer(ThreadingHTTPServer):
    """Serves one site directory under base_path, with live reload."""

    daemon_threads = False
    block_on_close = True
    """server_close() waits for every request thread: a stopped server leaves no thread behind."""
    request_queue_size = 128
    """Connections the system queues before they are accepted (socketserver's default is 5)."""

    def __init__(self, host: str, port: int, root: Path, base_path: str, broker: Broker) -> None:
        self.root = root.resolve()
        self.base_path = base_path
        self.broker = broker
        self.doubts = Doubts({})
        """The parser's doubts, added to the pages they concern as they are served."""
        self._open: set[socket.socket] = set()
        """Connections being served (an idle keep-alive one included)."""
        self._open_lock = threading.Lock()
        try:
            super().__init__((host, port), Handler)
        except OSError as exc:
            raise SitegenError(_bind_problem(host, port, exc)) from None

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        with self._open_lock:
            full = len(self._open) >= MAX_CONNECTIONS
            if not full:
                self._open.add(request)
        if full:
            log.debug("%s: %d connections open; closed at once", client_address[0], MAX_CONNECTIONS)
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def handle_error(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        """What a client does (closing mid-request, resetting, sending garbage) is its own business: a
        line in the debug log, never a traceback. Anything else is a bug of ours: one line, and the
        traceback in the debug log."""
        error = sys.exc_info()[1]
        if isinstance(error, OSError):
            log.debug("%s: connection ended: %s", client_address[0], error)
        else:
            log.error("error: serving a request from %s failed: %s: %s (a bug in sitegen; --debug shows more)",
                      client_address[0], type(error).__name__, error)
            log.debug("the request's traceback", exc_info=error)

    def shutdown_request(self, request) -> None:  # type: ignore[no-untyped-def]
        with self._open_lock:
            self._open.discard(request)
        super().shutdown_request(request)

    def server_close(self) -> None:
        """Stop listening, end every open connection (a thread waiting for the next request on an idle
        one would otherwise wait out its timeout), and wait for the request threads."""
        with self._open_lock:
            for connection in self._open:
                with contextlib.suppress(OSError):
                    connection.shutdown(socket.SHUT_RDWR)
        super().server_close()

    @property
    def url(self) -> str:
        """Where the site is: `http://127.0.0.1:8000/paper/`."""
        host, port = str(self.server_address[0]), self.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}{self.base_path}"

    def site_file(self, url_path: str) -> tuple[str, bool]:
        """The site file a URL path shows, and whether it is missing (a 404 page)."""
        if not url_path.startswith(self.base_path):
            return "", True
        relative = url_path[len(self.base_path):]
        file = relative + "index.html" if relative == "" or relative.endswith("/") else relative
        return file, self.resolve(relative) is None

    def resolve(self, relative: str) -> Path | None:
        """The file or directory a site path names, if it is inside the site."""
        parts = relative.split("/")
        if any(p in (".", "..") or "\\" in p or "\0" in p for p in parts):
            return None
        try:
            target = (self.root / relative).resolve()
            if not target.is_relative_to(self.root) or not target.exists():
                return None
        except OSError:  # a name too long for the file system, a loop of links: no such page
            return None
        return target


def _bind_problem(host: str, port: int, exc: OSError) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"{host}:{port} is already in use (another `sitegen serve`?); choose another with --port"
    if exc.errno == errno.EADDRNOTAVAIL or isinstance(exc, socket.gaierror):
        return f"cannot listen on {host}: no such address on this machine"
    if exc.errno == errno.EACCES:
        return f"{host}:{port}: permission denied (ports below 1024 need privileges); choose another with --port"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD of site files, the live-reload script and the event stream."""

    server: PreviewServer
    server_version = "sitegen-serve"
    timeout = 60

    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        self._handle(body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - the stdlib's name
        self._handle(body=False)

    def _handle(self, body: bool) -> None:
        url = urlsplit(self.path)
        path = unquote(url.path, errors="strict") if _decodes(url.path) else None
        if len(url.path) > MAX_PATH:
            self._send(HTTPStatus.REQUEST_URI_TOO_LONG, b"request path too long\n", "text/plain; charset=utf-8", body)
        elif path is None:
            self._send(HTTPStatus.BAD_REQUEST, b"bad request path\n", "text/plain; charset=utf-8", body)
        elif path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, SCRIPT, TYPES[".js"], body)
        elif path == EVENTS_PATH and body:
            self._events(parse_qs(url.query).get("path", [""])[0])
        elif not path.startswith(self.server.base_path):
            self._outside(path, body)
        else:
            self._file(path, url.query, body)

    def _outside(self, path: str, body: bool) -> None:
        """The root of a site served under a subpath redirects there; anything else is not found."""
        base = self.server.base_path
        if path in ("/", base.rstrip("/")):
            self._redirect(base)
        else:
            self._not_found(body)

    def _file(self, path: str, query: str, body: bool) -> None:
        relative = path[len(self.server.base_path):]
        target = self.server.resolve(relative)
        if target is not None and target.is_dir():
            if relative and not relative.endswith("/"):
                self._redirect(path + "/")
                return
            target = target / "index.html" if (target / "index.html").is_file() else None
        if target is None or not target.is_file():
            self._not_found(body)
            return
        data = target.read_bytes()
        if target.suffix == ".html":
            data = self.server.doubts.annotate(target.relative_to(self.server.root).as_posix(), data)
        self._send(HTTPStatus.OK, data, _type(target), body, cache=_fingerprinted(query, data))

    def _not_found(self, body: bool) -> None:
        """The site's 404 page; before the first good build, a page that can show why there is none."""
        page = self.server.root / "404.html"
        data = page.read_bytes() if page.is_file() else NOT_BUILT
        self._send(HTTPStatus.NOT_FOUND, data, TYPES[".html"], body)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send(self, status: HTTPStatus, data: bytes, content_type: str, body: bool, cache: bool = False) -> None:
        if content_type.startswith("text/html"):
            data = inject(data)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "max-age=31536000, immutable" if cache else "no-store")
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self, page: str) -> None:
        """The event stream of one tab, until it goes or the server stops."""
        broker = self.server.broker
        client = broker.connect(*self.server.site_file(page))
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        try:
            for chunk in broker.stream(client):
                self.wfile.write(chunk)
                self.wfile.flush()
        except OSError:
            pass
        finally:
            broker.disconnect(client)
            self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        log.debug("%s %s", self.address_string(), format % args)


def _fingerprinted(query: str, data: bytes) -> bool:
    """Asked for by the fingerprint of exactly these bytes (`?v=…`, as pages link assets)."""
    return parse_qs(query).get("v") == [fingerprint(data)]


def _decodes(path: str) -> bool:
    try:
        unquote(path, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def _type(path: Path) -> str:
    return TYPES.get(path.suffix) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
