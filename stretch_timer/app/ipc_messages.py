"""What a second launch says to the running app, and how it is written on the wire: pure Python, no Qt.

A second ``stretch-timer`` hands its request over a local socket (see :mod:`stretch_timer.app.ipc`). Whatever
arrives there is untrusted input, even from the same user (a stray script, an older or newer copy of the app),
so the format is small and strict: one line of UTF-8 JSON with a protocol version, at most
:data:`MAX_LINE_BYTES`, with exactly the known keys and types. :func:`decode` either returns a valid
:class:`Request` or raises :class:`MessageError` with a one-line reason the server sends back; nothing else
escapes it, so a bad message can never raise into the running app's event loop. :class:`Request` checks
itself on construction, so the client cannot build (and send) a message the server would refuse.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal, cast

PROTOCOL_VERSION: Final = 1
MAX_LINE_BYTES: Final = 4096
"""The longest message line, newline excluded. A routine path (the longest argument) fits with room to spare."""
MAX_ARGUMENT_CHARS: Final = 2048

Action = Literal["show", "start", "cramp", "bedtime"]
ACTIONS: Final[frozenset[str]] = frozenset({"show", "start", "cramp", "bedtime"})
OPTION_NAMES: Final[frozenset[str]] = frozenset({"mute", "no_voice", "fullscreen", "quit_when_done"})
_KEYS: Final[frozenset[str]] = frozenset({"version", "action", "argument", "options"})

REPLY_OK: Final = b"ok\n"
REFUSED_PREFIX: Final = "refused: "
MAX_REPLY_BYTES: Final = 512


class MessageError(ValueError):
    """A message (or a request being built) that the protocol does not allow; ``str()`` is a one-line reason."""


def _check_text(value: str, what: str) -> None:
    """Refuse control characters (newlines, escapes, NUL, bidi overrides): the argument ends up in a window
    title, a log line or a file path, where such characters could forge lines or hide text."""
    if len(value) > MAX_ARGUMENT_CHARS:
        raise MessageError(f"{what} is longer than {MAX_ARGUMENT_CHARS} characters")
    for char in value:
        if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
            raise MessageError(f"{what} contains the control character U+{ord(char):04X}")


def _json_type(value: object) -> str:
    """The JSON name of a decoded value's type, for a refusal the sender can understand."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else "string"


@dataclass(frozen=True)
class Request:
    """One launch's wish: ``show`` the window, ``start`` a routine, ``cramp`` (start a muscle's relief), or
    ``bedtime`` (start the bedtime routine, the one the tray's "Start bedtime routine" starts).

    ``argument`` is the routine id or absolute path for ``start``, the muscle name for ``cramp`` (empty: let the
    person choose the muscle), and empty for ``show`` and ``bedtime`` (the running app picks the routine); the
    client resolves a relative path first, because the running app has its own working folder.
    ``options`` are the command line's switches (:data:`OPTION_NAMES`), all booleans; unset ones are False.
    """

    action: Action
    argument: str = ""
    options: Mapping[str, bool] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        action: object = self.action
        argument: object = self.argument
        options: object = self.options
        if not isinstance(action, str) or action not in ACTIONS:
            raise MessageError(f"unknown action {str(action)[:40]!r}; expected one of {', '.join(sorted(ACTIONS))}")
        if not isinstance(argument, str):
            raise MessageError(f"argument must be a string, not {_json_type(argument)}")
        _check_text(argument, "argument")
        if action in ("show", "bedtime") and argument:
            raise MessageError(f"{action!r} takes no argument")
        if action == "start" and not argument:
            raise MessageError("'start' needs an argument")
        if not isinstance(options, Mapping):
            raise MessageError(f"options must be an object, not {_json_type(options)}")
        unknown = sorted(str(name)[:40] for name in options if name not in OPTION_NAMES)
        if unknown:
            raise MessageError(f"unknown option {unknown[0]!r}")
        for name, value in options.items():
            if not isinstance(value, bool):
                raise MessageError(f"option {name!r} must be true or false, not {_json_type(value)}")
        # A frozen request must not change through a dict the caller still holds.
        object.__setattr__(self, "options", MappingProxyType(dict(sorted(options.items()))))

    def option(self, name: str) -> bool:
        """The switch ``name`` (one of :data:`OPTION_NAMES`); False when the launch did not set it."""
        if name not in OPTION_NAMES:
            raise KeyError(name)
        return self.options.get(name, False)

    def __hash__(self) -> int:  # the generated one would hash the (unhashable) mapping proxy
        return hash((self.action, self.argument, tuple(self.options.items())))



def encode(request: Request) -> bytes:
    """The request as one line (newline included) of UTF-8 JSON; :class:`MessageError` if it is too long."""
    line = json.dumps(
        {"version": PROTOCOL_VERSION, "action": request.action, "argument": request.argument,
         "options": dict(request.options)},
        ensure_ascii=False, separators=(",", ":"),
    ).encode("utf-8")
    if len(line) > MAX_LINE_BYTES:
        raise MessageError(f"message is longer than {MAX_LINE_BYTES} bytes")
    return line + b"\n"


def _refuse_constant(name: str) -> object:
    """JSON's NaN and Infinity are not JSON (RFC 8259); Python's parser accepts them unless told not to."""
    raise MessageError(f"{name} is not a JSON value")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    """An object with a key given twice is ambiguous (which one counts?), so it is refused, not guessed."""
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise MessageError(f"key {key[:40]!r} is given twice")
        result[key] = value
    return result


def decode(data: bytes) -> Request:
    """The request in one received line (a trailing newline is allowed), or :class:`MessageError` saying why not."""
    if data.endswith(b"\n"):
        data = data[:-1]
    if len(data) > MAX_LINE_BYTES:
        raise MessageError(f"message is longer than {MAX_LINE_BYTES} bytes")
    if b"\n" in data:
        raise MessageError("message is more than one line")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MessageError("message is not UTF-8") from None
    try:
        value: object = json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except MessageError:
        raise
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; deep nesting recurses
        raise MessageError("message is not JSON") from None
    if not isinstance(value, dict):
        raise MessageError("message is not a JSON object")
    message = cast(dict[str, object], value)
    unknown = sorted(key[:40] for key in message if key not in _KEYS)
    if unknown:
        raise MessageError(f"unknown key {unknown[0]!r}")
    missing = sorted(_KEYS - message.keys())
    if missing:
        raise MessageError(f"missing key {missing[0]!r}")
    version = message["version"]
    if type(version) is not int:  # not bool, which is an int subclass
        raise MessageError("version must be an integer")
    if version != PROTOCOL_VERSION:
        raise MessageError(f"protocol version {version} is not {PROTOCOL_VERSION}; close the other copy first")
    action, argument, options = message["action"], message["argument"], message["options"]
    if not isinstance(options, dict):
        raise MessageError(f"options must be an object, not {_json_type(options)}")
    if not isinstance(action, str):
        raise MessageError(f"action must be a string, not {_json_type(action)}")
    return Request(cast(Action, action), cast(str, argument), cast(dict[str, bool], options))


def refusal(reason: str) -> bytes:
    """The server's answer to a message it will not act on: one line, never longer than :data:`MAX_REPLY_BYTES`."""
    line = (REFUSED_PREFIX + " ".join(reason.split())).encode("utf-8", "replace")
    return line[: MAX_REPLY_BYTES - 1].decode("utf-8", "ignore").encode("utf-8") + b"\n"
