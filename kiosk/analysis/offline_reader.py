"""``read_columns`` in a second process, so parsing and the engine share the two cores.

The child parses the CSV (``read_columns``, the same validation and messages)
and sends each chunk's ``Columns`` through a pipe as they are (pickled lists:
measured cheaper for the child than packing them into arrays, and the child is
the slower of the two); the parent runs the engine meanwhile. Bounded memory:
the pipe blocks the child when the parent falls behind, with room for a few
chunks so that neither waits on the other's every hiccup.
A malformed file raises the same ``RecordingError`` in the parent, after the
chunks before the bad one, exactly as ``read_columns`` would.

Used by ``smartstep analyze`` for large files only (a fork costs a few
milliseconds); never from a process with threads (the kiosk app).
"""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
from collections.abc import Iterator
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from kiosk.analysis.recording import Columns, read_columns
from kiosk.errors import RecordingError

# What the child sends: a chunk, the error's message, or None at the end.
Message = Columns | str | None

# Below this size one process is quicker than starting a second.
PARALLEL_MIN_BYTES = 4_000_000
PIPE_BYTES = 1 << 20  # about 15 chunks (Linux's default, 64 kB, is less than one)
F_SETPIPE_SZ = getattr(fcntl, "F_SETPIPE_SZ", 1031)


def read_columns_parallel(path: str | os.PathLike[str]) -> Iterator[Columns]:
    """Like ``read_columns`` (header checked at once), parsed in a forked child process."""
    chunks = read_columns(path)  # a missing file or bad header raises here, in the parent
    try:
        big = os.path.getsize(path) >= PARALLEL_MIN_BYTES
    except OSError:
        big = False
    if not big or "fork" not in multiprocessing.get_all_start_methods():
        return chunks
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    _widen(sender)
    child = context.Process(target=_parse, args=(str(path), chunks, sender), daemon=True)
    child.start()
    sender.close()
    chunks.close()  # the child reads the file now
    return _receive(child, receiver)


def _widen(connection: Connection[Message, Message]) -> None:
    """Room in the pipe for several chunks."""
    with contextlib.suppress(OSError):  # above /proc/sys/fs/pipe-max-size: the default
        fcntl.fcntl(connection.fileno(), F_SETPIPE_SZ, PIPE_BYTES)


def _parse(name: str, chunks: Iterator[Columns], sender: Connection[Message, Message]) -> None:
    """Child: parse and send the chunks, then ``None`` (or the error's message)."""
    try:
        try:
            for columns in chunks:
                sender.send(columns)
            sender.send(None)
        except RecordingError as exc:
            sender.send(str(exc))
        except Exception as exc:  # reported to the parent, which raises it as one line
            sender.send(f"{name}: cannot be read ({type(exc).__name__}: {exc})")
    except (OSError, KeyboardInterrupt):
        pass  # the parent stopped listening (or Ctrl-C): nothing left to tell
    finally:
        sender.close()


def _receive(child: BaseProcess, receiver: Connection[Message, Message]) -> Iterator[Columns]:
    try:
        while True:
            try:
                message = receiver.recv()
            except EOFError:
                raise RecordingError("recording: the parsing process ended early") from None
            if message is None:
                return
            if isinstance(message, str):
                raise RecordingError(message)
            yield message
    finally:
        receiver.close()
        child.join(timeout=1.0)
        if child.is_alive():
            # The parent stopped early: the child is ours to end. SIGKILL, not SIGTERM:
            # a process that has opened a window (SDL) inherits a SIGTERM handler that
            # only queues a "quit" event, and the child, blocked writing to the pipe,
            # would never end.
            child.kill()
            child.join()
