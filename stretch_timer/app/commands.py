"""The command table: every thing a person can ask the app to do, declared once.

Each :class:`Command` says what it is called, its keys, where it is offered (a menu, the player's keys) and
whether it is a check mark. The menus, the keyboard shortcuts and the help overlay's list are all built from
:data:`COMMANDS` (``qt/menus.py``, ``qt/widgets/help_overlay.py``), and so is the tray icon's menu (the
commands marked ``tray``); nothing else names a key. :class:`Commands` is the table at run time: whoever
can carry a command out binds a handler to it (the app context its own, the window and the player theirs),
and the check marks and enabled states are read from the state through the ``checked``/``enabled``
functions given at binding. ``state_changed`` tells
the menus to read them again, so a check mark follows the state and is never set by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, Signal

from stretch_timer.app.settings import THEME_CHOICES
from stretch_timer.core.muscles import CRAMP_MUSCLES, muscle_name


class Where(Enum):
    """Where a command's keys work."""

    WINDOW = "window"
    """Anywhere in the main window, even with the menu bar hidden (full screen)."""
    PLAYER = "player"
    """While the player page shows (they would mean nothing elsewhere)."""
    EDITOR = "editor"
    """While the routine editor shows (its undo is the draft's, its Alt+Up moves a step)."""
    TRAY = "tray"
    """Only in the tray icon's menu: no keys, no window menu (the window has its own ways to these)."""


class Menu(Enum):
    APP = "&Stretch Timer"
    ROUTINE = "&Routine"
    VIEW = "&View"
    THEME = "&Theme"  # a submenu of View
    HELP = "&Help"
    CRAMP = "Cramp &now"  # a submenu of the tray's menu


@dataclass(frozen=True)
class Command:
    id: str
    title: str
    """The menu entry (``&`` marks its mnemonic)."""
    help: str = ""
    """What the key does, for the help overlay; empty: not listed there."""
    keys: tuple[str, ...] = ()
    """Key sequences in QKeySequence's portable text; the first is the one shown."""
    menu: Menu | None = None
    where: Where = Where.WINDOW
    checkable: bool = False
    tray: bool = False
    """Offered in the tray icon's menu too (in table order, Quit last; see ``qt/menus.py``)."""

    @property
    def plain_title(self) -> str:
        """The title without its mnemonic mark, for lists and screen readers."""
        return self.title.replace("&&", "\0").replace("&", "").replace("\0", "&")


def _cramp_commands() -> tuple[Command, ...]:
    """Cramp now ▸ in the tray: one entry per muscle Cramp now always offers (``cramp.calf``…)."""
    used: set[str] = set()
    commands = []
    for muscle in CRAMP_MUSCLES:  # each its own mnemonic: Foot and Front of thigh cannot both be F
        name = muscle_name(muscle)
        at = next((i for i, c in enumerate(name) if c.isalpha() and c.lower() not in used), 0)
        used.add(name[at].lower())
        commands.append(Command(f"cramp.{muscle}", f"{name[:at]}&{name[at:]}", menu=Menu.CRAMP, where=Where.TRAY,
                                tray=True))
    return tuple(commands)


def _theme_commands() -> tuple[Command, ...]:
    return tuple(Command(f"theme.{value}", label, menu=Menu.THEME, checkable=True) for value, label in THEME_CHOICES)


COMMANDS: tuple[Command, ...] = (
    Command("library", "&Library", keys=("Ctrl+L",), menu=Menu.APP),
    Command("reload", "&Reload routines", "Read the routine files again", keys=("F5",), menu=Menu.APP),
    Command("settings", "&Settings…", keys=("Ctrl+,",), menu=Menu.APP),
    Command("history.show", "&History", "Past sessions and the cramp diary", keys=("Ctrl+H",), menu=Menu.APP),
    Command("quit", "&Quit", keys=("Ctrl+Q",), menu=Menu.APP, tray=True),
    Command("routine.new", "&New routine", "Make a new routine", keys=("Ctrl+N",), menu=Menu.ROUTINE),
    Command("routine.edit", "&Edit routine", "Edit the routine shown or chosen", keys=("Ctrl+E",),
            menu=Menu.ROUTINE),
    Command("routine.duplicate", "D&uplicate routine", menu=Menu.ROUTINE),
    Command("routine.delete", "&Delete routine", menu=Menu.ROUTINE),
    Command("routine.undelete", "&Undo delete", menu=Menu.ROUTINE),
    Command("routine.restore", "&Restore bundled version", menu=Menu.ROUTINE),
    Command("routine.import", "&Import routine…", keys=("Ctrl+O",), menu=Menu.ROUTINE),
    Command("routine.export", "E&xport routine…", menu=Menu.ROUTINE),
    Command("open_folder", "&Open routines folder", menu=Menu.ROUTINE),
    Command("fullscreen", "&Full screen", "Full screen on or off", keys=("F", "F11"), menu=Menu.VIEW,
            checkable=True),
    Command("mute", "&Mute this run", "Mute or unmute the sounds for this run", keys=("M",), menu=Menu.VIEW,
            checkable=True),
    Command("large_type", "&Large type", keys=("Ctrl++",), menu=Menu.VIEW, checkable=True),
    *_theme_commands(),
    Command("help", "&Keyboard shortcuts", "Show or hide this list", keys=("?", "Shift+?", "F1"), menu=Menu.HELP),
    Command("about", "&About Stretch Timer", menu=Menu.HELP),
    # The player's keys: no menu entry (the player has buttons for each), listed in the help overlay.
    Command("player.pause", "Pause or resume", "Pause or resume", keys=("Space",), where=Where.PLAYER),
    Command("player.skip", "Skip", "Skip to the next part", keys=("Right",), where=Where.PLAYER),
    Command("player.back", "Back", "Back to the previous part", keys=("Left",), where=Where.PLAYER),
    Command("player.restart", "Restart step", "Restart this step", keys=("R",), where=Where.PLAYER),
    Command("player.ease_off", "Ease off", "Ease off (pause, and note it hurt)", keys=("E",), where=Where.PLAYER),
    Command("player.let_go", "It let go", "It let go: the cramp eased (ends a hold-until-it-lets-go)", keys=("L",),
            where=Where.PLAYER),
    Command("player.stop", "Stop", "Stop the routine (asks first)", keys=("Escape",), where=Where.PLAYER),
    # The editor's keys: its buttons carry the same commands; listed in the help overlay.
    Command("editor.undo", "Undo", "Undo the last change (editor)", keys=("Ctrl+Z",), where=Where.EDITOR),
    Command("editor.redo", "Redo", "Redo (editor)", keys=("Ctrl+Shift+Z", "Ctrl+Y"), where=Where.EDITOR),
    Command("editor.save", "Save", "Save the routine (editor)", keys=("Ctrl+S",), where=Where.EDITOR),
    Command("editor.step_up", "Move step up", "Move the chosen step up (editor)", keys=("Alt+Up",),
            where=Where.EDITOR),
    Command("editor.step_down", "Move step down", "Move the chosen step down (editor)", keys=("Alt+Down",),
            where=Where.EDITOR),
    Command("editor.step_duplicate", "Duplicate step", "Duplicate the chosen step (editor)", keys=("Ctrl+D",),
            where=Where.EDITOR),
    # The tray icon's menu (with Quit): these reach the app when its window is hidden.
    Command("window.show", "&Open Stretch Timer", where=Where.TRAY, tray=True),
    *_cramp_commands(),
    Command("bedtime.start", "Start &bedtime routine", where=Where.TRAY, tray=True),
    Command("cramp.log", "&Log a cramp…", where=Where.TRAY, tray=True),
)

