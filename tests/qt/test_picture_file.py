"""The Qt picture reader draws only what the core's checks accepted, from the very bytes they checked.

A picture that names another file would make QtSvg draw that file, and Qt would happily decode an SVG (or any
other format it can sniff) out of a file named ``.png``; both come back as a problem and the widgets show their
placeholder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter

from stretch_timer.core.images import IMAGE_SUFFIXES
from stretch_timer.qt.widgets import picture_file
from stretch_timer.qt.widgets.picture_file import read_picture
from stretch_timer.qt.widgets.pose_view import PoseView

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "assets" / "images").glob("*.svg"))


def red_png(path: Path) -> Path:
    image = QImage(20, 20, QImage.Format.Format_ARGB32)
    image.fill(QColor("#ff0000"))
    assert image.save(str(path), "PNG")
    return path


def referring_svg(target: Path) -> bytes:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        f'width="20" height="20" viewBox="0 0 20 20"><image xlink:href="{target}" width="20" height="20"/></svg>'
    ).encode()


def centre_pixel(path: Path) -> QColor | None:
    """What read_picture draws at the centre of a 20×20 canvas, or None when it refuses the picture."""
    picture = read_picture(path)
    if not picture.ok:
        return None
    canvas = QImage(20, 20, QImage.Format.Format_ARGB32)
    canvas.fill(Qt.GlobalColor.transparent)
    painter = QPainter(canvas)
    picture.render(painter, QRectF(0, 0, 20, 20))
    painter.end()
    return canvas.pixelColor(10, 10)


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A picture elsewhere on the machine that a shared routine must not be able to show."""
    folder = tmp_path / "private"
    folder.mkdir()
    return red_png(folder / "secret.png")


def test_an_svg_that_names_another_file_is_refused(qapp, tmp_path: Path, secret: Path) -> None:  # type: ignore[no-untyped-def]
    evil = tmp_path / "evil.svg"
    evil.write_bytes(referring_svg(secret))
    picture = read_picture(evil)
    assert not picture.ok and picture.svg is None and picture.image is None
    assert picture.problem.startswith("Picture not shown: evil.svg refers to another file (")
    assert secret.name in picture.problem and "\n" not in picture.problem


def test_an_svg_renamed_to_png_is_not_decoded_as_svg(qapp, tmp_path: Path, secret: Path) -> None:  # type: ignore[no-untyped-def]
    disguised = tmp_path / "disguised.png"
    disguised.write_bytes(referring_svg(secret))
    assert centre_pixel(disguised) is None
    harmless = tmp_path / "harmless.png"
    harmless.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect/></svg>')
    picture = read_picture(harmless)
    assert not picture.ok and picture.problem == "Picture not shown: harmless.png is not PNG data"


def test_a_bitmap_is_decoded_only_as_the_format_its_suffix_names(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    real = red_png(tmp_path / "real.png")
    colour = centre_pixel(real)
    assert colour is not None and colour.red() == 255
    as_jpeg = tmp_path / "png-named.jpg"
    as_jpeg.write_bytes(real.read_bytes())
    assert centre_pixel(as_jpeg) is None
    jpeg = tmp_path / "real.jpg"
    image = QImage(20, 20, QImage.Format.Format_RGB32)
    image.fill(QColor("#0000ff"))
    assert image.save(str(jpeg), "JPEG")
    colour = centre_pixel(jpeg)
    assert colour is not None and colour.blue() > 200


def test_a_png_with_the_right_signature_but_broken_data_is_a_problem(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    picture = read_picture(broken)
    assert not picture.ok and picture.problem.startswith("Picture could not be read: broken.png")


def test_a_self_contained_svg_is_drawn_from_the_checked_bytes(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "good.svg"
    good.write_bytes(b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 20 20">'
                     b'<rect width="20" height="20" fill="#00ff00"/></svg>')
    colour = centre_pixel(good)
    assert colour is not None and colour.green() == 255


def test_qt_draws_the_bytes_that_were_checked_not_the_file_again(  # type: ignore[no-untyped-def]
    qapp, tmp_path: Path, secret: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Were the file read a second time, one swapped between the check and the drawing would get through."""
    evil = tmp_path / "evil.svg"
    evil.write_bytes(referring_svg(secret))
    checked = (b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="0 0 20 20">'
               b'<rect width="20" height="20" fill="#00ff00"/></svg>')
    monkeypatch.setattr(picture_file, "read_picture_bytes", lambda path: checked)
    colour = centre_pixel(evil)
    assert colour is not None and (colour.green(), colour.red()) == (255, 0)


def test_every_bitmap_suffix_has_a_fixed_decoder() -> None:
    assert set(picture_file._BITMAP_FORMATS) == set(IMAGE_SUFFIXES) - {".svg"}


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_bundled_picture_is_read(qapp, path: Path) -> None:  # type: ignore[no-untyped-def]
    picture = read_picture(path)
    assert picture.ok, picture.problem
    assert not picture.natural_size().isEmpty()


def test_the_pose_view_shows_its_placeholder_for_a_refused_picture(qtbot, tmp_path: Path, secret: Path) -> None:  # type: ignore[no-untyped-def]
    evil = tmp_path / "evil.svg"
    evil.write_bytes(referring_svg(secret))
    view = PoseView()
    qtbot.addWidget(view)
    view.resize(200, 200)
    view.set_image(evil, False, name="Calf stretch")
    assert not view.has_picture
    assert "refers to another file" in view.problem
    assert view.grab().width() == 200
