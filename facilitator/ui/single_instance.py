"""One window per data folder: a second launch asks the first to come forward, then stops.

The first instance listens on a local socket (a Unix domain socket, or a named pipe on
Windows: never a network connection) whose name is derived from the user and the data
folder, so two folders can each have their own window. A second launch on the same folder
connects, asks the first to show itself and waits for its answer.

This is a courtesy, not the guarantee: the instance lock on the folder (storage/lock.py)
still stops a second writer if the socket cannot be used.
"""

from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from facilitator.ui.instance_name import server_name

SHOW = b"show\n"
SHOWN = b"shown\n"
ANSWER_TIMEOUT_MS = 1500
ALREADY_OPEN = "Facilitator already has this data open; its window has been brought forward."


class SingleInstance(QObject):
    """The courtesy channel between two launches on one data folder."""

    show_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self._server: QLocalServer | None = None

    def ask_running_to_show(self, *, timeout_ms: int = ANSWER_TIMEOUT_MS) -> bool:
        """Ask an instance already open on this folder to bring its window forward; return
        True if one answered that it did.

        Waits in a local event loop rather than blocking, so the asking and the answering
        instance may even share one process (as they do in tests).
        """
        # Owned here, not by a parent: all three go when this returns, never later.
        socket, loop = QLocalSocket(), QEventLoop()
        timer = QTimer(singleShot=True, interval=timeout_ms)
        answer = bytearray()

        def read() -> None:
            answer.extend(socket.readAll().data())
            if answer.endswith(b"\n"):
                loop.quit()

        socket.connected.connect(lambda: socket.write(SHOW))
        socket.readyRead.connect(read)
        socket.errorOccurred.connect(loop.quit)
        socket.disconnected.connect(loop.quit)
        timer.timeout.connect(loop.quit)
        socket.connectToServer(self.name)
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            timer.start()
            loop.exec()
        timer.stop()
        socket.abort()
        return bytes(answer) == SHOWN

    def listen(self) -> bool:
        """Answer later launches on this folder; False if the channel cannot be opened (the
        instance lock still protects the data)."""
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if not server.listen(self.name):
            # A socket file left by an instance that crashed: nobody answered on it above.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                server.deleteLater()
                return False
        server.newConnection.connect(self._answer)
        self._server = server
        return True

    @property
    def listening(self) -> bool:
        return self._server is not None and self._server.isListening()

    def _answer(self) -> None:
        assert self._server is not None
        # Each connection is a child of the server and goes with it (a later launch is
        # rare). Slots are this object's methods, never lambdas holding a connection: those
        # outlived their objects and crashed PySide.
        while (connection := self._server.nextPendingConnection()) is not None:
            connection.readyRead.connect(self._read_request)
            if connection.bytesAvailable():
                self._answer_one(connection)

    @Slot()
    def _read_request(self) -> None:
        connection = self.sender()
        if isinstance(connection, QLocalSocket):
            self._answer_one(connection)

    def _answer_one(self, connection: QLocalSocket) -> None:
        if connection.canReadLine() and connection.readLine().data() == SHOW:
            connection.write(SHOWN)
            connection.flush()
            self.show_requested.emit()

    def close(self) -> None:
        """Stop answering (the app is closing)."""
        if self._server is None:
            return
        for connection in self._server.findChildren(QLocalSocket):
            connection.readyRead.disconnect(self._read_request)
            connection.abort()
        self._server.close()
        self._server.deleteLater()
        self._server = None


def bring_forward(window: QWidget) -> None:
    """Show `window` in front (its live window instead, while a session runs), un-minimised,
    where the platform allows it."""
    target = getattr(window, "live_window", None) or window
    state = target.windowState() & ~Qt.WindowState.WindowMinimized
    target.setWindowState(state | Qt.WindowState.WindowActive)
    target.show()
    target.raise_()
    target.activateWindow()
