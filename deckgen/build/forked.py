"""Forked processes and the pipes between them: what the build's workers need of multiprocessing
(Process with the fork start method, Pipe, connection.wait), without importing it.

Importing multiprocessing and its connection module costs 25 M instructions more than pickle
and select, and the command pays it before it can fork its first worker (build/workers.py),
on the path every other step waits for. The messages are pickled objects, each after its
length, over two pipes (one each way); a child runs its target, then leaves by os._exit, as
multiprocessing's forked children do (never the parent's atexit handlers or buffers). Linux
only, as the build's workers are (sharing.available()).
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import sys
import time
import traceback
from collections.abc import Callable

_LENGTH = struct.Struct("!Q")
_started: list[Process] = []  # for active_children(): started, not known to have ended


class Channel:
    """One end of a two-way link between two processes: send(object), recv() -> object, poll()."""

    def __init__(self, read_fd: int, write_fd: int):
        self._read_fd, self._write_fd = read_fd, write_fd

    def fileno(self) -> int:
        return self._read_fd

    def send(self, obj) -> None:
        data = pickle.dumps(obj, pickle.HIGHEST_PROTOCOL)
        view = memoryview(_LENGTH.pack(len(data)) + data)
        while view:
            view = view[os.write(self._write_fd, view):]

    def recv(self):
        """The next object; EOFError when the other end is closed (its process ended)."""
        (size,) = _LENGTH.unpack(self._read(_LENGTH.size))
        return pickle.loads(self._read(size))

    def _read(self, size: int) -> bytes:
        parts, left = [], size
        while left:
            part = os.read(self._read_fd, min(left, 1 << 20))
            if not part:
                raise EOFError
            parts.append(part)
            left -= len(part)
        return b"".join(parts)

    def poll(self, timeout: float = 0.0) -> bool:
        """Whether a message (or the end) can be read now, or within `timeout` seconds."""
        return bool(wait([self], timeout))

    def close(self) -> None:
        for name in ("_read_fd", "_write_fd"):
            fd = getattr(self, name)
            if fd >= 0:
                setattr(self, name, -1)
                try:
                    os.close(fd)
                except OSError:
                    pass


def pipe() -> tuple[Channel, Channel]:
    """Two connected ends: what one sends, the other receives."""
    a_read, b_write = os.pipe()
    b_read, a_write = os.pipe()
    return Channel(a_read, a_write), Channel(b_read, b_write)


def wait(channels: list, timeout: float | None = None) -> list:
    """The channels that can be read (a message or the end), waiting up to `timeout` s (None: until one can)."""
    poller = select.poll()
    by_fd = {}
    for channel in channels:
        by_fd[channel.fileno()] = channel
        poller.register(channel.fileno(), select.POLLIN)
    ready = poller.poll(None if timeout is None else max(0, int(timeout * 1000)))
    return [by_fd[fd] for fd, _ in ready]


class Process:
    """A child forked to run target(*args, **kwargs); exitcode as multiprocessing gives it (-N: signal N)."""

    def __init__(self, target: Callable, args: tuple = (), kwargs: dict | None = None):
        self._target, self._args, self._kwargs = target, args, kwargs or {}
        self.pid: int | None = None
        self.exitcode: int | None = None

    def start(self) -> None:
        for stream in (sys.stdout, sys.stderr):  # what is buffered is written once, by the parent
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        pid = os.fork()
        if pid == 0:
            _run_child(self._target, self._args, self._kwargs)
        self.pid = pid
        _started[:] = [p for p in _started if p.exitcode is None] + [self]

    def _reap(self, flags: int) -> bool:
        if self.exitcode is not None or self.pid is None:
            return True
        try:
            pid, status = os.waitpid(self.pid, flags)
        except ChildProcessError:  # reaped elsewhere
            self.exitcode = self.exitcode if self.exitcode is not None else 0
            return True
        if pid == 0:
            return False
        self.exitcode = os.waitstatus_to_exitcode(status)
        return True

    def is_alive(self) -> bool:
        return self.pid is not None and not self._reap(os.WNOHANG)

    def kill(self) -> None:
        if self.is_alive():
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def join(self, timeout: float | None = None) -> None:
        if self.pid is None:
            return
        if timeout is None:
            self._reap(0)
            return
        deadline = time.monotonic() + timeout
        delay = 0.0005
        while not self._reap(os.WNOHANG) and time.monotonic() < deadline:
            time.sleep(delay)
            delay = min(delay * 2, 0.02)


def _run_child(target: Callable, args: tuple, kwargs: dict) -> None:
    """The child's whole life: its target, then os._exit (never returns)."""
    code = 1
    try:
        _started.clear()  # the parent's children are not this one's
        if sys.stdin is not None:  # as multiprocessing does: a worker never reads the terminal
            try:
                sys.stdin.close()
                sys.stdin = open(os.devnull)  # noqa: SIM115 (kept open for the process's life)
            except (OSError, ValueError):
                pass
        target(*args, **kwargs)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except KeyboardInterrupt:
        code = 130
    except BaseException:  # noqa: BLE001 - a bug in the child: said, then the exit code says so
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (AttributeError, OSError, ValueError):
                pass
        os._exit(code)


def active_children() -> list[Process]:
    """The processes started here that have not ended (each one that has is reaped)."""
    _started[:] = [p for p in _started if p.is_alive()]
    return list(_started)
