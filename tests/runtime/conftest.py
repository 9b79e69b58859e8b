"""Fixtures for the runtime tests.

The runtime modules in templates/runtime/ use relative imports (they are copied into every
generated package), so they are copied here into a temporary package ``rtpkg`` and imported
from there.
"""

from __future__ import annotations

import importlib
import shutil
import sys
import uuid
from types import SimpleNamespace
from typing import Any, Callable, Iterator

import pytest

from rt_server import RUNTIME_DIR, SleepRecorder, TestServer

PACKAGE = "rtpkg"


@pytest.fixture(scope="session")
def rt(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    root = tmp_path_factory.mktemp("runtime_pkg")
    pkg = root / PACKAGE
    pkg.mkdir()
    for source in RUNTIME_DIR.glob("*.py"):
        shutil.copy(source, pkg / source.name)
    (pkg / "__init__.py").write_text("")
    (pkg / "py.typed").write_text("")
    sys.path.insert(0, str(root))
    try:
        modules = {
            name: importlib.import_module(f"{PACKAGE}.{name}")
            for name in (
                "_types",
                "_exceptions",
                "_auth",
                "_core",
                "_response",
                "_base_client",
                "_deadline",
                "_reading",
                "_redact",
            )
        }
        yield SimpleNamespace(
            root=root,
            pkg=pkg,
            types=modules["_types"],
            exc=modules["_exceptions"],
            auth=modules["_auth"],
            core=modules["_core"],
            response=modules["_response"],
            base=modules["_base_client"],
            deadline=modules["_deadline"],
            reading=modules["_reading"],
            redact=modules["_redact"],
        )
    finally:
        sys.path.remove(str(root))


@pytest.fixture(scope="session")
def server() -> Iterator[TestServer]:
    srv = TestServer()
    yield srv
    srv.stop()


@pytest.fixture
def sleeps() -> SleepRecorder:
    return SleepRecorder()


@pytest.fixture
def key() -> str:
    """A fresh key for the server's per-test hit counters."""
    return uuid.uuid4().hex[:12]


@pytest.fixture
def make_client(
    rt: SimpleNamespace, server: TestServer, sleeps: SleepRecorder
) -> Iterator[Callable[..., Any]]:
    clients: list[Any] = []

    def factory(**kwargs: Any) -> Any:
        kwargs.setdefault("base_url", server.url)
        kwargs.setdefault("auth", None)
        kwargs.setdefault("user_agent", "rt-tests/1.0")
        kwargs.setdefault("sleep", sleeps)
        client = rt.base.SyncAPIClient(**kwargs)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client.close()


@pytest.fixture
def make_signer(rt: SimpleNamespace) -> Callable[[], Any]:
    """Factory of HMAC body-signature auth objects holding the test server's keys."""
    from rt_server import PRIVATE_KEY, PUBLIC_KEY, PUBLIC_KEY_HEADER, SIGNATURE_HEADER

    def factory() -> Any:
        return rt.auth.HmacBodySignatureAuth(
            PUBLIC_KEY,
            PRIVATE_KEY,
            public_key_header=PUBLIC_KEY_HEADER,
            signature_header=SIGNATURE_HEADER,
        )

    return factory
