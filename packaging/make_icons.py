"""Render the app icon (resources/icons/facilitator.svg) to PNGs, .ico and .icns.

Run with `uv run --group packaging python packaging/make_icons.py`. Qt's SVG renderer draws
each size; Pillow (a packaging tool only, never needed by the app) writes the Windows and
macOS containers. The generated files are committed, so a build needs this only after the
SVG changes.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "facilitator.svg"
PNG_DIR = ROOT / "packaging" / "icons"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_pngs() -> dict[int, Path]:
    """Draw the SVG at every size with QtSvg and return the PNG written for each."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"Cannot read {SVG}")
    PNG_DIR.mkdir(parents=True, exist_ok=True)
    written = {}
    for size in SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        path = PNG_DIR / f"facilitator-{size}.png"
        if not image.save(str(path), "PNG"):
            raise SystemExit(f"Cannot write {path}")
        written[size] = path
    return written


def write_containers(pngs: dict[int, Path]) -> None:
    """Write facilitator.ico (Windows) and facilitator.icns (macOS) from the PNGs."""
    from PIL import Image

    largest = Image.open(pngs[max(pngs)])
    ico_images = [Image.open(pngs[size]) for size in ICO_SIZES]
    ico_images[-1].save(
        PNG_DIR / "facilitator.ico",
        format="ICO",
        sizes=[(size, size) for size in ICO_SIZES],
        append_images=ico_images[:-1],
    )
    largest.save(PNG_DIR / "facilitator.icns", format="ICNS")


def main() -> int:
    pngs = render_pngs()
    write_containers(pngs)
    for path in sorted(PNG_DIR.iterdir()):
        print(f"{path.relative_to(ROOT)}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
