"""The bench's own instruments: a number in RESULTS.md is only as good as what measured it."""

from __future__ import annotations

import sys
import textwrap
import time
from pathlib import Path

from bench_measure import run_child
from bench_tools import count_operations, count_opc_package, count_our_package

PY = sys.executable
# Touch every page, so the allocation is resident and not just reserved.
ALLOCATE = "block = bytearray({mb} << 20); block[::4096] = b'x' * len(block[::4096])"


def test_peak_rss_is_the_childs_own() -> None:
    small = run_child([PY, "-c", "pass"], timeout=60)
    big = run_child([PY, "-c", ALLOCATE.format(mb=300)], timeout=60)
    assert small.ok and big.ok
    assert small.peak_rss_mb < 100
    assert big.peak_rss_mb >= 300


def test_peak_rss_is_not_inflated_by_a_large_bench_process() -> None:
    # Linux counts the forked copy of the parent into the child's ru_maxrss: a tool forked from a
    # bench holding 400 MB would show 400 MB. The launcher keeps that floor at its own small size.
    ballast = bytearray(400 << 20)
    ballast[::4096] = b"x" * len(ballast[::4096])
    small = run_child([PY, "-c", "pass"], timeout=60)
    assert small.ok
    assert small.peak_rss_mb < 100
    del ballast


def test_peak_rss_covers_a_grandchild_the_tool_waits_for() -> None:
    # OPC runs ruff in a subprocess: its memory belongs to the tool's figure.
    code = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {ALLOCATE.format(mb=300)!r}], check=True)"
    result = run_child([PY, "-c", code], timeout=60)
    assert result.ok
    assert result.peak_rss_mb >= 300


def test_wall_time_is_measured_around_the_child() -> None:
    result = run_child([PY, "-c", "import time; time.sleep(0.6)"], timeout=60)
    assert result.ok
    assert 0.6 <= result.seconds < 5


def test_cpu_time_counts_work_not_waiting() -> None:
    sleeper = run_child([PY, "-c", "import time; time.sleep(0.6)"], timeout=60)
    spinner = run_child(
        [
            PY,
            "-c",
            "import time\nend = time.process_time() + 0.6\nwhile time.process_time() < end: pass",
        ],
        timeout=60,
    )
    assert sleeper.ok and spinner.ok
    assert sleeper.cpu_seconds < 0.4
    assert spinner.cpu_seconds >= 0.6


def test_a_crash_is_recorded_with_its_exit_code_and_last_stderr_line() -> None:
    code = "import sys; print('out'); sys.stderr.write('Traceback\\nKeyError: boom\\n\\n'); sys.exit(3)"
    result = run_child([PY, "-c", code], timeout=60)
    assert not result.ok
    assert result.exit_code == 3
    assert result.failure() == "exit 3: KeyError: boom"


def test_a_wrapped_exception_message_is_kept_whole() -> None:
    code = (
        "import sys; sys.stderr.write('| raise ValueError(\\n'"
        " 'ValueError: Duplicate key ACK_REQ in enum\\nblackhole.State; consider setting\\n"
        "literal_enums in your config\\n'); sys.exit(1)"
    )
    result = run_child([PY, "-c", code], timeout=60)
    assert result.failure() == (
        "exit 1: ValueError: Duplicate key ACK_REQ in enum blackhole.State; consider setting"
        " literal_enums in your config"
    )


def test_a_timeout_kills_the_whole_process_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "grandchild.pid"
    code = textwrap.dedent(f"""
        import subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
        open({str(pid_file)!r}, "w").write(str(child.pid))
        time.sleep(60)
    """)
    started = time.perf_counter()
    result = run_child([PY, "-c", code], timeout=1.0)
    assert time.perf_counter() - started < 10
    assert result.timed_out and not result.ok
    assert "timed out" in result.failure()
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(grandchild)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as f:
            return f.read().split(")")[-1].split()[0] != "Z"  # a zombie has ended
    except FileNotFoundError:
        return False


def test_operations_in_counts_path_method_pairs_only() -> None:
    doc = {
        "paths": {
            "/a": {"get": {}, "post": {}, "parameters": [], "summary": "x", "x-extra": {}},
            "/b/{id}": {"delete": {}, "servers": []},
        }
    }
    assert count_operations(doc) == 3


def test_our_operations_out_are_public_sync_methods(tmp_path: Path) -> None:
    resources = tmp_path / "src" / "v_docs2sdk" / "resources"
    resources.mkdir(parents=True)
    (resources / "users.py").write_text(textwrap.dedent("""
        class UsersResource(SyncAPIResource):
            @property
            def with_raw_response(self): ...
            def _helper(self): ...
            def create(self): ...
            def get(self): ...

        class AsyncUsersResource(AsyncAPIResource):
            async def create(self): ...
            async def get(self): ...

        class UsersResourceWithRawResponse:
            def create(self): ...
    """))
    (tmp_path / "src" / "v_docs2sdk" / "models.py").write_text(
        "class A:\n    pass\nclass B:\n    pass\n"
    )
    counted = count_our_package(tmp_path, "v: 2 operations, 2 models, 0 warnings")
    assert (counted.operations, counted.models, counted.notes) == (2, 2, ())
    wrong = count_our_package(tmp_path, "v: 3 operations, 2 models, 0 warnings")
    assert wrong.notes == ("CLI summary says 3 operations, files hold 2",)


def test_opc_operations_out_are_endpoint_modules(tmp_path: Path) -> None:
    package = tmp_path / "client"
    for name in (
        "api/users/get_user.py",
        "api/users/create_user.py",
        "api/users/__init__.py",
        "api/__init__.py",
        "models/user.py",
        "client.py",
    ):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("")
    counted = count_opc_package(tmp_path, "WARNING ... Endpoint will not be generated.\n")
    assert (counted.operations, counted.models) == (2, 1)
    assert counted.notes == ("1 'Endpoint will not be generated' warnings",)
