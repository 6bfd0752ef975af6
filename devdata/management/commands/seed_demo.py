from django.core.management.base import BaseCommand
from django.db import transaction

from devdata.demo import coding as coding_demo
from devdata.demo import evidence as evidence_demo
from devdata.demo import implementation as demo_implementation
from devdata.demo import meetings as meetings_demo
from devdata.demo import recommendations as recommendations_demo
from devdata.demo import responses as demo_responses
from devdata.demo import users as demo


class Command(BaseCommand):
    help = "Load the demo data and demo users (safe to run again: nothing is duplicated)."

    @transaction.atomic
    def handle(self, *args, **options):
        users = demo.seed_users()
        meetings = meetings_demo.seed(users=users)
        items = evidence_demo.seed(by=users["secretariat"], meetings=meetings)
        meetings_demo.link_evidence(meetings)
        recommendations = recommendations_demo.seed(by=users["member"], chair=users["chair"], items=items)
        demo_responses.seed(by=users["secretariat"], chair=users["chair"])
        demo_implementation.seed(by=users["secretariat"])
        coding_demo.seed(users=users)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(items)} evidence items, {len(recommendations)} recommendations."
            )
        )
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for username, role, _ in demo.DEMO_USERS:
            self.stdout.write(f"  {username:<12} {role}")
