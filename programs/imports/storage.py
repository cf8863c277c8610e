"""Uploaded files, kept outside any served directory under generated names, deleted after use.

The upload lives from the preview until the batch is confirmed, cancelled or expires
(``UPLOAD_TEMP_MAX_AGE_HOURS``); the name the person gave it is stored for display only.
"""

import uuid
from pathlib import Path

from django.conf import settings

from .limits import ImportRefused

SUBDIR = "imports"


def upload_dir() -> Path:
    folder = Path(settings.PRIVATE_UPLOAD_DIR) / SUBDIR
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def save_upload(data: bytes) -> str:
    """Store the bytes under a fresh random name; returns the name relative to PRIVATE_UPLOAD_DIR."""
    name = f"{uuid.uuid4().hex}.upload"
    (upload_dir() / name).write_bytes(data)
    return f"{SUBDIR}/{name}"


def _path(stored: str) -> Path:
    name = Path(stored).name  # never a path the caller controls
    return upload_dir() / name


def read_upload(stored: str) -> bytes:
    path = _path(stored) if stored else None
    if path is None or not path.is_file():
        raise ImportRefused(
            "The uploaded file is no longer kept (uploads are deleted after the import ends or "
            f"{settings.UPLOAD_TEMP_MAX_AGE_HOURS} hours). Upload it again."
        )
    return path.read_bytes()


def delete_upload(stored: str) -> None:
    if stored:
        _path(stored).unlink(missing_ok=True)
        _companion(stored).unlink(missing_ok=True)


def _companion(stored: str) -> Path:
    return _path(stored).with_suffix(".rows.json")


def save_companion(stored: str, data: bytes) -> None:
    """A file derived from the upload (the preview's cleaned rows); deleted with it."""
    if stored:
        _companion(stored).write_bytes(data)


def read_companion(stored: str) -> bytes | None:
    path = _companion(stored) if stored else None
    return path.read_bytes() if path is not None and path.is_file() else None
