"""Run the Stoplight Prism mock server for end-to-end tests.

Prism is installed from the repository's ``package.json``/``package-lock.json``
with ``npm ci``; these helpers only ever start the locally installed binary.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Protocol

__all__ = [
    "PrismError",
    "prism_binary",
    "prism_mock",
    "require_prism",
    "violations",
]

REPO_ROOT = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 30.0
POLL_INTERVAL = 0.1
POLL_REQUEST_TIMEOUT = 0.5
STOP_TIMEOUT = 5.0
LOG_TAIL_CHARS = 4000


class PrismError(RuntimeError):
    """Prism is missing, failed to start, or never answered."""


class _HasHeaders(Protocol):
    @property
    def headers(self) -> object: ...


def prism_binary(repo_root: Path | None = None) -> Path:
    """Path of the locally installed Prism binary (it may not exist)."""
    return (repo_root or REPO_ROOT) / "node_modules" / ".bin" / "prism"


def require_prism(repo_root: Path | None = None) -> Path:
    """Return the Prism binary, or raise if ``npm ci`` has not been run.

    This deliberately raises instead of skipping: a silently skipped
    end-to-end suite looks exactly like a passing one.
    """
    root = repo_root or REPO_ROOT
    binary = prism_binary(root)
    if not binary.exists():
        raise PrismError(
            f"Prism mock server not found at {binary}. "
            f"Install the Node test tooling with `npm ci` in {root} "
            "(Node 20+ required)."
        )
    return binary


def violations(response: _HasHeaders) -> str | None:
    """Return Prism's ``sl-violations`` header, or None if the exchange was clean.

    When the spec documents a 400, Prism answers an invalid request with that
    400 and its example body, and the actual reason is only in this header, so
    tests should check it rather than rely on the status alone.

    The header is *not* set when Prism generates its own 422 problem document
    (no 400 in the spec); the reasons are then in the body's ``validation``
    list, so a 422 from Prism is itself a violation.
    """
    headers = response.headers
    get = getattr(headers, "get", None)
    if get is None:
        return None
    value = get("sl-violations")
    return value if value else None


def _free_port() -> int:
    # There is a small race between closing this socket and Prism binding the
    # port, but it is far simpler than parsing the port out of Prism's log
    # when started with ``-p 0``.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _log_tail(log_path: Path) -> str:
    try:
        text = log_path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        return f"<could not read Prism log {log_path}: {exc}>"
    text = text.strip()
    if len(text) > LOG_TAIL_CHARS:
        text = "..." + text[-LOG_TAIL_CHARS:]
    return text or "<empty>"


# Bypass HTTP(S)_PROXY: a proxy would answer for a local server that is not up.
_DIRECT_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers_http(base_url: str) -> bool:
    """True once anything at ``base_url`` returns an HTTP response (404 counts)."""
    try:
        with _DIRECT_OPENER.open(base_url + "/", timeout=POLL_REQUEST_TIMEOUT):
            return True
    except urllib.error.HTTPError:
        return True  # Any status code means the server is up.
    except (OSError, ValueError):
        return False


def _wait_until_ready(
    process: subprocess.Popen[bytes], base_url: str, log_path: Path, timeout: float
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        returncode = process.poll()
        if returncode is not None:
            raise PrismError(
                f"Prism exited with code {returncode} before answering at {base_url}.\n"
                f"Prism log tail:\n{_log_tail(log_path)}"
            )
        if _answers_http(base_url):
            return
        if time.monotonic() >= deadline:
            raise PrismError(
                f"Prism did not answer at {base_url} within {timeout:.0f} s.\n"
                f"Prism log tail:\n{_log_tail(log_path)}"
            )
        time.sleep(POLL_INTERVAL)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def prism_mock(
    spec_path: Path,
    *,
    repo_root: Path | None = None,
    port: int | None = None,
    extra_args: Sequence[str] = (),
    startup_timeout: float = STARTUP_TIMEOUT,
) -> Iterator[str]:
    """Serve ``spec_path`` with Prism and yield its base URL ``http://127.0.0.1:PORT``.

    The binary is started directly with an argument list: killing an ``npx``
    or ``sh -c`` wrapper would leave the real node process listening.
    ``--multiprocess=false`` keeps Prism to a single process so terminating
    it actually frees the port.

    Note that Prism ignores the path part of the spec's ``servers`` URL, so
    clients must use the yielded base URL as is.
    """
    root = repo_root or REPO_ROOT
    binary = require_prism(root)
    spec = Path(spec_path).resolve()
    if not spec.is_file():
        raise PrismError(f"OpenAPI spec not found: {spec}")
    # Tests run in parallel: another worker may take a free port before Prism binds it, so a
    # Prism that exits at start-up on a port we picked is started again on another one.
    attempts = 1 if port is not None else 3
    for attempt in range(attempts):
        chosen_port = port if port is not None else _free_port()
        base_url = f"http://127.0.0.1:{chosen_port}"
        args = [
            str(binary),
            "mock",
            "-h",
            "127.0.0.1",
            "-p",
            str(chosen_port),
            "--multiprocess=false",
            *extra_args,
            str(spec),
        ]
        log_fd, log_name = tempfile.mkstemp(prefix="prism-", suffix=".log")
        log_path = Path(log_name)
        process: subprocess.Popen[bytes] | None = None
        try:
            with os.fdopen(log_fd, "wb") as log_file:
                process = subprocess.Popen(
                    args,
                    cwd=root,
                    stdin=subprocess.DEVNULL,
                    stdout=log_file,
                    stderr=subprocess.STDOUT,
                )
            try:
                _wait_until_ready(process, base_url, log_path, startup_timeout)
            except PrismError:
                if attempt + 1 < attempts and process.poll() is not None and "EADDRINUSE" in _log_tail(log_path):
                    continue
                raise
            yield base_url
            return
        finally:
            if process is not None:
                _stop(process)
            with contextlib.suppress(OSError):
                log_path.unlink()
