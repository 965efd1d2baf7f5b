"""Settings: the defaults of ``default_config.toml`` with one resolver."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError

_DEFAULTS = Path(__file__).with_name("default_config.toml")


@cache
def defaults() -> dict[str, dict[str, Any]]:
    with _DEFAULTS.open("rb") as fh:
        return tomllib.load(fh)


@dataclass(frozen=True)
class IngestSettings:
    max_bytes: int = field(default_factory=lambda: defaults()["ingest"]["max_bytes"])
    max_docx_uncompressed: int = field(default_factory=lambda: defaults()["ingest"]["max_docx_uncompressed"])
    max_docx_ratio: int = field(default_factory=lambda: defaults()["ingest"]["max_docx_ratio"])
    max_pdf_pages: int = field(default_factory=lambda: defaults()["ingest"]["max_pdf_pages"])
    convert_timeout_s: int = field(default_factory=lambda: defaults()["ingest"]["convert_timeout_s"])

    @classmethod
    def resolve(cls, value: IngestSettings | Mapping[str, Any] | None = None) -> IngestSettings:
        """``None`` → defaults; a dict → defaults with those keys replaced; an instance → itself."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            raise ConfigError(None, f"ingest settings must be a dict or IngestSettings. Got {type(value).__name__} instead")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(value) - known)
        if unknown:
            raise ConfigError(None, f"unknown ingest setting(s) {unknown}; known: {sorted(known)}")
        for k, v in value.items():
            if not isinstance(v, int) or v < 0:
                raise ConfigError(None, f"ingest setting {k!r} must be a non-negative integer. Got {v!r} instead")
        return replace(cls(), **dict(value))
