"""Every page fits 1280 px: as each role, on the demo data, no page scrolls sideways.

The page list is generated from admin.site._registry (changelist, add page and the change page of
one object for every registered admin), plus the pages the journeys visit and the non-admin pages.
Pages a role may not open (403, 404, or a redirect away) are skipped for that role. A screenshot per
role of the pages people use daily is saved under tests/browser/artifacts/screenshots/<role>/."""

import importlib
import re
import time

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.urls import reverse

from coding.models import DualCodingAssignment
from devdata.demo.users import DEMO_PASSWORD
from evidence.models import EvidenceItem
from meetings.models import Meeting
from publication.selectors import published_items
from recommendations.models import Recommendation
from tests.browser.conftest import ARTIFACTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WIDTH, HEIGHT = 1280, 900
ROLES = ["member", "secretariat", "chair"]  # the demo users, one per role
# How far the page scrolls sideways, and every box inside it that scrolls sideways (Django wraps the
# change list's table in one: a too-wide list hides its last columns there instead).
OVERFLOW = """() => {
  const root = document.documentElement, found = [];
  const over = root.scrollWidth - root.clientWidth;
  if (over > 0) found.push(`the page by ${over} px`);
  for (const box of document.querySelectorAll("body *")) {
    if (box.tagName === "TEXTAREA" || box.scrollWidth <= box.clientWidth + 1) continue;
    const overflow = getComputedStyle(box).overflowX;
    if (overflow !== "auto" && overflow !== "scroll") continue;
    const name = box.id ? `#${box.id}` : `${box.tagName.toLowerCase()}.${[...box.classList].join(".")}`;
    found.push(`${name} by ${box.scrollWidth - box.clientWidth} px`);
  }
  return found;
}"""


def admin_pages() -> list[tuple[str, str]]:
    """(name, address) for every registered admin: its list, its add page, one object's change page."""
    pages = []
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin:{opts.app_label}_{opts.model_name}"
        pages.append((f"{opts.label} list", reverse(f"{prefix}_changelist")))
        pages.append((f"{opts.label} add", reverse(f"{prefix}_add")))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append((f"{opts.label} change", reverse(f"{prefix}_change", args=[obj.pk])))
    return pages


def journey_pages() -> dict[str, str]:
    """The non-admin pages and the admin pages the journeys visit that the registry does not name."""
    item = EvidenceItem.objects.order_by("pk").first()
    surveyed = EvidenceItem.objects.filter(survey__isnull=False).order_by("pk").first() or item
    recommendation = Recommendation.objects.exclude(links=None).order_by("pk").first()
    meeting = Meeting.objects.exclude(action_points=None).order_by("pk").first()
    pages = {
        "dashboard": reverse("dashboard"),
        "admin index": reverse("admin:index"),
        "progress": reverse("recommendations:progress"),
        "matrix": reverse("recommendations:matrix"),
        "report preview": reverse("recommendations_report_preview"),
        "evidence list": reverse("admin:evidence_evidenceitem_changelist"),
        "evidence list, possible duplicates": reverse("admin:evidence_evidenceitem_changelist")
        + "?duplicates=possible",
        "item": reverse("admin:evidence_evidenceitem_change", args=[item.pk]),
        "survey item": reverse("admin:evidence_evidenceitem_change", args=[surveyed.pk]),
        "item history": reverse("admin:evidence_evidenceitem_history", args=[item.pk]),
        "reader": reverse("admin:evidence_evidenceitem_code", args=[item.pk]),
        "upload documents": reverse("admin:evidence_evidenceitem_upload_documents"),
        "import survey": reverse("admin:evidence_evidenceitem_import_survey"),
        "theme import": reverse("admin:evidence_theme_import"),
        "recommendation list": reverse("admin:recommendations_recommendation_changelist"),
        "recommendation": reverse("admin:recommendations_recommendation_change", args=[recommendation.pk]),
        "recommendation history": reverse(
            "admin:recommendations_recommendation_history", args=[recommendation.pk]
        ),
        "meeting list": reverse("admin:meetings_meeting_changelist"),
        "meeting": reverse("admin:meetings_meeting_change", args=[meeting.pk]),
        "published evidence": reverse("publication:published_list"),
        "publication decision for an item": reverse("admin:publication_publicationdecision_add")
        + f"?item={item.pk}",
        "redaction for an item": reverse("admin:publication_redaction_add") + f"?item={item.pk}",
        "coding conflicts": reverse("admin:coding_dualcodingassignment_conflicts"),
        "coding agreement": reverse("admin:coding_dualcodingassignment_agreement"),
    }
    published = published_items().order_by("pk").first()
    if published is not None:
        pages["published item"] = reverse("publication:published_detail", args=[published.reference])
    assignment = DualCodingAssignment.objects.order_by("pk").first()
    if assignment is not None:
        pages["dual coding"] = reverse("admin:coding_dualcodingassignment_code", args=[assignment.pk])
        pages["dual coding resolve"] = reverse(
            "admin:coding_dualcodingassignment_resolve", args=[assignment.pk]
        )
    return pages


