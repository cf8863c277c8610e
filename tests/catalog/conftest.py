import pytest


@pytest.fixture(autouse=True)
def private_uploads(settings, tmp_path):
    """Each test keeps its uploads in its own folder (and can check they are deleted)."""
    folder = tmp_path / "uploads"
    settings.PRIVATE_UPLOAD_DIR = folder
    return folder
