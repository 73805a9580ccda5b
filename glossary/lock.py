"""A lock file beside a project, so that two editors never write over each other's work: the
first takes it (created atomically, it says who: pid, host, user, start time), a second opens
read-only. A lock left by an editor that was killed is seen to be stale and taken over."""

from __future__ import annotations

import atexit
import getpass
import json
import os
import socket
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

UNREADABLE_GRACE = 5.0  # seconds a lock file may stay empty or garbled (its writer is at work)


@dataclass(frozen=True)
class Holder:
    """Who holds a lock."""

    pid: int
    host: str
    user: str
    started: float  # seconds since the epoch

    @classmethod
    def me(cls) -> Holder:
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no name for this uid (a container)
            user = str(os.getuid()) if hasattr(os, "getuid") else "?"
        return cls(os.getpid(), socket.gethostname(), user, time.time())

    def describe(self) -> str:
        since = datetime.fromtimestamp(self.started).strftime("%Y-%m-%d %H:%M")
        return f"{self.user} on {self.host}, pid {self.pid}, since {since}"

    def to_json(self) -> str:
        return json.dumps(
            {"pid": self.pid, "host": self.host, "user": self.user, "started": self.started}
        )

    @classmethod
    def parse(cls, text: str) -> Holder | None:
        try:
            data = json.loads(text)
            holder = cls(int(data["pid"]), str(data["host"]), str(data["user"]), data["started"])
        except (ValueError, TypeError, KeyError):
            return None
        if not isinstance(holder.started, (int, float)) or holder.pid <= 0:
            return None
        return holder

    def gone(self) -> bool:
        """Known to have ended: a process of this host that is no longer running (or whose
        pid another process has since taken). An editor on another host is never gone."""
        if self.host != socket.gethostname():
            return False
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return True
        except PermissionError:
            pass  # running, as another user
        began = _process_start(self.pid)
        return began is not None and began > self.started + 2  # ticks and boot time round


def _process_start(pid: int) -> float | None:
    """When a process began (Linux /proc), in seconds since the epoch; None where unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        ticks = int(stat.rsplit(")", 1)[1].split()[19])
        return boot + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError, StopIteration):
        return None


class ProjectLock:
    """The lock on one project. `owned`: this process holds it and may write the project;
    otherwise `reason` says why not (held by `holder`, or the folder cannot be written)."""

    def __init__(self, path: Path):
        self.path = path
        self.owned = False
        self.holder: Holder | None = None
        self.reason = ""
        self._mine: str | None = None  # the text this process wrote into the lock file

    @classmethod
    def take(cls, path: Path) -> ProjectLock:
        lock = cls(path)
        lock.acquire()
        return lock

    def acquire(self) -> bool:
        """Take the lock if it is free or stale; True if this process holds it now."""
        if self.owned:
            return True
        for _ in range(3):  # a stale lock removed: try again (another editor may be quicker)
            me = Holder.me()
            try:
                fd = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                if not self._stale_removed():
                    return False
                continue
            except OSError as e:
                self.reason = f"cannot write in {self.path.parent} ({e.strerror or e})"
                return False
            text = me.to_json()
            try:
                os.write(fd, text.encode())
                os.fsync(fd)
            finally:
                os.close(fd)
            self.owned, self.holder, self._mine, self.reason = True, me, text, ""
            _held.add(self)
            return True
        return False

    def _stale_removed(self) -> bool:
        """The lock file is someone else's: True if it was stale and is gone now; else
        `holder` and `reason` say who has it."""
        try:
            text = self.path.read_text(encoding="utf-8", errors="replace")
            age = time.time() - self.path.stat().st_mtime
        except FileNotFoundError:
            return True  # released meanwhile
        except OSError as e:
            self.reason = f"cannot read the lock {self.path.name} ({e.strerror or e})"
            return False
        holder = Holder.parse(text)
        self.holder = holder
        if holder is None and age < UNREADABLE_GRACE:
            self.reason = f"another editor is opening it ({self.path.name})"
            return False
        if holder is not None and not holder.gone():
            self.reason = f"it is open in another editor ({holder.describe()})"
            return False
        return _remove_if_unchanged(self.path, text)

    def release(self) -> None:
        """Remove the lock file, if it is still the one this process wrote."""
        if not self.owned:
            return
        self.owned = False
        _held.discard(self)
        try:
            if self.path.read_text(encoding="utf-8") == self._mine:
                self.path.unlink()
        except OSError:
            pass  # gone already, or taken over: not ours to remove


def _remove_if_unchanged(path: Path, text: str) -> bool:
    """Remove a stale lock file, unless another editor replaced it since it was read: the
    file is moved away first (one process wins the rename) and looked at again."""
    moved = path.with_name(f"{path.name}.stale-{os.getpid()}")
    try:
        os.replace(path, moved)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    try:
        if moved.read_text(encoding="utf-8", errors="replace") == text:
            return True
        try:
            os.link(moved, path)  # a live lock taken by mistake: put it back
        except OSError:
            pass
        return False
    finally:
        moved.unlink(missing_ok=True)


_held: set[ProjectLock] = set()


@atexit.register
def _release_all() -> None:
    """However the program ends (short of a kill), its locks go with it."""
    for lock in list(_held):
        lock.release()
