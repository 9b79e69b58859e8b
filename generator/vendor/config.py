"""The vendor config, `specs/<vendor>/vendor.yaml`: a vendor's quirks as data, never code."""

from __future__ import annotations

import keyword
import re
from pathlib import Path, PurePosixPath
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from generator import diagnostics as diag
from generator.diagnostics import GeneratorError
from generator.ir import SourceSpan

CONFIG_NAME = "vendor.yaml"
_HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


class AuthConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    env_var: str | None = Field(None, description="environment variable that holds the key")
    prefix: str | None = Field(None, description="word before the key, e.g. apikey")
    header: str | None = None


def _http_url(value: str) -> str:
    if not re.match(r"https?://[^/\s]+", value) or any(c.isspace() for c in value):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


def is_source_path(value: str) -> bool:
    """`sources/<name>`, not hidden: safe for fetch to write, and read by default (not nested)."""
    parts = PurePosixPath(value).parts
    return (len(parts) == 2 and parts[0] == "sources" and "\\" not in value
            and parts[1] not in ("..", ".") and not parts[1].startswith("."))


class FetchPage(BaseModel):
    """One doc page `docs2sdk fetch` keeps up to date."""

    model_config = ConfigDict(extra="forbid")
    url: str
    file: str | None = Field(None, description="where to store it (sources/x.md); default: from URL")

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _http_url(value)

    @field_validator("file")
    @classmethod
    def _inside_sources(cls, value: str | None) -> str | None:
        # fetch writes this path: a config must never make it write outside sources/
        if value is not None and not is_source_path(value):
            raise ValueError(f"{value!r}: must be sources/<file name>, not hidden")
        return value


class IndexConfig(BaseModel):
    """An llms.txt-style index of doc pages; `fetch` stores the pages it selects."""

    model_config = ConfigDict(extra="forbid")
    url: str
    include: list[str] = Field(default_factory=list, description="regexes on page URL or section")
    exclude: list[str] = Field(default_factory=list, description="regexes on page URL or section")
    suffix: str = Field("", description="appended to a page URL to get its markdown form, e.g. .md")

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        return _http_url(value)

    @field_validator("include", "exclude")
    @classmethod
    def _regexes(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"{value!r} is not a regular expression: {exc}") from None
        return values

    @field_validator("suffix")
    @classmethod
    def _plain_suffix(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9._-]*", value):
            raise ValueError(f"{value!r}: a suffix is letters, digits, '.', '_' or '-'")
        return value


class VendorConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    package: str = Field(description="import name of the generated package")
    distribution: str = Field(description="name on PyPI of the generated package")
    title: str
    env_prefix: str = Field(description="prefix of the environment variables the client reads")
    sources: list[str] = Field(default_factory=list, description="pages to read; default: all of sources/")
    environments: dict[str, str] = Field(default_factory=dict, description="named base URLs, overriding the docs")
    default_environment: str | None = None
    auth: AuthConfig = Field(default_factory=lambda: AuthConfig(env_var=None, prefix=None))
    idempotent: list[str] = Field(default_factory=list, description="operationIds safe to retry like GET")
    fetch: list[FetchPage] = Field(default_factory=list, description="pages `docs2sdk fetch` downloads")
    index: IndexConfig | None = Field(None, description="an llms.txt-style index of pages to fetch")
    license: str | None = Field(None, description="the package's license, an SPDX expression such as MIT")
    urls: dict[str, str] = Field(default_factory=dict, description="project URLs: Homepage, Documentation, ...")
    install: str | None = Field(None, description="what `pip install` takes for this package, once it is "
                                "published or in a git repository; default: the folder, editable")

    names: dict[str, str] = Field(
        default_factory=dict, description='"METHOD /path": resource.chain.method, overriding inferred names'
    )

    verbs: dict[Literal["list", "create", "retrieve", "update", "delete", "replace"], str] = Field(
        default_factory=dict, description="the vendor's word for a CRUD verb, e.g. retrieve: get"
    )

    @field_validator("urls")
    @classmethod
    def _check_urls(cls, value: dict[str, str]) -> dict[str, str]:
        for label, url in value.items():
            try:
                _http_url(url)
            except ValueError as exc:
                raise ValueError(f"{label}: {exc}") from None
        return value

    @field_validator("verbs")
    @classmethod
    def _verbs(cls, value: dict[str, str]) -> dict[str, str]:
        for verb in value.values():
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", verb) or keyword.iskeyword(verb):
                raise ValueError(f"{verb!r}: a verb is a snake_case identifier")
        return value

    @field_validator("names")
    @classmethod
    def _dotted_names(cls, value: dict[str, str]) -> dict[str, str]:
        for key, name in value.items():
            method, _, path = key.partition(" ")
            if method.lower() not in _HTTP_METHODS or not path.startswith("/"):
                raise ValueError(f"{key!r}: a key is an HTTP method and a path, e.g. 'POST /orders'")
            if not re.fullmatch(r"[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+", name) or any(
                keyword.iskeyword(part) for part in name.split(".")
            ):
                raise ValueError(f"{name!r}: a name is a resource chain and a method, e.g. orders.list")
        return value


def load_config(vendor_dir: Path) -> VendorConfig:
    path = vendor_dir / CONFIG_NAME
    span = SourceSpan(str(path), 1)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GeneratorError([diag.error("config-missing", f"{CONFIG_NAME} is missing", span)]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise GeneratorError([diag.error("config-invalid", f"invalid YAML: {exc}", SourceSpan(str(path), line))]) from None
    try:
        return VendorConfig.model_validate(raw or {})
    except ValidationError as exc:
        raise GeneratorError(
            [diag.error("config-invalid", f"{'.'.join(map(str, e['loc']))}: {e['msg']}", span) for e in exc.errors()]
        ) from None


def source_files(vendor_dir: Path, config: VendorConfig) -> list[Path]:
    if config.sources:
        return [vendor_dir / s for s in config.sources]
    folder = vendor_dir / "sources"
    return sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")) if folder.is_dir() else []
