"""Run one tool as a child process and measure it: wall time, peak RSS, exit code, last error line.

The tool is reaped with `os.wait4`, whose rusage covers the tool and every descendant it waited
for, so a tool that formats in a subprocess (OPC runs ruff) is charged for it. `ru_maxrss` is the
peak of the largest process in that tree, not a sum: what "peak memory of a child" means here.

Linux also counts into a process's `ru_maxrss` the memory of the image it replaced at exec, that
is the forked copy of its parent. Forked straight from the bench (which holds parsed documents and
parsed output), every tool would show at least the bench's size. So the bench starts a tiny
launcher (an interpreter without `site`, about 9 MB) that forks the tool, times it and writes the
figures to a report file: the floor under every figure is the launcher's size, below any tool's.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b")

LAUNCHER = r"""
import os, sys, time
report, argv = sys.argv[1], sys.argv[2:]
started = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execv(argv[0], argv)
    except OSError as error:
        os.write(2, f"cannot run {argv[0]}: {error}\n".encode())
    os._exit(127)
_, status, usage = os.wait4(pid, 0)
seconds = time.perf_counter() - started
with open(report, "w") as f:
    cpu = usage.ru_utime + usage.ru_stime
    f.write(f"{seconds!r} {cpu!r} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}")
"""


@dataclass(frozen=True)
class RunResult:
    seconds: float
    cpu_seconds: float  # user + system of the tool's tree: steadier than wall time under load
    peak_rss_mb: float  # 0 when the run was killed before it could be measured
    exit_code: int  # negative: killed by that signal
    timed_out: bool
    stdout: str
    stderr: str

    @property
    def ok(self) -> bool:
        return self.exit_code == 0 and not self.timed_out

    @property
    def last_error_line(self) -> str:
        """What a reader of the table needs to tell one failure from another.

        The exception line of a traceback, with the lines a console wrapped it onto (rich
        wraps OPC's at 80 columns), or else the last line.
        """
        if self.timed_out:
            return f"timed out after {self.seconds:.0f} s"
        for text in (self.stderr, self.stdout):
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if not lines:
                continue
            tail = lines[-4:]
            start = next((i for i, line in enumerate(tail) if EXCEPTION_LINE.match(line)), -1)
            return " ".join(tail[start:])[:300]
        return ""

    def failure(self) -> str:
        """`exit 1: KeyError: ...`, the form the tables print for a failed run."""
        if self.timed_out:
            return self.last_error_line
        return f"exit {self.exit_code}: {self.last_error_line}"


def run_child(
    argv: list[str],
    *,
    timeout: float,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> RunResult:
    """Run `argv` to its end (or until `timeout` kills its whole process group) and measure it.

    `argv[0]` must be a path (the launcher execs it without a PATH search).
    """
    # Output goes to files, not pipes: a tool that prints megabytes of warnings (OPC does) must
    # never block on a full pipe nobody reads.
    with (
        tempfile.TemporaryDirectory(prefix="bench-run-") as work,
        tempfile.TemporaryFile() as out,
        tempfile.TemporaryFile() as err,
    ):
        report = Path(work) / "report"
        killed = threading.Event()
        started = time.perf_counter()
        launcher = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", LAUNCHER, str(report), *argv],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so a timeout ends the tool's tree
        )
        timer = threading.Timer(timeout, _kill_group, (launcher.pid, killed))
        timer.start()
        try:
            launcher.wait()
        finally:
            timer.cancel()
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        if report.exists():
            seconds_text, cpu_text, max_rss_kb, exit_code = report.read_text().split()
            seconds, cpu, code = float(seconds_text), float(cpu_text), int(exit_code)
            peak_mb = int(max_rss_kb) / 1024  # Linux reports kilobytes
        else:  # killed (timeout) or the launcher itself failed: no figures from inside
            seconds, cpu, peak_mb, code = elapsed, 0.0, 0.0, launcher.returncode or -1
        return RunResult(
            seconds=seconds,
            cpu_seconds=cpu,
            peak_rss_mb=peak_mb,
            exit_code=code,
            timed_out=killed.is_set() and not report.exists(),
            stdout=stdout,
            stderr=stderr,
        )


def _kill_group(pid: int, killed: threading.Event) -> None:
    killed.set()
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:  # it ended between the deadline and the kill
        pass
