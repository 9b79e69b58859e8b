"""Profile one client of the call benchmark with cProfile: where does a call's time go?

    .bench-venv/bin/python tests/bench/calls_profile.py gcore_create [--async] [--calls N]
        [--generated DIR] [--sort tottime|cumtime] [--limit 40] [--filter _docs2sdk]

Prints the top functions of ``--calls`` calls (after a warm-up) against the same local
server as bench_calls.py. ``--filter`` keeps only functions whose file name contains the
text (e.g. ``_docs2sdk`` for the generated package's own code).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from calls_cases import (  # noqa: E402
    ROUTES,
    AsyncFactory,
    SyncFactory,
    add_generated_to_path,
    all_cases,
    stainless_available,
)
from calls_server import running_server  # noqa: E402

REPO_ROOT = Path(__file__).resolve().parents[2]


def _profile_sync(case_factory: SyncFactory, base_url: str, calls: int) -> cProfile.Profile:
    call, close = case_factory(base_url)
    for _ in range(100):
        call()
    profile = cProfile.Profile()
    try:
        profile.enable()
        for _ in range(calls):
            call()
        profile.disable()
    finally:
        close()
    return profile


async def _profile_async(case_factory: AsyncFactory, base_url: str, calls: int) -> cProfile.Profile:
    call, close = case_factory(base_url)
    for _ in range(100):
        await call()
    profile = cProfile.Profile()
    try:
        profile.enable()
        for _ in range(calls):
            await call()
        profile.disable()
    finally:
        await close()
    return profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", help="a case key, e.g. raw, gcore_create, onchainpay_create")
    parser.add_argument("--async", dest="asynchronous", action="store_true")
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--generated", type=Path, default=REPO_ROOT / "generated")
    parser.add_argument("--sort", default="tottime")
    parser.add_argument("--limit", type=int, default=40)
    parser.add_argument("--filter", default="")
    args = parser.parse_args(argv)
    add_generated_to_path(args.generated)
    cases = {case.key: case for case in all_cases(stainless_available())}
    if args.case not in cases:
        parser.error(f"unknown case {args.case!r}; choose from {', '.join(cases)}")
    case = cases[args.case]
    with tempfile.TemporaryDirectory() as work_dir:
        with running_server(ROUTES, Path(work_dir)) as base_url:
            if args.asynchronous:
                assert case.make_async is not None
                profile = asyncio.run(_profile_async(case.make_async, base_url, args.calls))
            else:
                assert case.make_sync is not None
                profile = _profile_sync(case.make_sync, base_url, args.calls)
    stats = pstats.Stats(profile).sort_stats(args.sort)
    restrictions: list[str | int] = [args.filter] if args.filter else []
    stats.print_stats(*restrictions, args.limit)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
