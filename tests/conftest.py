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


@pytest.fixture
def tender_survey(db):
    """The "Tender & Contract" survey and the theme codebook from the data migration, re-created if a
    transactional test flushed them from a reused database."""
    from evidence.codebook import ensure_reference_data
    from evidence.models import Survey, SurveyQuestion, Theme

    survey = Survey.objects.filter(slug="tender-contract").first()
    if survey is None:
        ensure_reference_data(Theme, Survey, SurveyQuestion)
        survey = Survey.objects.get(slug="tender-contract")
    return survey
