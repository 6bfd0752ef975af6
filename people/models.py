"""The working party's people: staff accounts the Chair invites, gives a role and deactivates, without
needing a superuser. `Person` is a proxy of Django's user (its own admin and permissions); `PersonEvent`
is the append-only record of who invited, re-invited, changed or deactivated whom."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models


class Role(models.TextChoices):
    """The role groups of justice_wp/roles.py (a person holds exactly one)."""

    MEMBER = "Member", "Member"
    SECRETARIAT = "Secretariat", "Secretariat"
    CHAIR = "Chair", "Chair"


class Person(User):
    class Meta:
        proxy = True
        verbose_name = "person"
        verbose_name_plural = "people"
        ordering = ["last_name", "first_name", "username"]

    @property
    def invitation_pending(self) -> bool:
        """Invited, link not used yet: no password set and never logged in."""
        return self.is_active and not self.has_usable_password() and self.last_login is None


class PersonEvent(models.Model):
    class Action(models.TextChoices):
        INVITED = "invited", "Invited"
        REINVITED = "reinvited", "Invitation sent again"
        ACCEPTED = "accepted", "Invitation accepted (password set)"
        CHANGED = "changed", "Details or role changed"
        DEACTIVATED = "deactivated", "Deactivated"
        REACTIVATED = "reactivated", "Reactivated"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="person_events"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=300, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "account event"

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d %b %Y %H:%M}"
