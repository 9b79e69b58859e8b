"""The vendor config, `specs/<vendor>/vendor.yaml`: a vendor's quirks as data, never code."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from . import diagnostics as diag
from .diagnostics import GeneratorError
from .ir import SourceSpan

CONFIG_NAME = "vendor.yaml"


class AuthConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")
    env_var: str | None = Field(None, description="environment variable that holds the key")
    prefix: str | None = Field(None, description="word before the key, e.g. apikey")
    header: str | None = None


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
