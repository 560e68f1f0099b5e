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
        for phrase in banned:
            assert phrase not in text, f"{module.relative_to(root)} uses {phrase}"
