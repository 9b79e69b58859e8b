"""`docs2sdk add NAME SOURCE...`: a new specs/NAME/ with its pages and a starter vendor.yaml.

The folder is built complete in a hidden temporary folder under specs/ (which list_vendors
skips) and renamed into place at the end, so a failed download or an unreadable page leaves
nothing behind, and an existing vendor is never overwritten.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from generator import diagnostics as diag
from generator.vendor.config import CONFIG_NAME, load_config
from generator.diagnostics import GeneratorError
from generator.emit.package import package_name_for
from generator.evolve.fetch import FROM_CONFIG, STATE_NAME, PageJob, Status, download, state_text
from generator.evolve.fetch_index import file_for_url
from generator.ir import SourceSpan
from generator.naming import constant_name
from generator.pipeline import ReadApi, read_docs

NAME_PATTERN = re.compile(r"[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*")
MAX_NAME = 40
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def name_problem(name: str) -> str | None:
    """Why NAME cannot be a vendor (it becomes a folder, a package and an env prefix), or None."""
    if len(name) > MAX_NAME:
        return f"{name!r} is longer than {MAX_NAME} characters"
    if not NAME_PATTERN.fullmatch(name):
        return (
            f"{name!r} is not a vendor name: use lower-case letters and digits, starting with a "
            "letter, words joined by single '-' or '_' (e.g. acme or acme-pay)"
        )
    return None


@dataclass
class AddedVendor:
    name: str
    folder: Path
    read: ReadApi
    pages: list[tuple[str, str]]  # (stored file, where it came from)
    config_text: str
    to_check: list[str] = field(default_factory=list)


def _error(code: str, message: str, where: Path | str) -> GeneratorError:
    return GeneratorError([diag.error(code, message, SourceSpan(str(where)))])


def _copy_name(path: Path, taken: set[str]) -> str:
    stem = _UNSAFE.sub("-", path.name).lstrip(".-") or "page.txt"
    name, n = stem, 2
    while f"sources/{name}" in taken:
        base, dot, ext = stem.rpartition(".")
        name = f"{base}-{n}.{ext}" if dot and base else f"{stem}-{n}"
        n += 1
    return f"sources/{name}"


def _collect(
    stage: Path, sources: list[str], client: httpx.Client
) -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    pages: list[tuple[str, str]] = []
    state: dict[str, dict[str, str]] = {}
    taken: set[str] = set()
    for source in sources:
        if re.match(r"https?://", source):
            name = file_for_url(source)
            if name in taken:
                continue
            result = download(client, PageJob(name, source, FROM_CONFIG), stage, None)
            if result.status is Status.FAILED:
                raise _error(
                    "download-failed", f"cannot download {source}: {result.detail}", source
                )
            state[name] = {"url": source, "origin": FROM_CONFIG, **result.validators}
        else:
            path = Path(source)
            if not path.is_file():
                raise _error(
                    "source-missing", "no such file (give doc files or http(s) URLs)", source
                )
            name = _copy_name(path, taken)
            (stage / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, stage / name)
        taken.add(name)
        pages.append((name, source))
    return pages, state


def _yaml(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def site_title(name: str, read: ReadApi) -> str:
    """The API's own name from the docs (an OpenAPI `info.title`, a site name), or the vendor's.

    A page's heading names the operation it documents ("Create lnurlpay link"), not the API:
    a title that is also an operation's summary is not taken.
    """
    for result in read.results:
        fragment = result.fragment
        headings = {op.summary.strip().casefold() for op in fragment.operations if op.summary}
        if fragment.title and fragment.title.strip().casefold() not in headings:
            return fragment.title.strip()
    return " ".join(word.capitalize() for word in re.split(r"[-_]+", name) if word) or name


def starter_config(name: str, read: ReadApi, pages: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """vendor.yaml text filled from what was read, and what the user should check in it."""
    api = read.api
    package = package_name_for(name)
    prefix = constant_name(name)
    title = site_title(name, read)
    lines = [
        f"# {name}: created by `docs2sdk add` from {len(pages)} page(s); check the values below.",
        f"package: {package}",
        f"distribution: {package.replace('_', '-')}",
        f"title: {_yaml(title)}",
        f"env_prefix: {prefix}",
    ]
    check = [f"title {title!r}: the name shown in the package README and docstrings"]
    if api.servers:
        lines.append("environments:  # from the docs' servers; the first one is the default")
        lines += [f"  {s.name}: {_yaml(s.url)}" for s in api.servers]
        lines.append(f"default_environment: {api.servers[0].name}")
        check.append("environments: names and URLs, and which one is the default")
    else:
        check.append(
            "environments: the docs give no server; add one (`environments: {production: URL}`)"
        )
    if api.auth:
        env_var = api.auth[0].env_var or f"{prefix}_API_KEY"
        lines += ["auth:", f"  env_var: {env_var}"]
        if not api.auth[0].env_var:
            check.append(f"auth.env_var {env_var}: the docs name no variable, this one was made up")
    else:
        check.append(
            "auth: no scheme was read; add `auth:` (header, prefix) if the API needs a key"
        )
    fetched = [(file, source) for file, source in pages if re.match(r"https?://", source)]
    if fetched:
        lines.append("fetch:  # `docs2sdk fetch` keeps these pages up to date")
        for file, url in fetched:
            lines += [f"  - url: {_yaml(url)}", f"    file: {file}"]
    return "\n".join(lines) + "\n", check


def add_vendor(root: Path, name: str, sources: list[str], client: httpx.Client) -> AddedVendor:
    problem = name_problem(name)
    if problem:
        raise _error("name-invalid", problem, name)
    specs = root / "specs"
    target = specs / name
    if target.exists():
        raise _error(
            "vendor-exists",
            f"specs/{name}/ already exists; pick another name or edit it by hand",
            target,
        )
    specs.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f".{name}.new-", dir=specs))
    try:
        pages, state = _collect(stage, sources, client)
        read = read_docs([stage / file for file, _ in pages], stage)
        if not read.api.operations:
            raise GeneratorError(
                [
                    *read.diagnostics,
                    diag.error(
                        "nothing-read",
                        "no operation was read from these pages; nothing was added",
                        SourceSpan(name),
                    ),
                ]
            )
        text, check = starter_config(name, read, pages)
        (stage / CONFIG_NAME).write_text(text, encoding="utf-8")
        if state:
            (stage / STATE_NAME).write_text(state_text(state), encoding="utf-8")
        load_config(stage)  # what we wrote must be a config the generator accepts
        if target.exists():  # created meanwhile by someone else: still never overwrite
            raise _error("vendor-exists", f"specs/{name}/ already exists", target)
        stage.rename(target)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    return AddedVendor(name, target, read, pages, text, check)
