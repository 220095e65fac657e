"""A real HTTPS server on 127.0.0.1, for real TLS handshakes (the emulator has none to offer).

    with LocalHttpsServer(certificate_pem, key_pem) as server:
        ...connect to ("127.0.0.1", server.port)...

The server listens on a free loopback port, answers every GET with one line of text, and is shut
down when the `with` block ends, whatever happens inside it. Every socket has a timeout, so a
client that never finishes its handshake cannot hang the server either. Handshakes the server
refuses are kept in `server.refused`, as OpenSSL names the reason.
"""

from __future__ import annotations

import http.server
import os
import ssl
import tempfile
import threading

from labs.errors import LabError

LOOPBACK = "127.0.0.1"
TIMEOUT_SECONDS = 5
GREETING = b"Hello from the community app, over TLS.\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (the name http.server calls)
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(GREETING)))
        self.end_headers()
        self.wfile.write(GREETING)

    def log_message(self, *_args):  # no request log in the notebook
        pass


class _TlsServer(http.server.HTTPServer):
    """Accepts plain TCP, then does the TLS handshake itself, with a timeout, so that a refused
    handshake is recorded instead of stopping the server."""

    def __init__(self, context: ssl.SSLContext):
        self.context = context
        self.refused: list[str] = []
        super().__init__((LOOPBACK, 0), _Handler)

    def get_request(self):
        sock, address = self.socket.accept()
        sock.settimeout(TIMEOUT_SECONDS)
        try:
            return self.context.wrap_socket(sock, server_side=True), address
        except (ssl.SSLError, OSError) as error:
            self.refused.append(getattr(error, "reason", None) or str(error))
            sock.close()
            raise

    def handle_error(self, request, client_address):  # a client that hung up: nothing to print
        pass


class LocalHttpsServer:
    """An HTTPS server on 127.0.0.1 with your certificate and key, for the length of a `with` block.

    `certificate_pem` may be the certificate followed by its chain. `minimum_version` is the oldest
    TLS version the server accepts (TLS 1.2 by default, as every current ELB policy requires).
    """

    def __init__(self, certificate_pem: bytes, key_pem: bytes,
                 minimum_version: ssl.TLSVersion = ssl.TLSVersion.TLSv1_2):
        self.context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.context.minimum_version = minimum_version
        with tempfile.TemporaryDirectory(prefix="labs-tls-") as folder:
            cert_file, key_file = os.path.join(folder, "cert.pem"), os.path.join(folder, "key.pem")
            with open(cert_file, "wb") as f:
                f.write(_as_bytes(certificate_pem))
            with open(key_file, "wb") as f:
                f.write(_as_bytes(key_pem))
            try:
                self.context.load_cert_chain(cert_file, key_file)
            except ssl.SSLError as error:
                raise LabError(
                    f"The server cannot use this certificate and key ({error.reason}): is the key the "
                    "one the certificate was made for, and are both PEM?",
                    f"서버가 이 인증서와 키를 쓸 수 없습니다({error.reason}). 키가 이 인증서를 만들 때 쓴 키인지, "
                    "둘 다 PEM 형식인지 확인하세요.",
                ) from None
        self._server: _TlsServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def host(self) -> str:
        return LOOPBACK

    @property
    def port(self) -> int:
        return self._server.server_address[1]

    @property
    def refused(self) -> list[str]:
        """Why the server refused each handshake it refused, in OpenSSL's words."""
        return list(self._server.refused) if self._server else []

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> LocalHttpsServer:
        self._server = _TlsServer(self.context)
        self._server.timeout = TIMEOUT_SECONDS
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name=f"labs-https-{self.port}", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=TIMEOUT_SECONDS)
        self._thread = None

    def __enter__(self) -> LocalHttpsServer:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def __repr__(self) -> str:
        from labs.language import current

        minimum = self.context.minimum_version.name
        if current() == "ko":
            state = f"https://{LOOPBACK}:{self.port}에서 대기 중" if self.running else "멈춤"
            return f"<LocalHttpsServer {state}, {minimum} 이상>"
        state = f"listening on https://{LOOPBACK}:{self.port}" if self.running else "stopped"
        return f"<LocalHttpsServer {state}, TLS {minimum} or later>"


def _as_bytes(value) -> bytes:
    return value.encode() if isinstance(value, str) else bytes(value)


def outdated_client_context(cadata) -> ssl.SSLContext:
    """A client stuck around 2015: it offers TLS 1.0 and 1.1 only (and trusts `cadata`).

    Python warns about these versions, and OpenSSL 3 turns them off by default (security level
    0 is needed for the SHA-1 signatures they rely on), so the lab builds this client for you."""
    import warnings

    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(cadata=cadata.decode() if isinstance(cadata, bytes) else cadata)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = ssl.TLSVersion.TLSv1
        context.maximum_version = ssl.TLSVersion.TLSv1_1
    context.set_ciphers("DEFAULT:@SECLEVEL=0")
    return context
