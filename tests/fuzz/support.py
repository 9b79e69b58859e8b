"""What the fuzz tests share: settings, the example counter, a package user in its own process."""

from __future__ import annotations

import atexit
import json
import os
import resource
import selectors
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, settings

from generator.emit.package import PackageSettings, emit_package
from generator.ir import Api
from generator.pipeline import with_environments

from .hostile_docs import SAFE_SERVER

EXERCISE = Path(__file__).with_name("exercise.py")
# The fuzz set takes under a minute of CPU time (see Stopwatch); DOCS2SDK_FUZZ_SCALE=10 runs
# ten times the examples (and allows ten times the time) for a deeper local run.
SCALE = float(os.environ.get("DOCS2SDK_FUZZ_SCALE", "1"))
BUDGET_SECONDS = 60.0 * SCALE
# Shrinking a failure can take minutes (every example builds and imports a package), so it
# is off unless asked for: DOCS2SDK_FUZZ_SHRINK=1. The examples are derandomized, so the
# failing one reported without shrinking is the same on every run.
SHRINK = os.environ.get("DOCS2SDK_FUZZ_SHRINK") == "1"


def examples(n: int) -> int:
    return max(1, round(n * SCALE))


def fuzz_settings(max_examples: int) -> settings:
    # derandomize: the same examples on every run, so CI is reproducible; no database, so no
    # .hypothesis/ folder appears in the tree; no deadline, the budget is guarded per session.
    phases = [Phase.explicit, Phase.reuse, Phase.generate, *([Phase.shrink] if SHRINK else [])]
    return settings(
        max_examples=examples(max_examples),
        phases=phases,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=False,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


# Per test: how many examples ran, how many built a package, how many were imported and used;
# and the seconds each fuzz test took.
STATS: dict[str, Counter[str]] = {}
DURATIONS: dict[str, float] = {}
# Where payloads would leave their marker files; must stay empty (checked at session end).
MARKERS = Path(tempfile.mkdtemp(prefix="docs2sdk-fuzz-markers-"))
atexit.register(shutil.rmtree, MARKERS, ignore_errors=True)  # also when no fuzz test ran


def count(test: str, what: str = "examples") -> None:
    STATS.setdefault(test, Counter())[what] += 1


def with_a_server(api: Api) -> Api:
    # A page may name no server; a vendor config then gives one. (Without one the client
    # does not compile: test_injection.py::test_a_page_without_servers_builds_a_package...)
    return api if api.servers else with_environments(api, {"production": SAFE_SERVER})


def emit(api: Api, package: str) -> dict[str, str]:
    return emit_package(
        with_a_server(api),
        PackageSettings(
            name=package,
            package=package,
            distribution=package.replace("_", "-"),
            title=api.title or package,
            version="0.1.0",
            env_prefix="FUZZ",
            sources_label="fuzz",
        ),
    )


def write_package(files: dict[str, str], out: Path) -> Path:
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return out / "src"


class PackageUser:
    """tests/fuzz/exercise.py --serve: one process imports and uses many packages in turn.

    Generated code never runs in the test process; one process for all packages saves the
    second it takes to import pydantic and httpx for each.
    """

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd
        self.process: subprocess.Popen[str] | None = None
        self.stderr = cwd / "package-user.stderr"
        _USERS.append(self)

    def _start(self) -> subprocess.Popen[str]:
        env = {k: v for k, v in os.environ.items() if k != "D2S_HIT"}
        return subprocess.Popen(
            [sys.executable, str(EXERCISE), "--serve"],
            cwd=self.cwd,
            env=env,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr.open("a", encoding="utf-8"),
        )

    def use(self, src: Path, package: str, timeout: float = 120) -> dict[str, Any]:
        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"src": str(src), "package": package}) + "\n")
        self.process.stdin.flush()
        with selectors.DefaultSelector() as selector:
            selector.register(self.process.stdout, selectors.EVENT_READ)
            if not selector.select(timeout):
                self.close()
                raise TimeoutError(f"using {package} took over {timeout}s")
        line = self.process.stdout.readline()
        if not line:
            code = self.process.wait(timeout=10)
            self.process = None
            raise RuntimeError(f"the package user exited ({code}) using {package}")
        return json.loads(line)  # type: ignore[no-any-return]

    def stderr_text(self) -> str:
        return self.stderr.read_text(encoding="utf-8") if self.stderr.exists() else ""

    def close(self) -> None:
        if self.process is not None:
            if self.process.stdin is not None:
                self.process.stdin.close()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
            self.process = None


_USERS: list[PackageUser] = []


def _cpu_seconds() -> float:
    """CPU time of this process, of the children it has waited for, and of the live package users.

    The budget is held in CPU time: on a shared machine, wall time measures the other work too.
    """
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    total = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    for user in _USERS:
        process = user.process
        if process is not None and process.returncode is None:  # not waited for: counted here
            try:
                fields = Path(f"/proc/{process.pid}/stat").read_text().rpartition(")")[2].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    return total


class Stopwatch:
    def __init__(self) -> None:
        self.started = _cpu_seconds()

    def seconds(self) -> float:
        return _cpu_seconds() - self.started
