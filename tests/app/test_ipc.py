"""Single instance: the message format, the private socket folder, and server and client, in one process and in
two real ones (a crashed server, two launches racing, a client that must load no widgets)."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QTimer

from stretch_timer.app import ipc, ipc_paths
from stretch_timer.app.ipc import IpcServer, IpcUnavailable, Outcome, send_request
from stretch_timer.app.ipc_messages import (
    MAX_ARGUMENT_CHARS,
    MAX_LINE_BYTES,
    OPTION_NAMES,
    PROTOCOL_VERSION,
    MessageError,
    Request,
    decode,
    encode,
    refusal,
)
from stretch_timer.app.ipc_paths import private_dir, runtime_dir, socket_name

REPO = Path(__file__).resolve().parents[2]
PEER = Path(__file__).resolve().parent / "ipc_peer.py"

# --- the message format --------------------------------------------------------------------------------------


def line(**fields: Any) -> bytes:
    message = {"version": PROTOCOL_VERSION, "action": "start", "argument": "calf-cramp-relief", "options": {}}
    message.update(fields)
    return json.dumps(message).encode() + b"\n"


@pytest.mark.parametrize("request_", [
    Request("show"),
    Request("start", "calf-cramp-relief", {"mute": True, "quit_when_done": True}),
    Request("start", "/home/ana/Routines/nächtlich 😴.yaml", {"fullscreen": False}),
    Request("cramp", "calf", {"no_voice": True}),
    Request("cramp"),  # no muscle: the running app offers the muscles
    Request("bedtime", "", {"quit_when_done": True}),  # the running app picks the bedtime routine
])
def test_a_request_survives_encoding(request_: Request) -> None:
    data = encode(request_)
    assert data.endswith(b"\n") and data.count(b"\n") == 1
    assert decode(data) == request_
    assert hash(decode(data)) == hash(request_)


def test_options_are_frozen_and_default_to_false() -> None:
    options = {"mute": True}
    request = Request("start", "calf-cramp-relief", options)
    options["mute"] = False
    assert request.option("mute") is True and request.option("no_voice") is False
    with pytest.raises(TypeError):
        request.options["mute"] = False  # type: ignore[index]
    with pytest.raises(KeyError):
        request.option("volume")


@pytest.mark.parametrize(("data", "reason"), [
    (b"x" * (MAX_LINE_BYTES + 1), "longer than 4096 bytes"),
    (line(argument="a" * 2000) [:-1] + b" " * (MAX_LINE_BYTES - 2000) + b"\n", "longer than 4096 bytes"),
    (b"\xff\xfe{}\n", "not UTF-8"),
    (b"{not json\n", "not JSON"),
    (b"[" * 3000 + b"\n", "not JSON"),
    (b"[1, 2]\n", "not a JSON object"),
    (b'"show"\n', "not a JSON object"),
    (line()[:-1] + b"\n" + line(), "more than one line"),
    (line(version=2), "protocol version 2 is not 1"),
    (line(version="1"), "version must be an integer"),
    (line(version=True), "version must be an integer"),
    (b'{"version": NaN, "action": "show", "argument": "", "options": {}}\n', "NaN is not a JSON value"),
    (b'{"version": 1, "version": 1, "action": "show", "argument": "", "options": {}}\n', "given twice"),
    (line(action="quit"), "unknown action 'quit'"),
    (line(action=["start"]), "action must be a string, not array"),
    (line(argument=7), "argument must be a string, not number"),
    (line(argument=None), "argument must be a string, not null"),
    (line(argument="calf\nrm -rf"), "control character U+000A"),
    (line(argument="calf\x1b[2J"), "control character U+001B"),
    (line(argument="\u202efel.yaml"), "control character U+202E"),
    (line(argument="x" * (MAX_ARGUMENT_CHARS + 1)), "longer than 2048 characters"),
    (line(action="show", argument="calf"), "'show' takes no argument"),
    (line(action="bedtime", argument="calf"), "'bedtime' takes no argument"),
    (line(argument=""), "'start' needs an argument"),
    (line(options=[]), "options must be an object, not array"),
    (line(options={"mute": "yes"}), "option 'mute' must be true or false, not string"),
    (line(options={"mute": 1}), "option 'mute' must be true or false, not number"),
    (line(options={"volume": True}), "unknown option 'volume'"),
    (line(cwd="/tmp"), "unknown key 'cwd'"),
    (b'{"version": 1, "action": "show", "argument": ""}\n', "missing key 'options'"),
])
def test_decode_refuses_with_a_one_line_reason(data: bytes, reason: str) -> None:
    with pytest.raises(MessageError) as caught:
        decode(data)
    assert reason in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_request_the_server_would_refuse_cannot_be_built_or_sent() -> None:
    with pytest.raises(MessageError, match="unknown action"):
        Request("quit")  # type: ignore[arg-type]
    with pytest.raises(MessageError, match="control character"):
        Request("cramp", "calf\r")
    with pytest.raises(MessageError, match="longer than 4096 bytes"):  # 2000 characters, 6000 bytes in UTF-8
        encode(Request("start", "€" * 2000))


def test_a_refusal_is_one_bounded_line() -> None:
    reply = refusal("bad\nthing " + "€" * 1000)
    assert reply.startswith(b"refused: bad thing") and reply.endswith(b"\n") and reply.count(b"\n") == 1
    assert len(reply) <= 512
    reply.decode("utf-8")  # a cut through a multi-byte character is dropped, not sent half


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=MAX_LINE_BYTES + 100))
def test_decode_raises_nothing_but_message_error_on_any_bytes(data: bytes) -> None:
    with contextlib.suppress(MessageError):
        decode(data)


_json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({}, optional={
    "version": st.sampled_from([1, 0, 2, True, "1", None]) | _json_values,
    "action": st.sampled_from(["show", "start", "cramp", "quit", ""]) | _json_values,
    "argument": st.text(max_size=40) | _json_values,
    "options": st.dictionaries(st.sampled_from([*OPTION_NAMES, "x"]), st.booleans() | _json_values) | _json_values,
}))
def test_decode_raises_nothing_but_message_error_on_near_miss_json(message: dict[str, Any]) -> None:
    try:
        request = decode(json.dumps(message).encode() + b"\n")
    except MessageError:
        return
    assert decode(encode(request)) == request  # whatever it accepts is a valid request


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["start", "cramp"]), st.text(min_size=1, max_size=200),
       st.dictionaries(st.sampled_from(sorted(OPTION_NAMES)), st.booleans()))
def test_every_valid_request_round_trips(action: str, argument: str, options: dict[str, bool]) -> None:
    try:
        request = Request(action, argument, options)  # type: ignore[arg-type]
    except MessageError:
        return  # control characters in the drawn text
    assert decode(encode(request)) == request


# --- the private folder --------------------------------------------------------------------------------------


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A folder with a short path: a socket path must fit in sockaddr_un (about 104 bytes), tmp_path may not."""
    path = Path(tempfile.mkdtemp(prefix="st-ipc-", dir="/tmp"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def test_private_dir_is_created_0700_and_a_loose_one_is_tightened(short_dir: Path) -> None:
    created = private_dir(short_dir / "new")
    assert mode(created) == 0o700
    loose = short_dir / "loose"
    loose.mkdir()
    loose.chmod(0o777)
    private_dir(loose)
    assert mode(loose) == 0o700


def test_private_dir_refuses_a_symlink_a_file_and_another_users_folder(short_dir: Path) -> None:
    target = short_dir / "mine"
    target.mkdir(mode=0o700)
    (short_dir / "link").symlink_to(target)
    with pytest.raises(IpcUnavailable, match="is a symbolic link"):
        private_dir(short_dir / "link")
    (short_dir / "file").write_text("")
    with pytest.raises(IpcUnavailable, match="is not a folder"):
        private_dir(short_dir / "file")
    if os.getuid() != 0:
        pytest.skip("only root can make a folder that belongs to someone else")
    theirs = short_dir / "theirs"
    theirs.mkdir(mode=0o700)
    os.chown(theirs, 65534, 65534)
    with pytest.raises(IpcUnavailable, match=r"belongs to another user \(uid 65534\)"):
        private_dir(theirs)


def test_runtime_dir_prefers_xdg_and_falls_back_to_a_per_user_temp_folder(
    short_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ipc_paths.RUNTIME_DIR_ENV, raising=False)
    xdg = short_dir / "xdg"
    xdg.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(xdg))
    assert runtime_dir() == xdg / "stretch-timer" and mode(xdg / "stretch-timer") == 0o700
    monkeypatch.setattr(tempfile, "tempdir", str(short_dir))
    fallback = short_dir / f"stretch-timer-{os.getuid()}"
    xdg.chmod(0o777)  # others could write there: not what the XDG spec promises, so not used
    assert runtime_dir() == fallback
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    assert runtime_dir() == fallback and mode(fallback) == 0o700
    monkeypatch.setenv(ipc_paths.RUNTIME_DIR_ENV, str(short_dir / "tests"))
    assert runtime_dir() == short_dir / "tests"


def test_a_planted_symlink_in_place_of_the_fallback_folder_is_refused(
    short_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ipc_paths.RUNTIME_DIR_ENV, raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setattr(tempfile, "tempdir", str(short_dir))
    elsewhere = short_dir / "elsewhere"
    elsewhere.mkdir()
    (short_dir / f"stretch-timer-{os.getuid()}").symlink_to(elsewhere)
    with pytest.raises(IpcUnavailable, match="symbolic link"):
        socket_name()


def test_each_stretch_timer_home_gets_its_own_socket(short_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRETCH_TIMER_HOME", "/data/portable")
    portable = socket_name(short_dir)
    monkeypatch.delenv("STRETCH_TIMER_HOME")
    assert socket_name(short_dir) == str(short_dir / "ipc.sock")
    assert portable != str(short_dir / "ipc.sock") and Path(portable).parent == short_dir


def test_a_socket_path_too_long_for_the_system_is_refused(short_dir: Path) -> None:
    with pytest.raises(IpcUnavailable, match="longer than"):
        socket_name(private_dir(short_dir / ("d" * 100)))


# --- server and client in one process ------------------------------------------------------------------------


@pytest.fixture
def name(short_dir: Path) -> str:
    return socket_name(short_dir)


@pytest.fixture
def server(qtbot: Any, name: str) -> Iterator[IpcServer]:
    server = IpcServer(name, read_timeout_ms=300)
    assert server.listen()
    yield server
    server.close()


_pool = ThreadPoolExecutor(max_workers=4)


def in_thread(qtbot: Any, work: Callable[[], Any]) -> Any:
    """Run a blocking client in a thread while the server's event loop runs here; its result, or its error."""
    future: Future[Any] = _pool.submit(work)
    qtbot.waitUntil(future.done, timeout=5000)
    return future.result()


def raw_exchange(name: str, data: bytes, *, close_write: bool = False) -> bytes:
    """What a client that is not ours gets back: send bytes as they are, read until the server hangs up."""
    with socket.socket(socket.AF_UNIX) as raw:
        raw.settimeout(3)
        raw.connect(name)
        try:
            raw.sendall(data)
            if close_write:
                raw.shutdown(socket.SHUT_WR)
            reply = b""
            while chunk := raw.recv(4096):
                reply += chunk
        except (BrokenPipeError, ConnectionResetError):
            return b"<reset>"
        return reply


def test_a_request_arrives_and_the_client_learns_it_was_accepted(qtbot: Any, server: IpcServer, name: str) -> None:
    request = Request("cramp", "calf", {"no_voice": True})
    with qtbot.waitSignal(server.request_received) as arrived:
        sent = in_thread(qtbot, lambda: send_request(request, name=name))
    assert sent.outcome is Outcome.DELIVERED and bool(sent)
    assert arrived.args == [request]


def test_the_socket_and_its_folder_are_private(server: IpcServer, name: str) -> None:
    assert mode(Path(name)) & 0o077 == 0 and stat.S_ISSOCK(os.lstat(name).st_mode)
    assert mode(Path(name)) & stat.S_ISVTX  # so an XDG runtime-folder cleaner leaves it alone
    assert mode(Path(name).parent) == 0o700


def test_garbage_and_oversize_are_refused_and_the_next_client_is_served(
    qtbot: Any, server: IpcServer, name: str
) -> None:
    refused: list[str] = []
    server.refused.connect(refused.append)
    assert in_thread(qtbot, lambda: raw_exchange(name, b"\x00\xffgarbage\n")) == b"refused: message is not UTF-8\n"
    too_long = in_thread(qtbot, lambda: raw_exchange(name, b"a" * (MAX_LINE_BYTES + 10)))
    assert too_long == b"refused: message is longer than 4096 bytes\n"
    flood = in_thread(qtbot, lambda: raw_exchange(name, b"a" * 1_000_000))  # it hangs up, mid-send
    assert flood in (b"refused: message is longer than 4096 bytes\n", b"<reset>")
    assert in_thread(qtbot, lambda: raw_exchange(name, line(version=9))).startswith(b"refused: protocol version 9")
    assert len(refused) == 4
    with qtbot.waitSignal(server.request_received) as arrived:
        assert in_thread(qtbot, lambda: send_request(Request("show"), name=name))
    assert arrived.args == [Request("show")]


def test_slow_and_silent_clients_are_cut_off(qtbot: Any, server: IpcServer, name: str) -> None:
    # Half a message, then nothing (the socket stays open): refused once the server's 300 ms are up.
    assert in_thread(qtbot, lambda: raw_exchange(name, b'{"version": 1')).startswith(b"refused: no complete message")
    assert in_thread(qtbot, lambda: raw_exchange(name, b"")) == b""  # silent, like a liveness probe: just closed
    assert in_thread(qtbot, lambda: raw_exchange(name, b'{"v', close_write=True)) == b""
    assert in_thread(qtbot, lambda: send_request(Request("show"), name=name))
    qtbot.waitUntil(lambda: not any(timer.isActive() for timer in server.findChildren(QTimer)))  # idle: no CPU


def test_a_second_server_defers_to_the_live_one(qtbot: Any, server: IpcServer, name: str) -> None:
    second = IpcServer(name)
    assert second.listen() is False  # the kernel accepts the probe; no event loop needed
    assert not second.is_listening()
    with qtbot.waitSignal(server.request_received):  # the first one still owns the socket
        assert in_thread(qtbot, lambda: send_request(Request("show"), name=name))


def test_a_stale_socket_file_is_replaced(qtbot: Any, name: str) -> None:
    with socket.socket(socket.AF_UNIX) as dead:  # bound, then closed: the file a crash leaves behind
        dead.bind(name)
    assert send_request(Request("show"), name=name).outcome is Outcome.NO_SERVER
    server = IpcServer(name)
    assert server.listen()
    with qtbot.waitSignal(server.request_received):
        assert in_thread(qtbot, lambda: send_request(Request("show"), name=name))
    server.close()


def test_close_removes_the_socket(qtbot: Any, name: str) -> None:
    server = IpcServer(name)
    assert server.listen() and os.path.exists(name)
    server.close()
    assert not os.path.exists(name)
    assert send_request(Request("show"), name=name).outcome is Outcome.NO_SERVER


def test_a_refusal_reaches_the_client_with_its_reason(
    qtbot: Any, server: IpcServer, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ipc, "encode", lambda request: line(version=2, action="show", argument=""))
    sent = in_thread(qtbot, lambda: send_request(Request("show"), name=name))
    assert sent.outcome is Outcome.REFUSED and "protocol version 2 is not 1" in sent.reason


def test_a_server_that_never_answers_is_reported_not_waited_for(name: str) -> None:
    with socket.socket(socket.AF_UNIX) as stuck:  # listens (connects succeed) but never accepts or replies
        stuck.bind(name)
        stuck.listen(1)
        sent = send_request(Request("show"), name=name, timeout_ms=200)
    assert sent.outcome is Outcome.NO_ANSWER and not sent


def test_an_unusable_folder_means_no_server_not_a_crash(short_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (short_dir / "link").symlink_to(short_dir)
    monkeypatch.setenv(ipc_paths.RUNTIME_DIR_ENV, str(short_dir / "link"))
    sent = send_request(Request("show"))
    assert sent.outcome is Outcome.NO_SERVER and "symbolic link" in sent.reason
    with pytest.raises(IpcUnavailable, match="symbolic link"):
        IpcServer().listen()


# --- two real processes --------------------------------------------------------------------------------------


def peer_env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QT_", "STRETCH_TIMER"))}
    env.update(PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")
    return env


class Peer:
    """A running ``ipc_peer.py``; its stdout lines are collected by a thread so a test can wait for one."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen([sys.executable, str(PEER), *args], env=peer_env(), stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for text in self.proc.stdout:
            with self.changed:
                self.lines.append(text.rstrip("\n"))
                self.changed.notify_all()

    def wait_for(self, prefix: str, timeout: float = 10) -> str:
        with self.changed:
            self.changed.wait_for(lambda: any(x.startswith(prefix) for x in self.lines), timeout)
        found = [x for x in self.lines if x.startswith(prefix)]
        assert found, f"no {prefix!r} in {self.lines}; stderr: {self.stderr_now()}"
        return found[0]

    def stderr_now(self) -> str:
        if self.proc.poll() is None:
            return "(still running)"
        assert self.proc.stderr is not None
        return self.proc.stderr.read()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)


@pytest.fixture
def peers() -> Iterator[Callable[..., Peer]]:
    started: list[Peer] = []

    def start(*args: str) -> Peer:
        started.append(Peer(*args))
        return started[-1]

    yield start
    for peer in started:
        peer.stop()


def test_a_client_process_hands_over_and_exits_0_without_loading_widgets(
    name: str, peers: Callable[..., Peer]
) -> None:
    server = peers("serve", name)
    server.wait_for("listening")
    client = subprocess.run([sys.executable, str(PEER), "send", name, "start", "calf-cramp-relief", "--mute"],
                            env=peer_env(), capture_output=True, text=True, timeout=10, check=False)
    assert client.returncode == 0, client.stdout + client.stderr
    assert "sent DELIVERED" in client.stdout and "app-instance False" in client.stdout  # no QCoreApplication
    assert client.stderr == ""  # no Qt warnings either
    modules = json.loads(client.stdout.split("modules ", 1)[1])
    assert modules == ["PySide6.QtCore", "PySide6.QtNetwork"]  # no QtGui, no QtWidgets
    assert server.wait_for("received") == 'received start calf-cramp-relief {"mute": true}'


def test_after_a_server_is_killed_the_next_launch_takes_over(
    qtbot: Any, name: str, peers: Callable[..., Peer]
) -> None:
    crashed = peers("serve", name)
    crashed.wait_for("listening")
    crashed.proc.send_signal(signal.SIGKILL)
    crashed.proc.wait(5)
    assert stat.S_ISSOCK(os.lstat(name).st_mode)  # left behind
    server = IpcServer(name)
    assert server.listen()
    with qtbot.waitSignal(server.request_received):
        assert in_thread(qtbot, lambda: send_request(Request("show"), name=name))
    server.close()


def test_a_lock_left_by_a_killed_launch_does_not_block_the_next(qtbot: Any, name: str) -> None:
    holder = subprocess.run([sys.executable, "-c", "import os, sys\nfrom PySide6.QtCore import QLockFile\n"
                             "lock = QLockFile(sys.argv[1])\nassert lock.tryLock(0)\nos.kill(os.getpid(), 9)",
                             name + ".lock"], env=peer_env(), capture_output=True, timeout=10, check=False)
    assert holder.returncode == -signal.SIGKILL and os.path.exists(name + ".lock")
    server = IpcServer(name)
    assert server.listen()  # QLockFile sees that the holder's pid is gone and takes the lock over
    server.close()


def test_two_launches_at_once_make_exactly_one_server(name: str, peers: Callable[..., Peer]) -> None:
    first, second = peers("launch", name, "start", "one"), peers("launch", name, "cramp", "calf")
    outcomes = {}
    for peer in (first, second):
        outcomes[peer] = peer.wait_for(("listening", "sent DELIVERED"))  # type: ignore[arg-type]
    assert sorted(outcomes.values()) == ["listening", "sent DELIVERED "], [first.lines, second.lines]
    winner = first if outcomes[first] == "listening" else second
    loser = second if winner is first else first
    assert loser.proc.wait(10) == 0
    winner.wait_for("received cramp")
    assert {x for x in winner.lines if x.startswith("received")} == {
        "received start one {}", "received cramp calf {}"}


def test_a_launch_between_check_and_listen_makes_the_other_wait_and_defer(
    name: str, peers: Callable[..., Peer]
) -> None:
    # The first launch pauses after finding no server; the second one comes in exactly then. Without the lock
    # both would listen (with a socket option set, Qt's listen renames over a live socket instead of failing).
    first = peers("launch", name, "start", "one", "--slow-check", "600")
    first.wait_for("checked")
    second = peers("launch", name, "cramp", "calf")
    assert second.wait_for(("listening", "sent DELIVERED")) == "sent DELIVERED "  # type: ignore[arg-type]
    assert "not-server" in second.lines and second.proc.wait(5) == 0
    assert first.wait_for("listening") and first.wait_for("received cramp") == "received cramp calf {}"
