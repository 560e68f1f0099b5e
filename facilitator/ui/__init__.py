"""The Qt interface: the only layer that imports PySide6 and qtawesome."""
