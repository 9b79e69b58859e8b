"""The clients over real sockets on 127.0.0.1, the async one on both of its transports:
httpx's own and aiohttp (``http_client=DefaultAioHttpClient()``).

A keep-alive connection the server closed while idle is replaced, not used (even for a POST
that may not be retried); a large body arrives whole; TLS works and a certificate the client
does not trust is a connection error; a cancelled call leaves the client usable.
"""

from __future__ import annotations

import asyncio
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, Iterator

import httpx
import pytest

from rt_server import TestServer

BIG = [{"id": i, "name": "x" * 40} for i in range(20000)]  # about 1 MiB of JSON
TRANSPORTS = ("httpx", "aiohttp")


def async_http(rt: SimpleNamespace, transport: str, **kwargs: Any) -> httpx.AsyncClient | None:
    """The ``http_client`` for an async client on ``transport`` (None: the client's own)."""
    if transport == "aiohttp":
        client: httpx.AsyncClient = rt.base.DefaultAioHttpClient(**kwargs)
        return client
    return httpx.AsyncClient(**kwargs) if kwargs else None


class OneShotServer:
    """Answers each request with ``body``; with ``close_after`` it then closes the connection
    (without saying so in the response) after that many seconds."""

    def __init__(
        self, body: bytes, close_after: float | None = None, tls: ssl.SSLContext | None = None
    ) -> None:
        self.body = body
        self.close_after = close_after
        self.tls = tls
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self._stop = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        try:
            if self.tls is not None:
                conn = self.tls.wrap_socket(conn, server_side=True)
            data = b""
            while True:
                while b"\r\n\r\n" not in data:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                head, _, data = data.partition(b"\r\n\r\n")
                length = 0
                for line in head.split(b"\r\n")[1:]:
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                while len(data) < length:
                    data += conn.recv(65536)
                data = data[length:]
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n%s" % (len(self.body), self.body)
                )
                if self.close_after is not None:
                    time.sleep(self.close_after)
                    return
        except OSError:
            return
        finally:
            conn.close()

    def close(self) -> None:
        self._stop = True
        self.listener.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_connection_closed_while_idle_is_replaced(rt: SimpleNamespace, transport: str) -> None:
    server = OneShotServer(b'{"ok": true}', close_after=0.05)
    base_url = f"http://127.0.0.1:{server.port}"
    try:
        with rt.base.SyncAPIClient(
            base_url=base_url, auth=None, user_agent="t", max_retries=0
        ) as client:
            for _ in range(3):
                assert client.request("POST", "/x", json_body={}, cast_to=dict) == {"ok": True}
                time.sleep(0.2)  # the server closes the connection meanwhile

        async def go() -> None:
            async with rt.base.AsyncAPIClient(
                base_url=base_url,
                auth=None,
                user_agent="t",
                max_retries=0,
                http_client=async_http(rt, transport),
            ) as aclient:
                for _ in range(3):
                    result = await aclient.request("POST", "/x", json_body={}, cast_to=dict)
                    assert result == {"ok": True}
                    await asyncio.sleep(0.2)

        asyncio.run(go())
        assert server.connections == 6  # one per call: none was reused after its close
    finally:
        server.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_large_body_arrives_whole(rt: SimpleNamespace, transport: str) -> None:
    big_server = OneShotServer(httpx.Response(200, json=BIG).content)
    try:

        async def go() -> list[dict[str, Any]]:
            async with rt.base.AsyncAPIClient(
                base_url=f"http://127.0.0.1:{big_server.port}",
                auth=None,
                user_agent="t",
                http_client=async_http(rt, transport),
            ) as client:
                result: list[dict[str, Any]] = await client.request(
                    "GET", "/big", cast_to=list[dict[str, Any]]
                )
                return result

        assert asyncio.run(go()) == BIG
    finally:
        big_server.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_a_cancelled_call_leaves_the_client_usable(
    rt: SimpleNamespace, server: TestServer, key: str, transport: str
) -> None:
    async def go() -> None:
        async with rt.base.AsyncAPIClient(
            base_url=server.url,
            auth=None,
            user_agent="t",
            max_retries=0,
            http_client=async_http(rt, transport),
        ) as client:
            slow = client.request("GET", f"/slow/{key}", query={"delay": 0.5}, cast_to=dict)
            with pytest.raises(asyncio.TimeoutError):
                await asyncio.wait_for(slow, 0.1)
            echo = await client.request("GET", "/echo", query={"a": "1"}, cast_to=dict)
            assert echo["method"] == "GET"

    asyncio.run(go())


# -- TLS ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def certificate(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is not installed")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],  # fmt: skip
        check=True,
        capture_output=True,
        timeout=60,
    )
    yield cert, key


@pytest.fixture
def tls_server(certificate: tuple[Path, Path]) -> Iterator[OneShotServer]:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*certificate)
    server = OneShotServer(b'{"tls": true}', tls=context)
    yield server
    server.close()


def _trusting(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_tls_through_both_transports(
    rt: SimpleNamespace,
    certificate: tuple[Path, Path],
    tls_server: OneShotServer,
    transport: str,
) -> None:
    base_url = f"https://127.0.0.1:{tls_server.port}"

    async def go() -> None:
        http = async_http(rt, transport, verify=_trusting(certificate))
        async with rt.base.AsyncAPIClient(
            base_url=base_url, auth=None, user_agent="t", http_client=http
        ) as client:
            for _ in range(2):  # the second call reuses the TLS connection
                raw = await client.request("POST", "/", json_body={}, cast_to=httpx.Response)
                assert raw.status_code == 200 and raw.json() == {"tls": True}
        assert http is not None
        await http.aclose()

    asyncio.run(go())
    assert tls_server.connections == 1


@pytest.mark.parametrize("transport", TRANSPORTS)
def test_an_untrusted_certificate_is_a_connection_error(
    rt: SimpleNamespace, tls_server: OneShotServer, transport: str
) -> None:
    base_url = f"https://127.0.0.1:{tls_server.port}"

    async def go() -> None:
        async with rt.base.AsyncAPIClient(
            base_url=base_url,
            auth=None,
            user_agent="t",
            max_retries=0,
            http_client=async_http(rt, transport),
        ) as client:
            with pytest.raises(rt.exc.APIConnectionError) as info:
                await client.request("GET", "/", cast_to=dict)
        # httpx-aiohttp 0.2.0 reports every aiohttp connection failure, this one included,
        # as a ConnectTimeout (an APITimeoutError, which is an APIConnectionError).
        expected = httpx.ConnectTimeout if transport == "aiohttp" else httpx.ConnectError
        assert type(info.value.__cause__) is expected
        assert "CERTIFICATE_VERIFY_FAILED" in str(info.value.__cause__)

    asyncio.run(go())
    with rt.base.SyncAPIClient(base_url=base_url, auth=None, user_agent="t", max_retries=0) as c:
        with pytest.raises(rt.exc.APIConnectionError) as sync_info:
            c.request("GET", "/", cast_to=dict)
    assert isinstance(sync_info.value.__cause__, httpx.ConnectError)
