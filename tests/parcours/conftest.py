import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.REUSSITE_PRIVATE_MEDIA_ROOT = tmp_path / "private"
