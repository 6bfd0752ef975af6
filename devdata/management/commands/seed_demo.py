from django.core.management.base import BaseCommand
from django.db import transaction

from devdata.demo import coding as coding_demo
from devdata.demo import evidence as evidence_demo
from devdata.demo import implementation as demo_implementation
from devdata.demo import meetings as meetings_demo
from devdata.demo import publication as publication_demo
from devdata.demo import recommendations as recommendations_demo
from devdata.demo import responses as demo_responses
from devdata.demo import stakeholders as demo_stakeholders
from devdata.demo import users as demo
from evidence.models import EvidenceItem, Excerpt
from meetings.models import Meeting
from recommendations.models import EvidenceLink, ImplementationStatus, OutreachEntry, Recommendation

# What the summary counts, read from the database before and after the run (not from the demo
# lists, so a database holding more than the demo says so).
COUNTED = [
    (EvidenceItem, "evidence items"),
    (Excerpt, "excerpts"),
    (Recommendation, "recommendations"),
    (EvidenceLink, "evidence links"),
    (Meeting, "meetings"),
    (ImplementationStatus, "implementation statuses"),
    (OutreachEntry, "outreach entries"),
]


def counts() -> list[int]:
    return [model.objects.count() for model, _label in COUNTED]


def summary(before: list[int], after: list[int]) -> str:
    """ "The database holds 41 evidence items (none added by this run), …"."""
    parts = [
        f"{total} {label} ({'none' if total == was else total - was} added by this run)"
        for (_model, label), was, total in zip(COUNTED, before, after, strict=True)
    ]
    return "The database holds " + ", ".join(parts) + "."


class Command(BaseCommand):
    help = "Load the demo data and demo users (safe to run again: nothing is duplicated)."

    @transaction.atomic
    def handle(self, *args, **options):
        before = counts()
        users = demo.seed_users()
        meetings = meetings_demo.seed(users=users)
        items = evidence_demo.seed(by=users["secretariat"], meetings=meetings)
        meetings_demo.link_evidence(meetings)
        recommendations_demo.seed(by=users["member"], chair=users["chair"], items=items)
        demo_responses.seed(by=users["secretariat"], chair=users["chair"])
        demo_stakeholders.seed(by=users["secretariat"])
        demo_implementation.seed(by=users["secretariat"])
        coding_demo.seed(users=users)
        publication_demo.seed(users=users)
        self.stdout.write(self.style.SUCCESS(f"Demo data ready. {summary(before, counts())}"))
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, role, _ in demo.DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role}")
