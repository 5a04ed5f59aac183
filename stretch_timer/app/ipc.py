"""Single instance: a second launch hands its request to the running app over a per-user local socket.

The running app owns an :class:`IpcServer`; a new ``stretch-timer`` first calls :func:`send_request` and, when
that is delivered, exits without building a window (this module imports QtCore and QtNetwork only, so that
path stays fast). The design follows qutebrowser's ``misc/ipc.py`` (one JSON line per connection), with a reply
so the client knows the app accepted the request, and with these safeguards:

* The socket lives in a private folder (:func:`runtime_dir`, 0700, owned by the user, never a symlink) and the
  socket itself is 0700, so no other user can connect or plant a socket for us to talk to.
* Messages are size-limited and validated (:mod:`stretch_timer.app.ipc_messages`); idle or slow clients are
  cut off, and bad input is answered with a refusal, never raised into the event loop.
* A socket file left by a crash (nobody answers on it) is removed and replaced.
* Two launches at once cannot both become the server: the check "is anybody there?" and the ``listen`` run under
  a :class:`QLockFile`. This matters because with a socket option set, Qt on Unix binds the socket in a
  temporary folder and renames it over the name, so a second ``listen`` would silently steal the name from a
  live server instead of failing (QTBUG-48635, the reason qutebrowser avoids the option on Unix).
"""

from __future__ import annotations

import enum
import logging
import os
import stat
import sys
import tempfile
import time
from dataclasses import dataclass

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

from .ipc_messages import (
    MAX_LINE_BYTES,
    MAX_REPLY_BYTES,
    REFUSED_PREFIX,
    REPLY_OK,
    MessageError,
    Request,
    decode,
    encode,
    refusal,
)
from .ipc_paths import IpcUnavailable, socket_name

__all__ = ["IpcServer", "IpcUnavailable", "MessageError", "Outcome", "Request", "Sent", "send_request", "socket_name"]

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 500
REPLY_TIMEOUT_MS = 2000
READ_TIMEOUT_MS = 1000
"""How long the server waits for a client's line: a real client writes it at once after connecting."""
LOCK_TIMEOUT_MS = 3000
_WAIT_SLICE_MS = 5
MAX_CLIENTS = 8


# --- client -----------------------------------------------------------------------------------------------


class Outcome(enum.Enum):
    DELIVERED = "delivered"  # the running app accepted the request: this launch is done
    NO_SERVER = "no server"  # nobody listens: this launch should become the app
    REFUSED = "refused"  # the running app would not take it (e.g. another protocol version); see the reason
    NO_ANSWER = "no answer"  # connected, but no reply in time: the running app is stuck or busy


@dataclass(frozen=True)
class Sent:
    """What :func:`send_request` achieved; true only when delivered. ``reason`` is one line for the user."""

    outcome: Outcome
    reason: str = ""

    def __bool__(self) -> bool:
        return self.outcome is Outcome.DELIVERED


def send_request(request: Request, *, name: str | None = None, timeout_ms: int = REPLY_TIMEOUT_MS) -> Sent:
    """Hand ``request`` to the running app and wait for its one-line answer, for at most about ``timeout_ms``.

    Blocking and self-contained: it needs no QCoreApplication or event loop (QLocalSocket's ``waitFor…`` calls
    poll the socket), so a second launch can call it before creating anything else.
    """
    try:
        line = encode(request)
        name = socket_name() if name is None else name
    except (MessageError, IpcUnavailable) as error:
        return Sent(Outcome.NO_SERVER, str(error))
    sock = QLocalSocket()
    sock.connectToServer(name)
    if not sock.waitForConnected(CONNECT_TIMEOUT_MS):
        if sock.error() in (QLocalSocket.LocalSocketError.ServerNotFoundError,
                            QLocalSocket.LocalSocketError.ConnectionRefusedError):
            return Sent(Outcome.NO_SERVER, "no running app")
        return Sent(Outcome.NO_SERVER, sock.errorString())
    try:
        sock.write(line)
        reply = _read_reply(sock, time.monotonic() + timeout_ms / 1000)
    finally:
        sock.abort()
    if reply == REPLY_OK:
        return Sent(Outcome.DELIVERED)
    text = reply.decode("utf-8", "replace").strip()
    if text.startswith(REFUSED_PREFIX):
        return Sent(Outcome.REFUSED, text[len(REFUSED_PREFIX):])
    return Sent(Outcome.NO_ANSWER, "the running app did not answer" if not text else f"unexpected answer {text!r}")


def _read_reply(sock: QLocalSocket, deadline: float) -> bytes:
    """Write what is pending, then read up to a newline, the server's hang-up, or the deadline.

    PySide6 keeps the GIL while a ``waitFor…`` call blocks, so the waits are cut into short slices: other Python
    threads of this process (a test's server, an app's worker) keep running meanwhile."""
    connected = QLocalSocket.LocalSocketState.ConnectedState
    reply = b""
    while sock.bytesToWrite() and time.monotonic() < deadline:
        if not sock.waitForBytesWritten(_WAIT_SLICE_MS) and sock.state() != connected:
            return reply
    while b"\n" not in reply and len(reply) < MAX_REPLY_BYTES:
        if sock.bytesAvailable():
            reply += bytes(sock.read(MAX_REPLY_BYTES - len(reply)).data())
        elif time.monotonic() >= deadline:
            break
        elif not sock.waitForReadyRead(_WAIT_SLICE_MS) and sock.state() != connected and not sock.bytesAvailable():
            break  # the server hung up without (the rest of) an answer
    return reply