KEY_NAMES = {"Space": "Space", "Right": "→  Right", "Left": "←  Left", "Escape": "Esc"}


def key_label(key: str) -> str:
    """How the help overlay shows a key."""
    return KEY_NAMES.get(key, key)


def help_rows(table: tuple[Command, ...] = COMMANDS) -> tuple[tuple[str, str], ...]:
    """(key, what it does) for the help overlay: the player's keys first, then the window's, then the editor's."""
    listed = [command for command in table if command.help and command.keys]
    order = {Where.PLAYER: 0, Where.WINDOW: 1, Where.EDITOR: 2}
    listed.sort(key=lambda command: order[command.where])
    return tuple((key_label(command.keys[0]), command.help) for command in listed)


@dataclass
class _Binding:
    handler: Callable[..., object]
    checked: Callable[[], bool] | None
    enabled: Callable[[], bool] | None


class Commands(QObject):
    """The command table with its handlers for this app (one per app context; not a global registry)."""

    state_changed = Signal()
    """Some check mark or enabled state may be different now: read them again."""
    triggered = Signal(str)
    """A command was carried out (its id), whichever menu, key or tray entry asked."""

    def __init__(self, table: tuple[Command, ...] = COMMANDS, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.table = table
        self._by_id = {command.id: command for command in table}
        if len(self._by_id) != len(table):
            raise ValueError("command ids must be unique")
        self._bindings: dict[str, _Binding] = {}

    def __getitem__(self, command_id: str) -> Command:
        return self._by_id[command_id]

    def offered(self, where: Where) -> tuple[Command, ...]:
        return tuple(command for command in self.table if command.where is where)

    def in_tray(self) -> tuple[Command, ...]:
        """The tray menu's commands, in table order."""
        return tuple(command for command in self.table if command.tray)

    def in_menu(self, menu: Menu) -> tuple[Command, ...]:
        return tuple(command for command in self.table if command.menu is menu)

    def bind(self, command_id: str, handler: Callable[..., object], *, checked: Callable[[], bool] | None = None,
             enabled: Callable[[], bool] | None = None) -> None:
        """``handler()`` carries the command out (``handler(on)`` for a check mark); ``checked()`` and
        ``enabled()`` read the state it follows. Binding again replaces the handler."""
        command = self._by_id[command_id]
        if command.checkable and checked is None:
            raise ValueError(f"{command_id}: a check mark needs the state it follows")
        self._bindings[command_id] = _Binding(handler, checked, enabled)
        self.state_changed.emit()

    def is_bound(self, command_id: str) -> bool:
        return command_id in self._bindings

    def is_checked(self, command_id: str) -> bool:
        binding = self._bindings.get(command_id)
        return bool(binding is not None and binding.checked is not None and binding.checked())

    def is_enabled(self, command_id: str) -> bool:
        binding = self._bindings.get(command_id)
        return binding is not None and (binding.enabled is None or binding.enabled())

    def trigger(self, command_id: str, on: bool | None = None) -> bool:
        """Carry out the command (a check mark: turn it to ``on``, or flip it); False if it cannot be now."""
        command = self._by_id[command_id]
        binding = self._bindings.get(command_id)
        if binding is None or not self.is_enabled(command_id):
            return False
        if command.checkable:
            binding.handler(not self.is_checked(command_id) if on is None else bool(on))
        else:
            binding.handler()
        self.triggered.emit(command_id)
        self.state_changed.emit()
        return True

    def refresh(self) -> None:
        """The state changed in a way the commands cannot see (a window went full screen): tell the menus."""
        self.state_changed.emit()
