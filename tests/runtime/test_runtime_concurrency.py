"""1000 concurrently signed calls (500 from threads, 500 from asyncio tasks) all verify."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace
from typing import Any, Callable

from rt_server import TestServer

CALLS = 500


def test_signed_calls_from_threads_and_tasks(
    rt: SimpleNamespace, make_signer: Callable[[], Any], server: TestServer, key: str
) -> None:
    envelope = rt.base.Envelope()
    before = len(server.state.nonces)

    # Threads: three client instances (each with its own auth object) share the pool work.
    sync_clients = [
        rt.base.SyncAPIClient(
            base_url=server.url,
            auth=make_signer(),
            user_agent="t",
            envelope=envelope,
            max_retries=0,
        )
        for _ in range(3)
    ]

    def call(i: int) -> int:
        client = sync_clients[i % len(sync_clients)]
        result = client.request(
            "POST", "/signed", query={"key": key}, json_body={"i": i}, cast_to=dict[str, Any]
        )
        return int(result["nonce"])

    with ThreadPoolExecutor(max_workers=64) as pool:
        thread_nonces = list(pool.map(call, range(CALLS)))
    for client in sync_clients:
        client.close()

    async def main() -> list[int]:
        clients = [
            rt.base.AsyncAPIClient(
                base_url=server.url,
                auth=make_signer(),
                user_agent="t",
                envelope=envelope,
                max_retries=0,
            )
            for _ in range(2)
        ]
        try:
            results = await asyncio.gather(
                *(
                    clients[i % 2].request(
                        "POST",
                        "/signed",
                        query={"key": key},
                        json_body={"i": i},
                        cast_to=dict[str, Any],
                    )
                    for i in range(CALLS)
                )
            )
        finally:
            for client in clients:
                await client.aclose()
        return [int(r["nonce"]) for r in results]

    task_nonces = asyncio.run(main())

    assert server.state.rejected == []
    assert server.hits(key) == 2 * CALLS
    everything = thread_nonces + task_nonces
    assert len(set(everything)) == 2 * CALLS
    assert len(server.state.nonces) - before == 2 * CALLS
