"""A `generate` run that fails at any stage leaves generated/ exactly as it was.

Each test works on its own copy of the project's specs/ and generated/ (regenerated first),
in which two vendors' docs changed (a page removed from Aitronos and from Gcore), so a run would rewrite both
packages. The run is then made to fail at one stage: reading (garbage pages, a broken
vendor.yaml) and validation (docs with no operation) through the real CLI in a subprocess;
emitting, formatting, staging (also a full disk) and the swap by injecting a fault in-process.
Afterwards every file under generated/ has the bytes it had, no temporary folder is left, and
the run exited 1 with a message and no traceback. A control run without a fault shows that
the same checks see a change.
"""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import generator.emit.package as package_module
import generator.vendor.plan as vendors_module
from generator.cli.main import main
from generator import writer

ROOT = Path(__file__).resolve().parents[1]
# A page removed from each: both packages change (an operation fewer), so both are written.
REMOVED = {
    "aitronos": "threads-delete_rendered.txt",
    "gcore": "cloud-list-users_rendered.txt",
}
FIRST, SECOND = sorted(REMOVED)  # the order in which vendors are planned, staged and swapped


@pytest.fixture(scope="module")
def changed_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("atomic") / "project"
    shutil.copytree(ROOT / "specs", root / "specs")
    shutil.copytree(ROOT / "generated", root / "generated")
    # Bring the copy up to date with the generator as it is now (generated/ may lag behind a
    # template change), so that exactly the two changed vendors differ below.
    synced = _generate(root)
    assert synced.returncode == 0, synced.stderr
    for vendor, page in REMOVED.items():
        (root / "specs" / vendor / "sources" / page).unlink()
    return root


@pytest.fixture
def project(changed_project: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(changed_project, root)
    return root


def _snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under generated/, with a digest of each file's bytes."""
    generated = root / "generated"
    return {
        path.relative_to(generated).as_posix(): (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "<dir>"
        )
        for path in sorted(generated.rglob("*"))
    }


def _leftovers(root: Path) -> list[str]:
    return sorted(
        p.name for p in (root / "generated").iterdir() if ".new-" in p.name or ".old-" in p.name
    )


def _generate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--root", str(root)],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "DOCS2SDK_DEBUG": ""},
    )


