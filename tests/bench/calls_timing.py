"""Timing loops for the call benchmark: sequential, concurrent, and package import time.

The machine is shared and noisy, so the clients are interleaved: each round runs a slice of
every client's calls, in an order that rotates from round to round, and only ratios between
clients measured in the same run are reported.
"""

from __future__ import annotations

import asyncio
import gc
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from typing import Awaitable, Callable, Sequence

from calls_cases import CallCase


def _rotated(cases: Sequence[CallCase], round_index: int) -> list[CallCase]:
    shift = round_index % len(cases)
    return list(cases[shift:]) + list(cases[:shift])


def _split(total: int, rounds: int) -> list[int]:
    """``total`` calls as ``rounds`` nearly equal slices."""
    base, extra = divmod(total, rounds)
    return [base + (1 if i < extra else 0) for i in range(rounds)]


def _check_first(case: CallCase, result: object) -> None:
    if not case.check(result):
        raise AssertionError(f"{case.key}: the call did not return the expected result: {result!r}")


@dataclass(frozen=True)
class PerCall:
    """Microseconds per call: wall clock, and CPU time of this (the client's) process.

    CPU time leaves out the time spent waiting for the server or for a core that other
    processes hold, so it is the steadier of the two on a busy machine."""

    wall_us: float
    cpu_us: float


def time_sequential(
    cases: Sequence[CallCase], base_url: str, calls: int, rounds: int, warmup: int
) -> dict[str, PerCall]:
    """``calls`` sequential calls per case: median wall time of a call, and median over
    rounds of the client's CPU time per call."""
    clients = {}
    for case in cases:
        assert case.make_sync is not None
        call, close = case.make_sync(base_url)
        _check_first(case, call())
        for _ in range(warmup):
            call()
        clients[case.key] = (call, close)
    samples: dict[str, list[int]] = {case.key: [] for case in cases}
    cpu_per_round: dict[str, list[float]] = {case.key: [] for case in cases}
    clock, cpu_clock = time.perf_counter_ns, time.process_time_ns
    try:
        for round_index, per_round in enumerate(_split(calls, rounds)):
            gc.collect()
            for case in _rotated(cases, round_index):
                call = clients[case.key][0]
                record = samples[case.key].append
                cpu_started = cpu_clock()
                for _ in range(per_round):
                    started = clock()
                    call()
                    record(clock() - started)
                cpu_per_round[case.key].append((cpu_clock() - cpu_started) / per_round)
    finally:
        for _, close in clients.values():
            close()
    return {
        key: PerCall(
            statistics.median(samples[key]) / 1000.0,
            statistics.median(cpu_per_round[key]) / 1000.0,
        )
        for key in samples
    }


async def _run_concurrently(
    call: Callable[[], Awaitable[object]], calls: int, concurrency: int
) -> None:
    remaining = calls

    async def worker() -> None:
        nonlocal remaining
        while remaining > 0:
            remaining -= 1
            await call()

    await asyncio.gather(*(worker() for _ in range(min(concurrency, calls))))


async def _time_concurrent(
    cases: Sequence[CallCase], base_url: str, calls: int, rounds: int, concurrency: int
) -> dict[str, PerCall]:
    clients = {}
    for case in cases:
        assert case.make_async is not None
        call, close = case.make_async(base_url)
        _check_first(case, await call())
        # Warm up with full concurrency so every client has its pool of connections open.
        await _run_concurrently(call, concurrency * 2, concurrency)
        clients[case.key] = (call, close)
    wall_us: dict[str, list[float]] = {case.key: [] for case in cases}
    cpu_us: dict[str, list[float]] = {case.key: [] for case in cases}
    try:
        for round_index, per_round in enumerate(_split(calls, rounds)):
            gc.collect()
            for case in _rotated(cases, round_index):
                call = clients[case.key][0]
                # Untimed: one call per worker, so every client starts its slice with the
                # same pool (``concurrency`` open connections). Without it, a pool's size
                # depends on how long the other clients' slices took (httpx closes
                # connections idle for 5 s), and per-call cost grows with the pool's size.
                await _run_concurrently(call, concurrency, concurrency)
                started, cpu_started = time.perf_counter_ns(), time.process_time_ns()
                await _run_concurrently(call, per_round, concurrency)
                cpu = time.process_time_ns() - cpu_started
                wall_us[case.key].append((time.perf_counter_ns() - started) / per_round / 1000)
                cpu_us[case.key].append(cpu / per_round / 1000)
    finally:
        for _, close in clients.values():
            await close()
    return {
        key: PerCall(statistics.median(wall_us[key]), statistics.median(cpu_us[key]))
        for key in wall_us
    }


def time_concurrent(
    cases: Sequence[CallCase], base_url: str, calls: int, rounds: int, concurrency: int
) -> dict[str, PerCall]:
    """``calls`` async calls per case, at most ``concurrency`` in flight: wall time and the
    client's CPU time per call, each the median over rounds."""
    return asyncio.run(_time_concurrent(cases, base_url, calls, rounds, concurrency))


# -- import time ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportTime:
    module: str
    total_ms: float  # `import module` in a fresh interpreter, above a bare interpreter
    own_ms: float  # above `import httpx, pydantic`, which every one of these needs


def _min_wall_ms(code: str, runs: int, env: dict[str, str]) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
        best = min(best, time.perf_counter() - started)
    return best * 1000.0


def time_imports(
    modules: Sequence[str], path_entries: Sequence[str], runs: int
) -> list[ImportTime]:
    """Minimum over ``runs`` fresh interpreters, measured interleaved with the floors."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([*path_entries, env.get("PYTHONPATH", "")]).rstrip(
        os.pathsep
    )
    probes = ["pass", "import httpx, pydantic", *(f"import {m}" for m in modules)]
    for code in probes:  # compile .pyc files once, outside the measurement
        subprocess.run([sys.executable, "-c", code], check=True, env=env)
    best = {code: float("inf") for code in probes}
    for _ in range(runs):
        for code in probes:
            best[code] = min(best[code], _min_wall_ms(code, 1, env))
    bare, deps = best["pass"], best["import httpx, pydantic"]
    return [ImportTime(m, best[f"import {m}"] - bare, best[f"import {m}"] - deps) for m in modules]
