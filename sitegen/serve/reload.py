"""Live reload: the browsers watching the preview, told what changed over Server-Sent Events.

Each browser tab opens `/__sitegen/events?path=<its URL path>`, so the broker knows which site file
it shows and tells it to reload only when that file changed (or, on a 404 page, when files were
added). A changed stylesheet is swapped in without a reload; a failed rebuild shows an overlay in
every tab until a rebuild succeeds. The client script is `live.js`, injected into HTML responses
of `sitegen serve` only.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import uuid
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path

log = logging.getLogger(__name__)

SCRIPT_PATH = "/__sitegen/live.js"
EVENTS_PATH = "/__sitegen/events"
SCRIPT = (Path(__file__).parent / "live.js").read_bytes()
TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
HEARTBEAT = 15.0
"""Seconds between keep-alive comments, which also find out that a tab has gone."""
CLOSED = None
"""Put in a client's queue to end its stream."""


def inject(html: bytes) -> bytes:
    """The page with the live-reload script before `</head>` (or at its end when it has no head)."""
    at = html.find(b"</head>")
    return html + TAG if at < 0 else html[:at] + TAG + html[at:]


@dataclass(slots=True, eq=False)
class Client:
    """One open browser tab."""

    file: str
    """The site file it shows (`2024/09/20/index.html`)."""
    missing: bool
    """It shows the 404 page: no such file (yet)."""
    events: queue.Queue[bytes | None] = field(default_factory=queue.Queue)


@dataclass(slots=True, frozen=True)
class Failure:
    """A failed rebuild, as the overlay shows it."""

    message: str
    where: str = ""
    """`file:line` at fault, when the message names one."""


class Broker:
    """Tells every open tab what the last rebuild changed."""

    def __init__(self) -> None:
        self.server = uuid.uuid4().hex
        """Changes when the server restarts, so that tabs reload then."""
        self._clients: set[Client] = set()
        self._lock = threading.Lock()
        self._failure: Failure | None = None
        self._closed = False
        self._reloading: set[str] = set()
        """Files tabs were told to reload and have not shown again yet."""
        self._shown = threading.Condition(self._lock)

    def connect(self, file: str, missing: bool) -> Client:
        """Register a tab; it first hears who the server is and whether the last rebuild failed."""
        client = Client(file, missing)
        client.events.put(message("hello", {"server": self.server}))
        with self._lock:
            if self._failure is not None:
                client.events.put(message("failed", _failure(self._failure)))
            if self._closed:
                client.events.put(CLOSED)
            self._clients.add(client)
            self._reloading.discard(file)
            self._shown.notify_all()
        return client

    def disconnect(self, client: Client) -> None:
        """Forget a tab that went away."""
        with self._lock:
            self._clients.discard(client)

    def stream(self, client: Client) -> Iterator[bytes]:
        """The messages for one tab, with heartbeats, until the broker closes."""
        while True:
            try:
                item = client.events.get(timeout=HEARTBEAT)
            except queue.Empty:
                item = b": keep-alive\n\n"
            if item is CLOSED:
                return
            yield item

    @property
    def open_files(self) -> set[str]:
        """Site files shown in some tab: rebuilt first."""
        with self._lock:
            return {c.file for c in self._clients}

    def changed(self, files: Collection[str], added: bool = False) -> None:
        """Reload the tabs showing one of these files (and 404 tabs when files were added)."""
        told = self._send(message("reload", {}), lambda c: c.file in files or (added and c.missing))
        with self._lock:
            self._reloading |= {c.file for c in told}

    def reloaded(self, timeout: float) -> bool:
        """Wait until every tab told to reload has shown its page again (its script connected anew),
        at most timeout seconds; False when some had not."""
        with self._shown:
            done = self._shown.wait_for(lambda: not self._reloading or self._closed, timeout)
            self._reloading.clear()
            return done

    def moved(self, moves: dict[str, str]) -> None:
        """Send the tabs showing a page that moved to its new URL: {old file: new URL path}."""
        with self._lock:
            for client in self._clients:
                if client.file in moves:
                    client.events.put(message("moved", {"href": moves[client.file]}))

    def stylesheets(self, sheets: list[dict[str, str]]) -> None:
        """Swap changed stylesheets in every tab: [{path, href}]."""
        self._send(message("css", {"sheets": sheets}), lambda c: True)

    def failed(self, failure: Failure) -> None:
        """Show the overlay in every tab."""
        with self._lock:
            self._failure = failure
        self._send(message("failed", _failure(failure)), lambda c: True)

    def fixed(self) -> None:
        """Remove the overlay, if it is shown."""
        with self._lock:
            was, self._failure = self._failure, None
        if was is not None:
            self._send(message("fixed", {}), lambda c: True)

    @property
    def failure(self) -> Failure | None:
        return self._failure

    def close(self) -> None:
        """End every stream (the server is stopping)."""
        with self._lock:
            self._closed = True
            for client in self._clients:
                client.events.put(CLOSED)
            self._shown.notify_all()

    def _send(self, data: bytes, to) -> list[Client]:  # type: ignore[no-untyped-def]
        """Put the message in the queues of the clients `to` chooses; those clients."""
        with self._lock:
            told = [client for client in self._clients if to(client)]
            for client in told:
                client.events.put(data)
        return told


def message(event: str, data: dict[str, object]) -> bytes:
    """One Server-Sent Event."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n".encode()


def _failure(failure: Failure) -> dict[str, object]:
    return {"message": failure.message, "where": failure.where}
