"""What an import accepts at most, and the one error that refuses a whole file.

The limits come from settings (``IMPORT_*``, see README) so staff can raise them for the full
catalog without code changes; every one is checked before the expensive step it protects.
"""

from dataclasses import dataclass

from django.conf import settings


class ImportRefused(Exception):
    """The file as a whole cannot be imported; ``str(exc)`` is the message shown to the person."""


@dataclass(frozen=True)
class ImportLimits:
    max_bytes: int
    max_rows: int
    xlsx_max_unpacked_bytes: int
    xlsx_max_members: int

    @classmethod
    def from_settings(cls) -> "ImportLimits":
        return cls(
            max_bytes=settings.IMPORT_MAX_BYTES,
            max_rows=settings.IMPORT_MAX_ROWS,
            xlsx_max_unpacked_bytes=settings.IMPORT_XLSX_MAX_UNPACKED_BYTES,
            xlsx_max_members=settings.IMPORT_XLSX_MAX_MEMBERS,
        )


def human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"
