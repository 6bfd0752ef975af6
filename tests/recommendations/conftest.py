import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Test users are created in most tests here; the production hasher would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