SCREENSHOTS = ["dashboard", "evidence list", "item", "recommendation", "meeting", "progress"]


def _opened(page, address: str) -> bool:
    """Open the address; False when the role may not (refused, missing, sent elsewhere, a download)."""
    try:
        response = page.goto(address, wait_until="domcontentloaded")
    except Exception as error:  # a download, or a refusal with an empty body: not a page
        if "Download is starting" in str(error) or "ERR_HTTP_RESPONSE_CODE_FAILURE" in str(error):
            # Let Chromium's own error page open before the next address (else it interrupts that).
            page.wait_for_url(re.compile(r"^chrome-error:"), wait_until="load")
            return False
        raise
    if response is None or response.status >= 400:
        return False
    if "text/html" not in response.headers.get("content-type", ""):
        return False
    landed = re.sub(r"^https?://[^/]+", "", page.url)
    return landed.split("?")[0] == address.split("?")[0]


def _login(browser, live_server, username: str):
    context = browser.new_context(base_url=live_server.url, viewport={"width": WIDTH, "height": HEIGHT})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return context, page


def _reference_data_back():
    """Earlier transactional tests empty the tables migrations fill: put back what the demo needs."""
    from django.apps import apps as installed

    from evidence.models import ExclusionReason

    reasons = importlib.import_module("evidence.migrations.0011_exclusion_reasons")
    for order, (name, description, needs_note) in enumerate(reasons.REASONS, start=1):
        ExclusionReason.objects.get_or_create(
            name=name, defaults={"description": description, "needs_note": needs_note, "order": order}
        )
    redactions = importlib.import_module("publication.migrations.0002_redaction_reasons")
    redactions.forwards(installed, None)  # get_or_create: safe to run again


def test_every_page_fits_1280_px_as_every_role(live_server, browser, media_root):
    started = time.monotonic()
    _reference_data_back()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    print(f"demo data in {time.monotonic() - started:.1f} s")
    pages, seen = [], set()
    for name, address in [*journey_pages().items(), *admin_pages()]:
        if address not in seen:  # the journeys' pages come first: they keep their names
            seen.add(address)
            pages.append((name, address))
    too_wide, opened = [], {}
    for username in ROLES:
        context, page = _login(browser, live_server, username)
        opened[username] = 0
        shots = ARTIFACTS / "screenshots" / username
        shots.mkdir(parents=True, exist_ok=True)
        for old in shots.glob("too-wide-*.png"):
            old.unlink()
        for name, address in pages:
            if not _opened(page, address):
                continue
            opened[username] += 1
            found = page.evaluate(OVERFLOW)
            too_wide += [f"{username}: {name} ({address}): {what}" for what in found]
            if found:  # a picture of what is too wide, to see why
                page.screenshot(path=str(shots / f"too-wide-{re.sub(r'[^a-z]+', '-', name.lower())}.png"))
            if name in SCREENSHOTS:
                page.screenshot(path=str(shots / f"{name.replace(' ', '-')}.png"), full_page=True)
        context.close()
        print(f"{username}: {opened[username]} pages by {time.monotonic() - started:.1f} s")
    assert all(count > 20 for count in opened.values()), opened
    assert too_wide == [], "\n".join(too_wide)
