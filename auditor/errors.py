"""The coded error catalogue.

The library raises these; the CLI prints ``str(error)`` as one line per file and carries on.
Codes are stable: E1xx ingestion, E2xx structure, E3xx tables/checks, E4xx narrative/models,
E5xx reuse, E6xx store/batch, E9xx usage.
"""

from __future__ import annotations


class AuditError(Exception):
    """Base class: ``code`` is stable, ``str()`` names the file and the reason on one line."""

    code = "E000"
    template = "{reason}"

    def __init__(self, path: str | None = None, reason: str = "", **details: object) -> None:
        self.path = path
        self.reason = reason
        self.details = details
        super().__init__(self.message)

    @property
    def message(self) -> str:
        text = self.template.format(reason=self.reason, **self.details)
        text = " ".join(text.split())  # one line, whatever the reason held
        return f"{self.code} {self.path}: {text}" if self.path else f"{self.code} {text}"

    def __str__(self) -> str:
        return self.message


class IngestError(AuditError):
    code = "E100"
    template = "cannot read: {reason}"


class EmptyFileError(IngestError):
    code = "E101"
    template = "empty file{reason}"


class UnsupportedFormatError(IngestError):
    code = "E102"
    template = "not a report format we read: {reason}"


class CorruptFileError(IngestError):
    code = "E103"
    template = "damaged or truncated file: {reason}"


class EncryptedFileError(IngestError):
    code = "E104"
    template = "encrypted file: {reason}"


class FileTooLargeError(IngestError):
    code = "E105"
    template = "too large: {reason}"


class ZipBombError(IngestError):
    code = "E106"
    template = "refused, archive expands too much: {reason}"


class ConverterMissingError(IngestError):
    code = "E107"
    template = "needs a converter that is not installed: {reason}"


class NotAReportError(IngestError):
    code = "E108"
    template = "does not look like a disclosure report: {reason}"


class DecodeError(IngestError):
    code = "E109"
    template = "cannot decode text: {reason}"


class MissingFileError(IngestError):
    code = "E110"
    template = "no such file: {reason}"


class ConfigError(AuditError):
    code = "E901"
    template = "bad setting: {reason}"


class ModelError(AuditError):
    code = "E401"
    template = "model problem: {reason}"


class ReuseError(AuditError):
    code = "E501"
    template = "copy detection: {reason}"


class StoreError(AuditError):
    code = "E601"
    template = "store problem: {reason}"


CATALOGUE: dict[str, type[AuditError]] = {
    cls.code: cls
    for cls in (
        AuditError,
        IngestError,
        EmptyFileError,
        UnsupportedFormatError,
        CorruptFileError,
        EncryptedFileError,
        FileTooLargeError,
        ZipBombError,
        ConverterMissingError,
        NotAReportError,
        DecodeError,
        MissingFileError,
        ConfigError,
        ModelError,
        ReuseError,
        StoreError,
    )
}
