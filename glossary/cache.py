"""A translation cache on disk, so that translating an unchanged document again is nearly free.

Entries are keyed by the source sentence and by what produced the translation: the engine and
its model, the glossary's content, and this tool's version. SQLite in WAL mode lets several
runs read and write one cache at once. The cache is only ever a shortcut: whatever is wrong
with it (damaged, another program's or another version's file, read-only, locked, its folder a
file) costs one warning, never the run and never a wrong translation."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from glossary import __version__
from glossary.paths import set_aside

FILE_NAME = "translations.sqlite3"
APPLICATION_ID = 0x676C6F73  # "glos": PRAGMA application_id marks the file as this tool's cache
SCHEMA = 2  # PRAGMA user_version: the layout below; a file with another number is not read
TIMEOUT = 5.0  # seconds to wait for another run's write before giving up on the cache
COLUMNS = ["context", "source", "target", "digest"]
CREATE = (
    "CREATE TABLE IF NOT EXISTS tm (context TEXT NOT NULL, source TEXT NOT NULL,"
    " target TEXT NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (context, source)) WITHOUT ROWID"
)

# What an SQLite error means for the cache (primary result codes).
_DAMAGED = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_LOCKED = {5, 6}  # SQLITE_BUSY, SQLITE_LOCKED
_READ_ONLY = {8}  # SQLITE_READONLY


def fingerprint(*parts: str | bytes | None) -> str:
    digest = hashlib.sha256()
    for part in (__version__, *parts):
        data = part if isinstance(part, bytes) else str(part).encode()
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()[:32]


def _digest(context: str, source: str, target: str) -> str:
    """Binds a target to its key: a damaged page or index can then never hand one sentence's
    translation to another."""
    data = "\0".join((context, source, target)).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(data, digest_size=8).hexdigest()


def _storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: SQLite cannot hold them
        return False
    return True


class _Unusable(Exception):
    """The cache file cannot serve this run; `aside` says whether to move it aside."""

    def __init__(self, reason: str, aside: str | None = None):
        super().__init__(reason)
        self.aside = aside  # "damaged" or "incompatible"


class CacheFile:
    """The SQLite file every DiskCache of one service shares, opened at first use. States:
    open (read and write), read-only (read, new entries dropped) and off (no cache)."""

    def __init__(self, path: Path, warn: Callable[[str], None]):
        self.path = path
        self._warn = warn
        self._db: sqlite3.Connection | None = None
        self._inode: tuple[int, int] | None = None  # the file opened, to move aside only it
        self._lock = threading.RLock()  # the editor's workers share one cache
        self.off = False
        self.read_only = False
        self._said_read_only = False
        self._folder_writable = True
        self._set_aside = 0

    # Opening ---------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self.off:
            self._open()
        return self._db

    def _open(self) -> None:
        folder = self.path.parent
        try:
            if folder.exists() and not folder.is_dir():
                return self._turn_off(f"cache folder {folder} is a file")
            folder.mkdir(parents=True, exist_ok=True)
            if not folder.is_dir():
                return self._turn_off(f"cache folder {folder} is not a folder")
            if self.path.is_dir() or (self.path.exists() and not self.path.is_file()):
                return self._turn_off(f"cache {self.path} is not a file")
            self._folder_writable = os.access(folder, os.W_OK)
            if not self._folder_writable or (
                self.path.exists() and not os.access(self.path, os.W_OK)
            ):
                if not self.path.exists():
                    return self._turn_off(f"cache folder {folder} is read-only")
                self.read_only = True  # said once reading it is known to work
        except OSError as e:
            return self._turn_off(f"cache folder {folder} is unusable ({e.strerror or e})")
        try:
            self._db = self._connect()
            self._check(self._db)
        except (sqlite3.Error, _Unusable) as e:
            self._close()
            self._failed(e)
            return
        if self.read_only:
            self._say_read_only()

    def _connect(self) -> sqlite3.Connection:
        if self.read_only:
            # In a read-only folder SQLite cannot make the files WAL reading needs; nothing
            # can write there either, so the file is read as it is.
            mode = "?mode=ro" if self._folder_writable else "?mode=ro&immutable=1"
            uri = self.path.resolve().as_uri() + mode
            db = sqlite3.connect(uri, uri=True, timeout=TIMEOUT, check_same_thread=False)
        else:
            db = sqlite3.connect(self.path, timeout=TIMEOUT, check_same_thread=False)
        db.isolation_level = None  # transactions are explicit: BEGIN IMMEDIATE for writes
        stat = os.stat(self.path) if self.path.exists() else None
        self._inode = (stat.st_dev, stat.st_ino) if stat else None
        return db

    def _check(self, db: sqlite3.Connection) -> None:
        """Use the file if it is this tool's cache in this layout; make it if it is empty."""
        if self._tables(db) == [] and not self._header(db)[0]:
            if self.read_only:
                raise _Unusable("the cache is empty and read-only")
            self._create(db)
        app, version = self._header(db)
        columns = [row[1] for row in db.execute("PRAGMA table_info(tm)")]
        if app != APPLICATION_ID:
            older = columns == COLUMNS[:3]  # this tool's cache before layouts had a number
            why = "made by an older glossary" if older else "not a glossary cache"
            raise _Unusable(why, aside="incompatible")
        if version > SCHEMA:
            raise _Unusable(f"made by a newer glossary (cache layout {version})")
        if version < SCHEMA:
            raise _Unusable("made by an older glossary", aside="incompatible")
        if columns != COLUMNS:
            raise _Unusable("its table has other columns", aside="incompatible")
        if not self.read_only:
            db.execute("PRAGMA synchronous=NORMAL")  # WAL: a crash loses a batch, not the file
        if self.path.exists() and self._inode is None:
            stat = os.stat(self.path)
            self._inode = (stat.st_dev, stat.st_ino)

    @staticmethod
    def _tables(db: sqlite3.Connection) -> list[str]:
        return [row[0] for row in db.execute("SELECT name FROM sqlite_master")]

    @staticmethod
    def _header(db: sqlite3.Connection) -> tuple[int, int]:
        app = db.execute("PRAGMA application_id").fetchone()[0]
        return app, db.execute("PRAGMA user_version").fetchone()[0]

    def _create(self, db: sqlite3.Connection) -> None:
        try:
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for a writer
        except sqlite3.Error:
            pass  # some file systems have no WAL; the default journal is safe too
        db.execute("BEGIN IMMEDIATE")
        try:
            if self._tables(db) == []:  # another run may have made it meanwhile
                db.execute(CREATE)
                db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                db.execute(f"PRAGMA user_version = {SCHEMA}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    # Reading and writing ----------------------------------------------------------------

    def get(self, context: str, source: str) -> str | None:
        with self._lock:
            for _ in range(2):  # once more on a fresh file after moving a damaged one aside
                db = self._connection()
                if db is None:
                    return None
                try:
                    row = db.execute(
                        "SELECT target, digest FROM tm WHERE context = ? AND source = ?",
                        (context, source),
                    ).fetchone()
                except sqlite3.Error as e:
                    self._failed(e)
                    continue
                if row is None:
                    return None
                target, digest = row
                if isinstance(target, str) and digest == _digest(context, source, target):
                    return target
                self._failed(_Unusable("an entry does not match its checksum", aside="damaged"))
            return None

    def put(self, rows: Sequence[tuple[str, str, str]]) -> None:
        """Store (context, source, target) rows in one transaction."""
        with self._lock:
            values = [(*row, _digest(*row)) for row in rows if all(map(_storable, row))]
            for _ in range(2):
                db = self._connection()
                if db is None or self.read_only or not values:
                    return
                try:
                    db.execute("BEGIN IMMEDIATE")
                    db.executemany("INSERT OR REPLACE INTO tm VALUES (?, ?, ?, ?)", values)
                    db.execute("COMMIT")
                    return
                except sqlite3.Error as e:
                    if db.in_transaction:
                        try:
                            db.execute("ROLLBACK")
                        except sqlite3.Error:
                            pass
                    self._failed(e)

    def close(self) -> None:
        with self._lock:
            self._close()

    def _close(self) -> None:
        if self._db is not None:
            try:
                self._db.close()
            except sqlite3.Error:
                pass
            self._db = None

    # When something is wrong: one warning each, and the run goes on ----------------------

    def _failed(self, error: Exception) -> None:
        if isinstance(error, _Unusable):
            reason, aside = str(error), error.aside
        else:
            code = getattr(error, "sqlite_errorcode", None)
            code = code & 0xFF if code is not None else _code_from_message(str(error))
            reason = str(error)
            if code in _DAMAGED:
                aside = "damaged"
            elif code in _READ_ONLY:  # writable by its mode, not in fact (a read-only mount)
                self.read_only = True
                self._say_read_only()
                return
            elif code in _LOCKED:
                self._close()
                return self._turn_off(
                    f"cache {self.path} is locked by another program (waited {TIMEOUT:g} s)"
                )
            else:
                aside = None
        self._close()
        if aside is None or self._set_aside:  # damaged twice in one run: leave it be
            return self._turn_off(f"cache {self.path} is unusable ({reason})")
        try:
            moved = self._move_aside(aside)
        except OSError as e:
            return self._turn_off(
                f"cache {self.path} is {aside} ({reason}) and cannot be moved aside"
                f" ({e.strerror or e})"
            )
        self._set_aside += 1
        self.read_only = False
        if moved is None:  # another run replaced it already
            return
        self._warn(f"cache {self.path} is {aside} ({reason}): moved aside to {moved.name}")

    def _move_aside(self, why: str) -> Path | None:
        """Rename the file this cache opened (and its WAL) aside; None if it is not there."""
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            return None
        if self._inode is not None and (stat.st_dev, stat.st_ino) != self._inode:
            return None
        moved = set_aside(self.path, why)
        for extra in ("-wal", "-shm", "-journal"):
            companion = self.path.with_name(self.path.name + extra)
            if companion.exists():
                companion.rename(moved.with_name(moved.name + extra))
        return moved

    def _say_read_only(self) -> None:
        if not self._said_read_only:
            self._said_read_only = True
            self._warn(f"cache {self.path} is read-only: new translations are not kept")

    def _turn_off(self, message: str) -> None:
        self.off = True
        self._warn(f"{message}: translating without the cache")


def _code_from_message(message: str) -> int | None:
    """Python before 3.11 gives no error code: the messages SQLite uses for them."""
    known = {
        "malformed": 11,
        "not a database": 26,
        "locked": 5,
        "readonly": 8,
    }
    return next((code for text, code in known.items() if text in message), None)


class DiskCache:
    """A Memory backed by the cache file; `context` names the engine, model and glossary."""

    def __init__(self, context: str, file: CacheFile):
        self.context = context
        self.file = file
        self._pending: list[tuple[str, str, str]] = []
        self._lock = threading.RLock()

    def lookup(self, source: str) -> str | None:
        return self.file.get(self.context, source)

    def store(self, source: str, target: str) -> None:
        with self._lock:
            self._pending.append((self.context, source, target))
            if len(self._pending) >= 256:
                self.flush()

    def flush(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
            if pending:
                self.file.put(pending)

    def close(self) -> None:
        self.flush()
