"""The network guard itself works, so the offline tests can be trusted."""

import socket

import pytest

from tests.conftest import NetworkUsedError


def test_opening_an_internet_socket_fails_the_test() -> None:
    """A connection attempt to any internet address is refused by the guard."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock, pytest.raises(NetworkUsedError):
        sock.connect(("192.0.2.1", 80))


def test_name_lookups_fail_the_test() -> None:
    """Name resolution is refused too, so no library can phone home by host name."""
    with pytest.raises(NetworkUsedError):
        socket.getaddrinfo("example.org", 443)


def test_package_has_no_network_client_code() -> None:
    """No module of the app imports a network client."""
    from pathlib import Path

    import facilitator

    banned = (
        "import requests",
        "urllib.request",
        "http.client",
        "QNetworkAccessManager",
        "socket.create_connection",
        "import httpx",
        "QtNetwork",
    )
    root = Path(facilitator.__file__).parent
    for module in root.rglob("*.py"):
        text = module.read_text(encoding="utf-8")
        if module.relative_to(root).as_posix() == LOCAL_SOCKETS_MODULE:
            text = text.replace(LOCAL_SOCKETS_IMPORT, "")
        for phrase in banned:
            assert phrase not in text, f"{module.relative_to(root)} uses {phrase}"


# One window per data folder talks over a local socket (a Unix domain socket or a Windows
# named pipe): the only part of QtNetwork the app may use, and only in this module.
LOCAL_SOCKETS_MODULE = "ui/single_instance.py"
LOCAL_SOCKETS_IMPORT = "from PySide6.QtNetwork import QLocalServer, QLocalSocket"


def test_the_single_instance_channel_is_local_only() -> None:
    """The one QtNetwork import is of the local socket classes; no TCP, UDP or TLS."""
    from pathlib import Path

    import facilitator

    text = (Path(facilitator.__file__).parent / LOCAL_SOCKETS_MODULE).read_text(encoding="utf-8")
    assert LOCAL_SOCKETS_IMPORT in text
    for phrase in ("QTcp", "QUdp", "QSsl", "QHostAddress", "QNetwork", "import socket"):
        assert phrase not in text
