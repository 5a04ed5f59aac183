"""An inline stretch's own picture in the custom stretch form: a preview, the reference written in the step,
and Choose / Remove buttons.

Split from the form so the form deals in document values and problem marks, and this with the picture itself:
finding the file a reference names (beside the routine, or among the bundled pictures), previewing it, and
asking for a new one. Choosing goes through the editor's ``add_picture`` (which checks the file and copies it
beside the user's routines); a picture just added previews from the chosen file until the draft's folder
has it. The field only says what happened (:attr:`PictureField.chosen`, :attr:`removed`, :attr:`refused`);
the form turns that into an edit.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from stretch_timer import paths
from stretch_timer.core.images import IMAGE_SUFFIXES, ImageError, resolve_image
from stretch_timer.qt.pages.thumbnail import Thumbnail
from stretch_timer.qt.widgets.labels import role_label

PICTURE_FILTER = "Pictures ({})".format(" ".join(f"*{suffix}" for suffix in IMAGE_SUFFIXES))


class PictureField(QWidget):
    """The picture row: preview, file reference, Choose and Remove."""

    chosen = Signal(str)
    """A picture was chosen and added: the reference to write in ``image``."""
    removed = Signal()
    """The person removed the picture."""
    refused = Signal(str)
    """A chosen file cannot be used: why, for the person (plain text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._add_picture: Callable[[Path], str] | None = None
        self._folder: Path | None = None
        self._path: Path | None = None
        self._added: dict[str, Path] = {}
        """Pictures added here, by reference: the chosen file previews one until it is found beside the routine."""
        self.reference: str | None = None
        """What the step's ``image`` says (None: no picture)."""

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.preview = self._new_preview(None)
        row.addWidget(self.preview, 0, Qt.AlignmentFlag.AlignTop)
        side = QVBoxLayout()
        self.picture_name = role_label("No picture", "muted", wrap=True)
        self.picture_name.setAccessibleName("Picture file")
        self.choose_button = QPushButton("Choose picture…")
        self.choose_button.setAccessibleName("Choose picture")
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton("Remove picture")
        self.remove_button.setAccessibleName("Remove picture")
        self.remove_button.clicked.connect(self.remove)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        side.addWidget(self.picture_name)
        side.addLayout(buttons)
        side.addStretch(1)
        row.addLayout(side, 1)
        self._update_buttons()

    def set_add_picture(self, add_picture: Callable[[Path], str] | None) -> None:
        """What Choose calls with the chosen file (see :meth:`CustomStretchForm.set_add_picture`)."""
        self._add_picture = add_picture
        self._update_buttons()

    def set_folder(self, folder: Path) -> None:
        """Where relative references are found: beside the routine's file."""
        self._folder = folder

    def show_reference(self, reference: str | None) -> None:
        """Preview the picture ``reference`` names (a placeholder when it cannot be found)."""
        path: Path | None = None
        if reference:
            try:
                path = resolve_image(reference, self._folder or Path(), self._bundled_images())
            except ImageError:  # a picture just added lives in the user's folder, maybe not beside the draft yet
                path = self._added.get(reference)
        if path != self._path:
            old = self.preview
            self.preview = self._new_preview(path)
            layout = self.layout()
            assert layout is not None
            layout.replaceWidget(old, self.preview)
            old.setParent(None)  # gone from the form now, not at the next turn of the event loop
            old.deleteLater()
        self._path = path
        self.reference = reference
        self.picture_name.setText(reference or "No picture")
        self._update_buttons()

    def choose(self) -> None:
        """Ask for a picture file and add it (says :attr:`chosen`, or :attr:`refused` with why)."""
        if self._add_picture is None:
            return
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.PicturesLocation)
        chosen, _filter = QFileDialog.getOpenFileName(self, "Choose a picture", start, PICTURE_FILTER)
        if not chosen:
            return
        file = Path(chosen)
        try:
            reference = self._add_picture(file)
        except ValueError as error:  # add_picture's message names the file already
            self.refused.emit(str(error) or f"{file.name} cannot be used as a picture")
            return
        self._added[reference] = file
        self.show_reference(reference)
        self.chosen.emit(reference)

    def remove(self) -> None:
        self.show_reference(None)
        self.removed.emit()

    @property
    def first_focus(self) -> QWidget:
        """Where the field's label sends the keyboard."""
        return self.choose_button

    @staticmethod
    def _bundled_images() -> tuple[Path, ...]:
        try:
            return (paths.bundled_images_dir(),)
        except Exception:  # a damaged install: no bundled pictures to preview
            return ()

    def _new_preview(self, path: Path | None) -> Thumbnail:
        size = max(72, self.fontMetrics().height() * 5)
        preview = Thumbnail(path, size)
        preview.setAccessibleName("Picture preview")
        preview.setAccessibleDescription(preview.problem or ("No picture" if path is None else path.name))
        return preview

    def _update_buttons(self) -> None:
        self.choose_button.setEnabled(self._add_picture is not None)
        self.choose_button.setText("Choose another picture…" if self.reference else "Choose picture…")
        self.remove_button.setVisible(bool(self.reference))
