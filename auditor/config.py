"""Settings: the defaults of ``default_config.toml``, one dataclass per stage, one resolver for all.

A stage's settings class names its ``[section]`` and declares its fields with :func:`default`; callers
pass ``None`` (defaults), a dict (defaults with those keys replaced) or an instance to ``resolve``.
Unknown keys, wrong types and negative numbers are rejected by name.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache
from pathlib import Path
from typing import Any, ClassVar, Self

from auditor.errors import ConfigError

_DEFAULTS = Path(__file__).with_name("default_config.toml")


@cache
def defaults() -> dict[str, dict[str, Any]]:
    with _DEFAULTS.open("rb") as fh:
        return tomllib.load(fh)


def default(section: str, key: str) -> Any:
    """A dataclass field whose default is ``[section] key`` of ``default_config.toml``."""

    def make() -> Any:
        value = defaults()[section][key]
        return tuple(value) if isinstance(value, list) else value

    return field(default_factory=make)


class StageSettings:
    """Base of every stage's settings dataclass (frozen, fields made with :func:`default`)."""

    section: ClassVar[str]

    @classmethod
    def resolve(cls, value: Self | Mapping[str, Any] | None = None) -> Self:
        """``None`` → defaults; a dict → defaults with those keys replaced; an instance → itself."""
        if value is None:
            return cls()
        if isinstance(value, cls):
            return value
        if not isinstance(value, Mapping):
            raise ConfigError(None, f"{cls.section} settings must be a dict or {cls.__name__}. "
                                    f"Got {type(value).__name__} instead")
        base = cls()
        known = {f.name for f in fields(base)}  # type: ignore[arg-type]
        unknown = sorted(set(value) - known)
        if unknown:
            raise ConfigError(None, f"unknown {cls.section} setting(s) {unknown}; known: {sorted(known)}")
        changes: dict[str, Any] = {}
        for key, v in value.items():
            current = getattr(base, key)
            if isinstance(current, tuple):
                if not isinstance(v, list | tuple):
                    raise ConfigError(None, f"{cls.section} setting {key!r} must be a list. Got {v!r} instead")
                v = tuple(v)
            elif isinstance(current, int | float) and not isinstance(current, bool):
                wanted = int if isinstance(current, int) else int | float
                if isinstance(v, bool) or not isinstance(v, wanted) or v < 0:
                    kind = "integer" if wanted is int else "number"
                    raise ConfigError(None, f"{cls.section} setting {key!r} must be a non-negative {kind}. "
                                            f"Got {v!r} instead")
            changes[key] = v
        out = replace(base, **changes)  # type: ignore[type-var]
        out.validate()
        return out

    def validate(self) -> None:
        """Cross-field rules of a stage (override); single values are checked by :meth:`resolve`."""


@dataclass(frozen=True)
class IngestSettings(StageSettings):
    section: ClassVar[str] = "ingest"
    max_bytes: int = default("ingest", "max_bytes")
    max_docx_uncompressed: int = default("ingest", "max_docx_uncompressed")
    max_docx_ratio: int = default("ingest", "max_docx_ratio")
    max_pdf_pages: int = default("ingest", "max_pdf_pages")
    convert_timeout_s: int = default("ingest", "convert_timeout_s")
