"""`sitegen serve`: a live preview that updates open browsers as files are saved.

    session.py  the loop: wait for changes, rebuild incrementally, tell the open tabs
    server.py   the site directory under its base path, the live-reload script, the event stream
    watcher.py  watchdog, with bursts of events handed over as one change
    reload.py   which tabs reload, stylesheets swapped in, the overlay of a failed rebuild
    live.js     the script injected into served pages (never into `sitegen build` output)
"""

from __future__ import annotations

from .session import Session, serve

__all__ = ["Session", "serve"]
