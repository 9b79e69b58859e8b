"""A multipart/form-data operation sends its fields as parts, files with their bytes intact.

Over a real socket: Gcore's "upload logo and favicon" (multipart in the IAM document) is
called, sync and async, against a local server that keeps what it received; the body is
parsed with the standard library's MIME parser, not with the code that wrote it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP

import pytest

import gcore_docs2sdk

from ..support.json_answer import answering

LOGO = bytes(range(256)) * 4  # every byte value: nothing may be re-encoded on the way
FAVICON = b"\x00\x01ico\r\n--not-a-boundary\r\n"


@pytest.fixture
def received() -> Iterator[tuple[str, list[tuple[str, bytes]]]]:
    with answering(200, {"logo": "https://x/logo.png"}) as server:
        yield server.url, server.received


def _parts(content_type: str, body: bytes) -> dict[str, Message]:
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    assert message.is_multipart()
    return {part.get_param("name", header="content-disposition"): part for part in message.iter_parts()}  # type: ignore[attr-defined]


def _check(content_type: str, body: bytes) -> None:
    assert content_type.startswith("multipart/form-data; boundary=")
    parts = _parts(content_type, body)
    assert sorted(parts) == ["favicon", "logo"]
    assert parts["logo"].get_payload(decode=True) == LOGO
    assert parts["favicon"].get_payload(decode=True) == FAVICON
    assert parts["logo"].get_filename() == "logo"


def test_a_multipart_upload_sends_the_files_as_parts(
    received: tuple[str, list[tuple[str, bytes]]],
) -> None:
    url, seen = received
    with gcore_docs2sdk.Client(api_key="k", base_url=url) as client:
        client.iam.resellings.settings.upload(logo=LOGO, favicon=FAVICON)

        async def call() -> None:
            async with gcore_docs2sdk.AsyncClient(api_key="k", base_url=url) as aclient:
                await aclient.iam.resellings.settings.upload(logo=LOGO, favicon=FAVICON)

        asyncio.run(call())
    assert len(seen) == 2
    for content_type, body in seen:
        _check(content_type, body)


def test_a_multipart_field_left_out_is_not_sent(
    received: tuple[str, list[tuple[str, bytes]]],
) -> None:
    url, seen = received
    with gcore_docs2sdk.Client(api_key="k", base_url=url) as client:
        client.iam.resellings.settings.upload(logo=LOGO)
    ((content_type, body),) = seen
    assert sorted(_parts(content_type, body)) == ["logo"]
