"""A translation cache on disk, so that translating an unchanged document again is nearly free.

Entries are keyed by the source sentence and by what produced the translation: the engine and
its model, the glossary's content, and this tool's version. SQLite keeps concurrent runs and
crashes safe."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from pathlib import Path

from glossary import __version__
from glossary.paths import cache_dir


def fingerprint(*parts: str | bytes | None) -> str:
    digest = hashlib.sha256()
    for part in (__version__, *parts):
        data = part if isinstance(part, bytes) else str(part).encode()
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()[:32]


class DiskCache:
    """A Memory backed by SQLite; `context` names the engine, model and glossary in use."""

    def __init__(self, context: str, path: Path | None = None):
        self.context = context
        self.path = path or cache_dir() / "translations.sqlite3"
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, str, str]] = []
        self._lock = threading.RLock()  # the editor's workers share one cache

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self._db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
                self._db.execute(
                    "CREATE TABLE IF NOT EXISTS tm (context TEXT, source TEXT, target TEXT,"
                    " PRIMARY KEY (context, source))"
                )
            except sqlite3.Error:
                self._db = None  # a cache that can't open is no cache, not an error
        return self._db

    def lookup(self, source: str) -> str | None:
        with self._lock:
            db = self._connect()
            if db is None:
                return None
            row = db.execute(
                "SELECT target FROM tm WHERE context = ? AND source = ?", (self.context, source)
            ).fetchone()
            return row[0] if row else None

    def store(self, source: str, target: str) -> None:
        with self._lock:
            self._pending.append((self.context, source, target))
            if len(self._pending) >= 256:
                self.flush()

    def flush(self) -> None:
        with self._lock:
            db = self._connect() if self._pending else None
            if db is not None:
                with db:
                    db.executemany("INSERT OR REPLACE INTO tm VALUES (?, ?, ?)", self._pending)
            self._pending.clear()

    def close(self) -> None:
        with self._lock:
            self.flush()
            if self._db is not None:
                self._db.close()
                self._db = None
