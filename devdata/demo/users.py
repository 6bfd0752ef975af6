"""Demo users for seed_demo: one per role, sharing a password that the command prints."""

import os

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "justice-demo-2023")

DEMO_USERS = [
    # username, role group, full name
    ("secretariat", "Secretariat", "Sasha Secretariat"),
    ("member", "Member", "Morgan Member"),
    # A second member, so the demo has an item coded independently by two people (dual coding).
    ("member2", "Member", "Robin Reviewer"),
    ("chair", "Chair", "Charlie Chair"),
]


def seed_users() -> dict:
    user_model = get_user_model()
    users = {}
    for username, role, full_name in DEMO_USERS:
        first, last = full_name.split(" ", 1)
        user, created = user_model.objects.get_or_create(
            username=username,
            defaults={"first_name": first, "last_name": last, "email": f"{username}@wp.example.org"},
        )
        user.is_staff = True
        if created:
            user.set_password(DEMO_PASSWORD)
        user.save()
        user.groups.add(Group.objects.get(name=role))
        users[username] = user
    return users