def _server_answers(name: str) -> bool:
    """Whether a live server accepts connections on ``name`` (a crashed one leaves a file that refuses them)."""
    probe = QLocalSocket()
    probe.connectToServer(name)
    alive = probe.waitForConnected(CONNECT_TIMEOUT_MS)
    probe.abort()
    return alive


def _lock_path(name: str) -> str:
    """Beside the socket on Unix; a pipe name on Windows is no path, so its lock goes to the temporary folder."""
    if sys.platform == "win32":
        return os.path.join(tempfile.gettempdir(), name + ".lock")
    return name + ".lock"


# --- server -----------------------------------------------------------------------------------------------


class _Connection:
    """One client: reads at most one line (bounded, with a deadline), answers it, and closes."""

    def __init__(self, owner: IpcServer, sock: QLocalSocket, read_timeout_ms: int) -> None:
        self.owner, self.sock, self.buffer, self.answered, self.closed = owner, sock, b"", False, False
        self.timer = QTimer(owner)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.on_timeout)
        self.timer.start(read_timeout_ms)
        sock.readyRead.connect(self.on_ready_read)
        sock.disconnected.connect(self.on_disconnected)

    def on_ready_read(self) -> None:
        try:
            if self.answered:
                return
            self.buffer += bytes(self.sock.read(MAX_LINE_BYTES + 2 - len(self.buffer)).data())
            end = self.buffer.find(b"\n")
            if end < 0:
                if len(self.buffer) > MAX_LINE_BYTES:
                    self.refuse(f"message is longer than {MAX_LINE_BYTES} bytes")
                return
            try:
                request = decode(self.buffer[: end + 1])
            except MessageError as error:
                self.refuse(str(error))
                return
            self.answer(REPLY_OK)
            self.owner.request_received.emit(request)
        except Exception:  # a bug here must cost one request, not the app
            log.exception("IPC: failed to handle a request")
            self.close()

    def refuse(self, reason: str) -> None:
        log.warning("IPC: refused a request: %s", reason)
        self.answer(refusal(reason))
        self.owner.refused.emit(reason)

    def answer(self, reply: bytes) -> None:
        self.answered = True
        self.sock.write(reply)
        self.sock.flush()
        self.sock.disconnectFromServer()  # after the reply is written; a reader that never reads hits the timer
        self.timer.start(CONNECT_TIMEOUT_MS)

    def on_timeout(self) -> None:
        if not self.answered and self.buffer:
            self.refuse(f"no complete message within {self.timer.interval()} ms")
        else:
            self.close()  # silent: a probe (see _server_answers) or an idle or stuck client

    def on_disconnected(self) -> None:
        self.close()

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        self.timer.stop()
        self.timer.deleteLater()
        self.sock.abort()
        self.sock.deleteLater()
        self.owner._connections.discard(self)


class IpcServer(QObject):
    """The running app's end: ``listen()`` once at startup, then ``request_received`` carries each :class:`Request`
    (after the client got its "ok"); ``refused`` carries the reason for each message it would not take."""

    request_received = Signal(object)
    refused = Signal(str)

    def __init__(self, name: str | None = None, parent: QObject | None = None, *,
                 read_timeout_ms: int = READ_TIMEOUT_MS) -> None:
        super().__init__(parent)
        self._name, self._read_timeout_ms = name, read_timeout_ms
        self._server: QLocalServer | None = None
        self._connections: set[_Connection] = set()

    @property
    def name(self) -> str | None:
        """The socket's full path (Unix) or pipe name, once known."""
        return self._name

    def is_listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def listen(self) -> bool:
        """Become the app's single instance: True when listening, False when a live app already answers on the
        socket (hand the request to it with :func:`send_request`). Raises :class:`IpcUnavailable` with a reason."""
        if self.is_listening():
            return True
        name = self._name = socket_name() if self._name is None else self._name
        lock = QLockFile(_lock_path(name))
        if not lock.tryLock(LOCK_TIMEOUT_MS):  # a crashed holder's lock is taken over (QLockFile checks its pid)
            raise IpcUnavailable(f"another launch holds {_lock_path(name)}")
        try:
            if _server_answers(name):
                return False
            # A crash's leftover: nobody answers on it. (On Unix, Qt's rename would replace it anyway; not on Windows.)
            QLocalServer.removeServer(name)
            server = QLocalServer(self)
            server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
            if not server.listen(name):
                reason = server.errorString()
                server.deleteLater()
                raise IpcUnavailable(f"cannot listen on {name}: {reason}")
            if sys.platform != "win32":
                # Sticky: the XDG spec lets a cleaner delete runtime files untouched for 6 hours, except these.
                try:
                    os.chmod(name, stat.S_ISVTX | stat.S_IRWXU)
                except OSError as error:  # the socket is not where Qt said it listens
                    server.close()
                    server.deleteLater()
                    raise IpcUnavailable(f"cannot listen on {name}: {error.strerror}") from None
            server.newConnection.connect(self._on_new_connection)
            self._server = server
            return True
        finally:
            lock.unlock()

    def _on_new_connection(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            sock = server.nextPendingConnection()
            if len(self._connections) >= MAX_CLIENTS:  # a flood costs the flooder, not the app
                sock.abort()
                sock.deleteLater()
                continue
            connection = _Connection(self, sock, self._read_timeout_ms)
            self._connections.add(connection)
            if sock.bytesAvailable():
                connection.on_ready_read()

    def close(self) -> None:
        """Stop listening and remove the socket, so the next launch starts a new app at once."""
        for connection in list(self._connections):
            connection.close()
        if self._server is not None:
            self._server.close()  # removes the socket file
            self._server.deleteLater()
            self._server = None
