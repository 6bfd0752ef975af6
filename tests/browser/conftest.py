"""Real-browser journeys: Playwright driving Debian's chromium against pytest-django's live server.

Journeys log in through the admin login form as a person would, one role per page, and save a
screenshot of where they end under tests/browser/artifacts/ (git-ignored)."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management.sql import emit_post_migrate_signal
from django.db import DEFAULT_DB_ALIAS

from evidence.codebook import ensure_reference_data
from evidence.models import ReferenceCounter, Survey, SurveyQuestion, Theme
from justice_wp.roles import sync_roles
from tests.factories import PASSWORD, UserFactory

# Playwright's sync API runs an event loop in the test thread; Django would otherwise refuse the
# test's own database queries as "called from an async context".
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).parent / "artifacts"
ROLE_USERNAMES = {"Secretariat": "browser-secretariat", "Member": "browser-member", "Chair": "browser-chair"}


@pytest.fixture(scope="session", autouse=True)
def _reference_data_back_after_the_session(django_db_setup, django_db_blocker):
    """The live server needs transactional tests, which end by emptying the database (serialized
    rollback refills it only before the next such test). Put the roles and the codebook back at the
    end, so a database kept with --reuse-db still has them next time."""
    yield
    with django_db_blocker.unblock():
        if not Group.objects.exists():
            emit_post_migrate_signal(verbosity=0, interactive=False, db=DEFAULT_DB_ALIAS)
            sync_roles(Group.objects, Permission.objects)
            ensure_reference_data(Theme, Survey, SurveyQuestion)
            ReferenceCounter.objects.get_or_create(name="evidence")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's chromium instead of a downloaded browser build (nothing is downloaded here)."""
    if not CHROMIUM.exists():
        pytest.skip(f"chromium not found at {CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads go to a temporary folder; the live server runs in this process and sees the setting."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def page_as(live_server, browser, media_root):
    """`page_as("Secretariat")`: a new browser page logged in through the admin login form
    (`page_as("Member", "second-member")` for a second person with the same role)."""
    contexts = []

    def login(role: str, username: str | None = None):
        user = UserFactory(username=username or ROLE_USERNAMES[role], role=role)
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.goto("/admin/login/")
        page.fill("#id_username", user.username)
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_url(re.compile(r"/admin/$"))
        return page

    yield login
    for context in contexts:
        context.close()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as artifacts/<name>.png and return its path."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def console_errors(page) -> list[str]:
    """Errors the page logs from now on, CSP violations included (Chromium logs them as errors)."""
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors
