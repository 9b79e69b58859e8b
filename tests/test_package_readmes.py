"""A new vendor's package README reads right whatever auth its docs show (none, an API key,
HTTP basic auth from `curl -u KEY:`, an HMAC signature), says how to install a package that
is on no index, and basic auth reaches a server on 127.0.0.1 as curl would send it."""

from __future__ import annotations

import base64
import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import pytest

from .conftest import ROOT
from .support.small_packages import build, find_method, load


def _openapi(security: dict[str, Any] | None) -> str:
    doc: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "Gadgets", "version": "1"},
        "servers": [{"url": "https://api.gadgets.example"}],
        "paths": {"/gadgets": {"get": {
            "summary": "List gadgets",
            "responses": {"200": {"description": "ok", "content": {"application/json": {
                "schema": {"type": "object", "properties": {"name": {"type": "string"}}}}}}},
        }}},
    }
    if security:
        doc["components"] = {"securitySchemes": security}
        doc["security"] = [{name: []} for name in security]
    return json.dumps(doc, indent=2)


BASIC_PAGE = """# Create a widget

Creates a widget.

## Body parameters

**`name`** string required — The widget's name.

**`color`** string — The widget's color.

```bash
curl -X POST https://api.example.com/v1/widgets \\
  -u $WIDGETS_API_KEY: \\
  -H "Content-Type: application/json" \\
  -d '{"name": "w", "color": "red"}'
```

Response 200:

```json
{"id": "w_1", "name": "w", "color": "red"}
```
"""


def _section(readme: str, title: str) -> str:
    """The text of one `## title` section, joined into one line per paragraph."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", readme, re.S | re.M)
    assert match, f"no section {title!r}"
    return re.sub(r"(?<!\n)\n(?!\n)", " ", match.group(1)).strip()


@pytest.fixture(scope="module")
def no_auth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("noauth"), "gadgetsopen", {"api.json": _openapi(None)})


@pytest.fixture(scope="module")
def api_key(tmp_path_factory: pytest.TempPathFactory) -> Path:
    scheme = {"key": {"type": "apiKey", "in": "header", "name": "X-Gadget-Key"}}
    return build(tmp_path_factory.mktemp("apikey"), "gadgetskey", {"api.json": _openapi(scheme)})


@pytest.fixture(scope="module")
def basic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("basic"), "widgets", {"widgets.md": BASIC_PAGE})


def test_no_auth_readme_says_no_credentials_are_sent(no_auth: Path) -> None:
    readme = (no_auth / "README.md").read_text(encoding="utf-8")
    auth = _section(readme, "Authenticate")
    assert auth.startswith("The docs describe no authentication, so the client sends no credentials.")
    assert "api_key" not in auth and "header(s)" not in auth and "``" not in auth
    assert "Credentials never appear" not in auth
    client = (no_auth / "src" / "gadgetsopen_docs2sdk" / "_client.py").read_text(encoding="utf-8")
    assert "api_key" not in client


def test_api_key_readme_names_the_variable_and_the_header(api_key: Path) -> None:
    auth = _section((api_key / "README.md").read_text(encoding="utf-8"), "Authenticate")
    assert auth.startswith("Pass `api_key=` or set the `GADGETSKEY_API_KEY` environment variable. "
                           "The key is sent in the `X-Gadget-Key` header.")
    assert "Credentials never appear in logs or errors" in auth


def test_basic_auth_readme_says_the_key_is_the_user_name(basic: Path) -> None:
    auth = _section((basic / "README.md").read_text(encoding="utf-8"), "Authenticate")
    # The variable is the one the docs' curl sample reads the key from.
    assert auth.startswith("The API uses HTTP basic auth. Pass `api_key=` or set the `WIDGETS_API_KEY` "
                           "environment variable: the key is sent as the user name")
    assert "`WIDGETS_PASSWORD`, empty when neither is given (as in `curl -u KEY:`)." in auth


def test_hmac_readme_explains_the_signature() -> None:
    readme = (ROOT / "generated" / "onchainpay" / "README.md").read_text(encoding="utf-8")
    auth = _section(readme, "Authenticate")
    assert auth.startswith("Every request is signed. Pass `public_key=` and `private_key=`, or set the "
                           "`ONCHAINPAY_PUBLIC_KEY` and `ONCHAINPAY_PRIVATE_KEY` environment variables.")
    assert "sends the signature in `x-api-signature` with the public key in `x-api-public-key`" in auth


def test_install_line_of_a_package_on_no_index(basic: Path) -> None:
    install = _section((basic / "README.md").read_text(encoding="utf-8"), "Install")
    assert "```sh pip install -e . ```" in install and "in the package's folder" in install
    assert "pip install widgets-docs2sdk" not in install
    assert "#subdirectory=<its folder in the repository>'" in install
    for vendor in ("gcore", "partoo", "onchainpay", "aitronos"):
        readme = (ROOT / "generated" / vendor / "README.md").read_text(encoding="utf-8")
        assert f"```sh\npip install -e generated/{vendor}\n```" in readme
        assert f"pip install -e 'generated/{vendor}[aiohttp]'" in readme


def test_readme_has_a_make_free_mock_one_liner_and_the_shipped_tests_name_it(api_key: Path) -> None:
    readme = (api_key / "README.md").read_text(encoding="utf-8")
    assert "npx @stoplight/prism-cli mock openapi.json" in _section(readme, "Trying it against a mock server")
    tests = (api_key / "tests" / "test_client.py").read_text(encoding="utf-8")
    reason = re.search(r'reason="([^"]+)"', tests)
    assert reason and "npx @stoplight/prism-cli mock openapi.json" in reason.group(1)
    assert "GADGETSKEY_BASE_URL=http://127.0.0.1:4010" in reason.group(1)


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        data = json.dumps({"id": "w_1", "name": json.loads(body)["name"],
                           "color": self.headers.get("Authorization", "")}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


@pytest.fixture(scope="module")
def echo_url() -> Iterator[str]:
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Echo)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def widgets(basic: Path) -> ModuleType:
    return load(basic, "widgets_docs2sdk")


def _create(client: Any) -> Any:
    resource, name = find_method(client, "Create")
    return getattr(resource.with_raw_response, name)(name="w")  # type: ignore[attr-defined]


def test_basic_auth_is_sent_as_curl_sends_it(widgets: ModuleType, echo_url: str,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIDGETS_PASSWORD", raising=False)
    with widgets.Client(api_key="sk_test_123", base_url=echo_url) as client:
        raw = _create(client)
    expected = "Basic " + base64.b64encode(b"sk_test_123:").decode()
    assert raw.parse().color == expected
    assert raw.http_response.request.headers["Authorization"] == "<redacted>"
    assert "sk_test_123" not in repr(client)
    monkeypatch.setenv("WIDGETS_API_KEY", "from-env")
    monkeypatch.setenv("WIDGETS_PASSWORD", "pw")
    with widgets.Client(base_url=echo_url) as client:
        sent = _create(client).parse().color
    assert sent == "Basic " + base64.b64encode(b"from-env:pw").decode()
