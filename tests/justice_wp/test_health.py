import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

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


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthz_from_gunicorn(database_url: str) -> tuple[int, bytes]:
    """Start the production server as `make serve` does and ask it, as a load balancer would."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DATABASE_POOL_TIMEOUT": "2",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "a-production-secret-key-for-the-test-only",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
    }
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10) as response:
                    return response.status, response.read()
            except urllib.error.HTTPError as error:
                return error.code, error.read()
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=60)


def test_gunicorn_answers_503_when_the_database_is_down():
    assert _healthz_from_gunicorn("postgres://nobody@127.0.0.1:1/justice") == (503, b"database unavailable\n")


@pytest.mark.postgres
@pytest.mark.django_db
def test_gunicorn_answers_200_with_postgresql_up():
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    assert _healthz_from_gunicorn(url) == (200, b"ok\n")


@pytest.mark.django_db
def test_healthz_answers_head_probes(client):
    assert client.head("/healthz").status_code == 200
