"""Counting escapes: every network attempt beyond loopback, recorded at the socket layer, and local
servers that record every request a proxy or a credentials endpoint would receive.

The recorder is an audit hook added *after* the lab's guard (audit hooks run in the order they were
added, and the first that raises stops the event), so it sees exactly what the guard let through:
an attempt it records is an escape. Used by tests/test_guard.py in this process and by
tests/guard_child.py in a fresh one.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import sys
import threading

_recorded: list = []
_on = [False]
_installed = [False]
_hostname = socket.gethostname().lower()


def _beyond_loopback_address(host) -> bool:
    try:
        return not ipaddress.ip_address(str(host).split("%", 1)[0]).is_loopback
    except ValueError:
        return str(host) != "localhost"


def _needs_a_lookup(host) -> bool:
    if host is None:
        return False
    if isinstance(host, (bytes, bytearray)):
        host = bytes(host).decode("ascii", "replace")
    host = str(host).strip("[]").lower().rstrip(".")
    if host in ("", "localhost", _hostname) or host.endswith(".localhost"):
        return False
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
        return False
    except ValueError:
        return True


def _hook(event: str, args) -> None:
    if not _on[0]:
        return
    if event in ("socket.connect", "socket.sendto", "socket.sendmsg"):
        sock, address = args[0], args[-1]
        if getattr(sock, "family", None) in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple):
            if _beyond_loopback_address(address[0]):
                _recorded.append((event, address[0], address[1]))
    elif event in ("socket.getaddrinfo", "socket.gethostbyname") and _needs_a_lookup(args[0]):
        _recorded.append((event, args[0]))
    elif event in ("socket.gethostbyaddr", "socket.getnameinfo"):
        address = args[0][0] if isinstance(args[0], tuple) else args[0]
        if _needs_a_lookup(address) or (str(address).lower() != _hostname and _beyond_loopback_address(address)):
            _recorded.append((event, address))


def install() -> None:
    """Once per process, after `import labs` (so after the guard's own hook)."""
    import labs.guard

    assert labs.guard.is_active(), "install the recorder after the guard, so that it records only escapes"
    if not _installed[0]:
        sys.addaudithook(_hook)
        _installed[0] = True


@contextlib.contextmanager
def recording():
    """Every attempt beyond loopback the guard let through while inside: the list must stay empty."""
    install()
    start = len(_recorded)
    found: list = []
    _on[0] = True
    try:
        yield found
    finally:
        _on[0] = False
        found.extend(_recorded[start:])


class RecordingServer:
    """A server on 127.0.0.1 that records the first line of every request it receives (a proxy's
    CONNECT or absolute URL, a credentials endpoint's GET) and answers 502."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self.connections = 0
        self._socket = socket.create_server(("127.0.0.1", 0))
        self.port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self._socket.accept()
            except OSError:
                return
            self.connections += 1
            with connection:
                connection.settimeout(2)
                try:
                    data = connection.recv(4096)
                except OSError:
                    continue
                if data:
                    self.requests.append(data.split(b"\r\n", 1)[0].decode("latin-1"))
                    with contextlib.suppress(OSError):
                        connection.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")

    def close(self) -> None:
        self._socket.close()


def one_sentence(text: str) -> bool:
    """A message a learner reads: one line, no traceback, one English sentence (Korean may use two)."""
    text = text.strip()
    if not text or "\n" in text or "Traceback" in text or 'File "' in text:
        return False
    if any("\uac00" <= ch <= "\ud7a3" for ch in text):
        return text.count(". ") <= 2
    inner = text[:-1]
    return text.endswith((".", ")", "?")) and not any(
        inner[i:i + 2] == ". " and inner[i + 2:i + 3].isupper() for i in range(len(inner) - 2))
