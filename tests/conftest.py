import pytest
from django.db import connection

from tests.factories import UserFactory


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` need PostgreSQL; on SQLite they are skipped with the reason."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://...")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture
def secretariat_user(db):
    return UserFactory(username="sec", role="Secretariat")


@pytest.fixture
def member_user(db):
    return UserFactory(username="mem", role="Member")


@pytest.fixture
def chair_user(db):
    return UserFactory(username="chair-user", role="Chair")


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def member_client(client, member_user):
    client.force_login(member_user)
    return client


@pytest.fixture
def chair_client(client, chair_user):
    client.force_login(chair_user)
    return client


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_ledger(settings, tmp_path):
    """A fast password hasher (PBKDF2 dominated test setup), and an erasure ledger file per test
    rather than the project's var/ directory."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ERASURE_LEDGER_FILE = tmp_path / "erasure-ledger.jsonl"
