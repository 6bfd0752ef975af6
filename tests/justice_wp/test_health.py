import os
import subprocess
import sys

import pytest
from django.conf import settings

from justice_wp import health


@pytest.mark.django_db
def test_healthz_is_ok_without_login_and_says_nothing_else(client, django_assert_num_queries):
    """One query: the applied migrations."""
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_is_503_while_a_migration_is_pending(client, monkeypatch):
    monkeypatch.setattr(health, "_expected", {*health.expected_migrations(), ("evidence", "9999_future")})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.content == b"migrations pending\n"


def _healthz_in_subprocess(database_url: str) -> subprocess.CompletedProcess:
    script = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.content.decode().strip())"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "justice_wp.settings",
        "DATABASE_URL": database_url,
        "DATABASE_POOL_TIMEOUT": "2",
        "DJANGO_DEBUG": "1",
    }
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    "database_url",
    [
        # Nothing listens on port 1: the PostgreSQL server is "down".
        "postgres://nobody@127.0.0.1:1/justice",
        "sqlite:////nonexistent-directory/db.sqlite3",
    ],
    ids=["postgres-down", "sqlite-unreadable"],
)
def test_healthz_is_503_when_the_database_is_unreachable(database_url):
    result = _healthz_in_subprocess(database_url)
    assert result.stdout.strip() == "503 database unavailable", result.stderr
