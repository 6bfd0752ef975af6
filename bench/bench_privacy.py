"""Sliding 30-minute idle timeout: justice_wp.security.SessionTimeoutMiddleware records activity at
most once a minute, where Django's SESSION_SAVE_EVERY_REQUEST writes the session row on every
request. Measured on the same logged-in member hitting the admin index."""

import time
import uuid

from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

REQUESTS = 100


def _measure(client: Client, url: str, *, save_every_request: bool) -> tuple[int, float]:
    with (
        override_settings(SESSION_SAVE_EVERY_REQUEST=save_every_request),
        CaptureQueriesContext(connection) as queries,
    ):
        started = time.perf_counter()
        for _ in range(REQUESTS):
            client.get(url, secure=True)
        elapsed = time.perf_counter() - started
    writes = sum(
        1 for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "django_session" in q["sql"]
    )
    return writes, elapsed


def run() -> list[tuple[str, str, str]]:
    user = get_user_model().objects.create_user(
        username=f"bench-privacy-{uuid.uuid4().hex[:8]}", is_staff=True
    )
    user.groups.add(Group.objects.get(name="Member"))
    try:
        with override_settings(ALLOWED_HOSTS=["testserver"], SECURE_SSL_REDIRECT=False):
            client = Client()
            client.force_login(user)
            url = reverse("admin:index")
            client.get(url, secure=True)  # warm caches
            ours_writes, ours_time = _measure(client, url, save_every_request=False)
            every_writes, every_time = _measure(client, url, save_every_request=True)
    finally:
        for session in Session.objects.all().iterator():
            if session.get_decoded().get("_auth_user_id") == str(user.pk):
                session.delete()
        AccessLog.objects.filter(username=user.username).delete()  # axes logs the login
        user.delete()
    return [
        (
            f"Sliding idle timeout, {REQUESTS} admin requests",
            "session writes: ours vs SESSION_SAVE_EVERY_REQUEST",
            f"{ours_writes} vs {every_writes}",
        ),
        (
            f"Sliding idle timeout, {REQUESTS} admin requests",
            "time per request: ours vs SESSION_SAVE_EVERY_REQUEST",
            f"{ours_time / REQUESTS * 1000:.1f} ms vs {every_time / REQUESTS * 1000:.1f} ms "
            f"= {every_time / ours_time:.2f}×",
        ),
    ]