def _generate_in_process(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """The exit code, and stdout and stderr as a terminal shows them."""
    try:
        main(["generate", "--root", str(root)])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _assert_untouched(root: Path, before: dict[str, str], code: int, output: str) -> None:
    assert code == 1, output
    assert "Traceback" not in output, output
    assert "failed:" in output, output
    assert _leftovers(root) == [], _leftovers(root)
    after = _snapshot(root)
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"generated/ changed: {changed[:10]}"


def test_without_a_fault_both_changed_packages_are_written(project: Path) -> None:
    before = _snapshot(project)
    done = _generate(project)
    assert done.returncode == 0, done.stderr
    after = _snapshot(project)
    changed = {
        k.split("/")[0] for k in before.keys() | after.keys() if before.get(k) != after.get(k)
    }
    assert changed == set(REMOVED)  # what every other test here must not see
    assert _leftovers(project) == []


# -- stages reached through the real CLI ------------------------------------------------------


def test_reading_fails_on_garbage_pages(project: Path) -> None:
    sources = project / "specs" / "partoo" / "sources"  # the last vendor: the others are read
    for page in sources.iterdir():
        page.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00garbage" * 64)
    before = _snapshot(project)
    done = _generate(project)
    _assert_untouched(project, before, done.returncode, done.stdout + done.stderr)
    assert "specs/partoo/sources/004_5602baf1b1af576c.txt:1: error[binary]" in done.stderr


def test_reading_fails_on_a_broken_vendor_config(project: Path) -> None:
    config = project / "specs" / "onchainpay" / "vendor.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "colour: blue\n", encoding="utf-8")
    before = _snapshot(project)
    done = _generate(project)
    _assert_untouched(project, before, done.returncode, done.stdout + done.stderr)
    assert "error[config-invalid]" in done.stderr and "colour" in done.stderr


def test_validation_fails_when_a_vendor_has_no_operation(project: Path) -> None:
    sources = project / "specs" / "partoo" / "sources"
    for page in sources.iterdir():
        page.unlink()
    # Well-formed, readable, and describing nothing a client could call.
    (sources / "api.yaml").write_text(
        "openapi: 3.1.0\ninfo: {title: Partoo, version: '1'}\n"
        "servers: [{url: 'https://api.partoo.co/v2'}]\npaths: {}\n",
        encoding="utf-8",
    )
    before = _snapshot(project)
    done = _generate(project)
    _assert_untouched(project, before, done.returncode, done.stdout + done.stderr)
    assert "specs/partoo/sources/api.yaml: error[no-operations]" in done.stderr


# -- stages reached by injecting a fault in-process ----------------------------------------------


class Fault:
    """Counts the calls it sees and raises on those `when` picks out."""

    def __init__(self, when: Callable[..., bool], error: BaseException) -> None:
        self.when, self.error, self.calls, self.raised = when, error, 0, 0

    def wrap(self, real: Callable[..., Any]) -> Callable[..., Any]:
        def faulty(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.when(self.calls, *args, **kwargs):
                self.raised += 1
                raise self.error
            return real(*args, **kwargs)

        return faulty


def _second_vendor(settings: Any) -> bool:
    return getattr(settings, "name", None) == SECOND


def _run_with(
    project: Path, fault: Fault, expect_in_output: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _snapshot(project)
    code, output = _generate_in_process(project, capsys)
    assert fault.raised, "the fault was never injected: did the stage move?"
    _assert_untouched(project, before, code, output)
    assert expect_in_output in output, output


def test_emitting_fails_for_the_second_vendor(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fault = Fault(lambda n, api, settings, export=None: _second_vendor(settings), RuntimeError("injected emit"))
    # `vendors` imported the name; patch where it is called (and where it is defined).
    monkeypatch.setattr(vendors_module, "emit_package", fault.wrap(vendors_module.emit_package))
    monkeypatch.setattr(package_module, "emit_package", vendors_module.emit_package)
    _run_with(project, fault, "error[internal]: RuntimeError: injected emit", capsys)


def test_formatting_fails_for_the_second_vendor(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The header of every module names the vendor's specs folder.
    fault = Fault(lambda n, source: f"specs/{SECOND}/" in source, RuntimeError("injected format"))
    monkeypatch.setattr(package_module, "format_python", fault.wrap(package_module.format_python))
    _run_with(project, fault, "error[internal]: RuntimeError: injected format", capsys)


def test_staging_fails_after_the_first_vendor_is_staged(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    full = OSError(errno.ENOSPC, "No space left on device")
    fault = Fault(lambda n, plan: plan.target.name == SECOND, full)
    monkeypatch.setattr(writer, "_stage", fault.wrap(writer._stage))
    _run_with(project, fault, "error[os]: [Errno 28] No space left on device", capsys)


def test_a_full_disk_in_the_middle_of_staging(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The fifth file written into the second vendor's staging folder finds the disk full.
    written = {"n": 0}

    def when(n: int, path: Path, *args: Any, **kwargs: Any) -> bool:
        if f".{SECOND}.new-" in str(path):
            written["n"] += 1
        return written["n"] == 5

    fault = Fault(when, OSError(errno.ENOSPC, "No space left on device"))
    monkeypatch.setattr(Path, "write_text", fault.wrap(Path.write_text))
    _run_with(project, fault, "error[os]: [Errno 28] No space left on device", capsys)


def test_swapping_in_the_second_vendor_fails(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # The first vendor is already swapped in and the second moved aside when this fails.
    fault = Fault(
        lambda n, src, dst: f".{SECOND}.new-" in str(src), OSError(errno.EIO, "I/O error")
    )
    monkeypatch.setattr(writer.os, "replace", fault.wrap(os.replace))
    _run_with(project, fault, "error[os]: [Errno 5] I/O error", capsys)
