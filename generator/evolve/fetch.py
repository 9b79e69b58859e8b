"""`docs2sdk fetch`: keep specs/<vendor>/sources/ in step with the vendor's published pages.

Pages are downloaded with conditional requests (the ETag / Last-Modified of the last
download live in specs/<vendor>/.fetch-state.json), written to a temporary file and renamed
only when the download succeeded, and not rewritten when the bytes are the same, so a
broken network never costs a stored page and an unchanged page keeps its mtime.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

import httpx

from generator.vendor.config import VendorConfig, is_source_path
from generator.evolve.fetch_index import file_for_url, page_url, parse_index, select
from generator.load.source import MAX_SOURCE_BYTES

STATE_NAME = ".fetch-state.json"
USER_AGENT = "docs2sdk-fetch"
INDEX_FILE = "<index>"  # how the index itself appears in the report
FROM_CONFIG, FROM_INDEX = "fetch", "index"


class Status(str, Enum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    REMOVED = "removed"


@dataclass(frozen=True)
class PageJob:
    file: str  # relative to specs/<vendor>/, always sources/<name>
    url: str
    origin: str  # FROM_CONFIG or FROM_INDEX


@dataclass(frozen=True)
class PageResult:
    file: str
    url: str
    status: Status
    detail: str = ""
    origin: str = FROM_CONFIG
    validators: dict[str, str] = field(default_factory=dict)  # etag, last_modified, sha256

    def line(self) -> str:
        text = f"{self.status.value:<9} {self.file}  <- {self.url}"
        return f"{text}  ({self.detail})" if self.detail else text


@dataclass(frozen=True)
class VendorFetch:
    name: str
    results: tuple[PageResult, ...]

    @property
    def failed(self) -> bool:
        return any(r.status is Status.FAILED for r in self.results)

    def summary(self) -> str:
        counts = {s: sum(1 for r in self.results if r.status is s) for s in Status}
        shown = ", ".join(f"{n} {s.value}" for s, n in counts.items() if n or s is Status.FAILED)
        return (
            f"{self.name}: {len(self.results)} page{'' if len(self.results) == 1 else 's'}: {shown}"
        )


Progress = Callable[[PageResult, int, int], None]


def make_client(timeout: float = 30.0) -> httpx.Client:
    # One retry on connection errors only (not on HTTP statuses): a flaky link should not fail
    # a long run, a server that answers 500 should be reported, not hammered.
    return httpx.Client(
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=True,
        headers={"User-Agent": USER_AGENT},
        transport=httpx.HTTPTransport(retries=1),
    )


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def load_state(vendor_dir: Path) -> dict[str, dict[str, str]]:
    """The state file's pages; a missing or damaged file only costs one unconditional run."""
    try:
        data = json.loads((vendor_dir / STATE_NAME).read_text(encoding="utf-8"))
        pages = data["pages"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if not isinstance(pages, dict):
        return {}
    return {
        str(f): {str(k): str(v) for k, v in e.items()}
        for f, e in pages.items()
        if isinstance(e, dict) and is_source_path(str(f)) and isinstance(e.get("url"), str)
    }


def state_text(pages: dict[str, dict[str, str]]) -> str:
    return json.dumps({"pages": pages}, indent=2, sort_keys=True) + "\n"


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: readers of `path` see the old or the new bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _get(client: httpx.Client, url: str, headers: dict[str, str]) -> tuple[httpx.Response, bytes]:
    with client.stream("GET", url, headers=headers) as response:
        chunks: list[bytes] = []
        size = 0
        if response.status_code == 200:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_SOURCE_BYTES:
                    raise ValueError(f"larger than {MAX_SOURCE_BYTES} bytes")
                chunks.append(chunk)
        return response, b"".join(chunks)


def download(
    client: httpx.Client, job: PageJob, vendor_dir: Path, known: dict[str, str] | None
) -> PageResult:
    """Fetch one page into vendor_dir/job.file; the stored page is replaced only on success."""
    dest = vendor_dir / job.file
    stored = dest.read_bytes() if dest.is_file() else None
    headers: dict[str, str] = {}
    # Conditional only when the stored bytes are the ones that validator describes: a page
    # edited (or deleted) since the last fetch must be downloaded again.
    if (
        known
        and stored is not None
        and known.get("url") == job.url
        and known.get("sha256") == _digest(stored)
    ):
        if "etag" in known:
            headers["If-None-Match"] = known["etag"]
        if "last_modified" in known:
            headers["If-Modified-Since"] = known["last_modified"]

    def result(
        status: Status, detail: str = "", validators: dict[str, str] | None = None
    ) -> PageResult:
        return PageResult(job.file, job.url, status, detail, job.origin, validators or {})

    try:
        response, data = _get(client, job.url, headers)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        return result(Status.FAILED, _why(exc))
    except ValueError as exc:
        return result(Status.FAILED, str(exc))
    if response.status_code == 304 and headers and stored is not None:
        return result(Status.UNCHANGED, "not modified", _validators(response, stored, known))
    if response.status_code != 200:
        return result(Status.FAILED, f"HTTP {response.status_code}")
    if not data.strip():
        return result(Status.FAILED, "empty response; the stored page is kept")
    validators = _validators(response, data, None)
    if stored == data:
        return result(Status.UNCHANGED, "", validators)
    try:
        write_atomic(dest, data)
    except OSError as exc:
        return result(Status.FAILED, f"cannot write {job.file}: {exc.strerror or exc}")
    return result(Status.NEW if stored is None else Status.CHANGED, "", validators)


def _why(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


def _validators(
    response: httpx.Response, data: bytes, known: dict[str, str] | None
) -> dict[str, str]:
    out = {"sha256": _digest(data)}
    for header, key in (("etag", "etag"), ("last-modified", "last_modified")):
        value = response.headers.get(header) or (known or {}).get(key)
        if value:
            out[key] = value
    return out


def plan_jobs(
    client: httpx.Client, config: VendorConfig, state: dict[str, dict[str, str]]
) -> tuple[list[PageJob], list[PageResult], bool]:
    """The pages to fetch: the config's, then the index's (if the index failed: the last known)."""
    jobs: dict[str, PageJob] = {}
    for page in config.fetch:
        name = page.file or file_for_url(page.url)
        jobs.setdefault(name, PageJob(name, page.url, FROM_CONFIG))
    index = config.index
    if index is None:
        return list(jobs.values()), [], True
    problem = ""
    try:
        response = client.get(index.url)
        if response.status_code != 200:
            problem = f"HTTP {response.status_code}"
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        problem = _why(exc)
    if not problem:
        chosen = select(parse_index(response.text, index.url), index.include, index.exclude)
        # An index that selects nothing is a wrong filter or a page that is not the index
        # (a login wall, an error page served with 200): never a reason to delete every page.
        if chosen:
            for chosen_entry in chosen:
                url = page_url(chosen_entry.url, index.suffix)
                name = file_for_url(url)
                jobs.setdefault(name, PageJob(name, url, FROM_INDEX))
            return list(jobs.values()), [], True
        problem = "no link of the index matches include/exclude; no page was removed"
    for name, entry in sorted(state.items()):  # keep refreshing what the last good index listed
        if entry.get("origin") == FROM_INDEX:
            jobs.setdefault(name, PageJob(name, entry["url"], FROM_INDEX))
    failed = PageResult(INDEX_FILE, index.url, Status.FAILED, problem, FROM_INDEX)
    return list(jobs.values()), [failed], False


def fetch_vendor(
    vendor_dir: Path,
    config: VendorConfig,
    client: httpx.Client,
    *,
    workers: int = 8,
    progress: Progress | None = None,
) -> VendorFetch:
    state = load_state(vendor_dir)
    jobs, results, index_ok = plan_jobs(client, config, state)
    wanted = {j.file for j in jobs}
    if index_ok:  # a page the index no longer lists is gone from the API docs
        for name, entry in sorted(state.items()):
            if entry.get("origin") == FROM_INDEX and name not in wanted:
                (vendor_dir / name).unlink(missing_ok=True)
                results.append(
                    PageResult(
                        name, entry["url"], Status.REMOVED, "no longer in the index", FROM_INDEX
                    )
                )
    total = len(jobs)
    with ThreadPoolExecutor(max_workers=max(1, min(workers, total or 1))) as pool:
        futures = {
            pool.submit(download, client, job, vendor_dir, state.get(job.file)): job for job in jobs
        }
        for done, future in enumerate(as_completed(futures), 1):
            try:
                page = future.result()
            except Exception as exc:  # one odd page must not cost the report of all the others
                job = futures[future]
                page = PageResult(job.file, job.url, Status.FAILED, _why(exc), job.origin)
            results.append(page)
            if progress is not None:
                progress(page, done, total)
    _save_state(vendor_dir, state, results, wanted)
    return VendorFetch(vendor_dir.name, tuple(sorted(results, key=lambda r: (r.file, r.url))))


def _save_state(
    vendor_dir: Path, old: dict[str, dict[str, str]], results: list[PageResult], wanted: set[str]
) -> None:
    pages: dict[str, dict[str, str]] = {}
    for r in results:
        if r.status in (Status.NEW, Status.CHANGED, Status.UNCHANGED):
            pages[r.file] = {"url": r.url, "origin": r.origin, **r.validators}
        elif r.status is Status.FAILED and r.file in old and r.file in wanted:
            pages[r.file] = old[r.file]  # still the description of the page we kept
    text = state_text(pages)
    path = vendor_dir / STATE_NAME
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if text != current and (pages or current is not None):
        write_atomic(path, text.encode("utf-8"))
