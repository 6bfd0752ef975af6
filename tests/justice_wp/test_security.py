import datetime
import os
import secrets
import subprocess
import sys
import time

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from evidence.models import EvidenceItem
from justice_wp.security import LOGIN_AT, SEEN_AT, client_ip
from tests.factories import PASSWORD, UserFactory

INDEX = reverse("admin:index")
LOGIN = reverse("admin:login")


def production_env(**extra) -> dict:
    """DEBUG off and a strong secret, as in production; the database URL is never connected to."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return env | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
        "DJANGO_ALLOWED_HOSTS": "wp.example.org",
        "DATABASE_URL": "postgres://checker@127.0.0.1:5432/never_connected",
        **extra,
    }


def run_manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=production_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)" in result.stdout


def test_production_settings_values():
    code = (
        "import django; django.setup(); from django.conf import settings as s;"
        "from django.urls import reverse;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, s.X_FRAME_OPTIONS, reverse('admin:index'))"
    )
    env = production_env(DJANGO_SETTINGS_MODULE="justice_wp.settings", DJANGO_ADMIN_URL="/office-7f3a/")
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=django_settings.BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == [
        str(365 * 24 * 3600),
        "True",
        "True",
        "True",
        "True",
        "True",
        "True",
        "Lax",
        "DENY",
        "/office-7f3a/",
    ], result.stderr


def test_ssl_redirect_can_be_turned_off_for_loopback_and_check_stays_clean():
    env = production_env(DJANGO_SECURE_SSL_REDIRECT="0")
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_security_headers_on_every_response(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(LOGIN, secure=True)
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


@pytest.mark.django_db
def test_a_bad_host_header_gets_400(client):
    assert client.get(LOGIN, HTTP_HOST="evil.example.com").status_code == 400


@pytest.mark.django_db
def test_post_without_csrf_token_is_refused_and_creates_nothing(secretariat_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(secretariat_user)
    response = client.post(
        reverse("admin:evidence_evidenceitem_add"),
        {"title": "Forged", "kind": "other", "received_on": "2023-11-01", "confidentiality": "publishable"},
    )
    assert response.status_code == 403
    assert not EvidenceItem.objects.exists()


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_the_login_page(client):
    response = client.get(reverse("admin:evidence_evidenceitem_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


@pytest.mark.parametrize("password", ["short-pass1", "password1234", "123456789012345"])
def test_passwords_are_validated(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_passphrase_is_accepted():
    validate_password("tender oversight ledger 42")


def login(client, username, password, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password, "next": INDEX}, REMOTE_ADDR=ip)


@pytest.mark.django_db
def test_five_failures_lock_that_username_from_that_ip_for_15_minutes(client):
    UserFactory(username="alex", role="Member")
    UserFactory(username="bo", role="Member")
    for _ in range(5):
        assert login(client, "alex", "wrong-password").status_code in (200, 429)
    assert login(client, "alex", PASSWORD).status_code == 429  # right password, still locked
    # Keyed on username + IP: others are not locked out with them.
    assert login(Client(), "bo", PASSWORD).status_code == 302
    assert login(Client(), "alex", PASSWORD, ip="203.0.113.7").status_code == 302
    # After the cool-off the pair may try again.
    AccessAttempt.objects.update(
        attempt_time=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=16)
    )
    assert login(Client(), "alex", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_four_failures_do_not_lock_out(client):
    UserFactory(username="alex", role="Member")
    for _ in range(4):
        login(client, "alex", "wrong-password")
    assert login(client, "alex", PASSWORD).status_code == 302


def test_client_ip_trusts_only_the_configured_number_of_proxies(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request) == "203.0.113.9"  # the spoofable left-hand entry is ignored
    settings.TRUSTED_PROXY_COUNT = 3
    assert client_ip(request) == "10.0.0.1"  # fewer hops than proxies: not forwarded by them


def shift_session(client, **seconds_ago):
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[{"login": LOGIN_AT, "seen": SEEN_AT}[key]] = now - ago
    session.save()


@pytest.mark.django_db
def test_session_ends_after_30_minutes_idle(member_client):
    shift_session(member_client, seen=31 * 60)
    response = member_client.get(INDEX)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_activity_slides_the_idle_timeout(member_client):
    shift_session(member_client, login=2 * 3600, seen=29 * 60)
    assert member_client.get(INDEX).status_code == 200
    assert int(time.time()) - member_client.session[SEEN_AT] < 5
    assert member_client.get(INDEX).status_code == 200


@pytest.mark.django_db
def test_session_ends_12_hours_after_login_even_when_active(member_client):
    shift_session(member_client, login=12 * 3600 + 1, seen=10)
    response = member_client.get(INDEX)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_deactivating_a_user_ends_their_sessions(member_client, member_user, secretariat_user):
    Client().force_login(secretariat_user)
    assert member_client.get(INDEX).status_code == 200
    member_user.is_active = False
    member_user.save()
    assert Session.objects.count() == 1  # the secretariat's session survives
    response = member_client.get(INDEX)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
