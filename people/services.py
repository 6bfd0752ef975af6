"""Every write to people's accounts: atomic, permission-checked and recorded as a PersonEvent.

The Chair (people.add_person / change_person) invites, edits, re-invites, deactivates and reactivates
members, secretariat and other chairs. Nobody here can create or touch a superuser, or give anything
beyond one of the three role groups: the form has no superuser, staff or permission fields, and these
functions refuse them whatever the caller sends."""

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from people.models import Person, PersonEvent, Role
from people.tokens import invitation_token

ADD, CHANGE = "people.add_person", "people.change_person"


def _actor(by):
    return by if by is not None and by.is_authenticated else None


def _check(by, permission: str, person: Person | None = None) -> None:
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied("Only the Chair manages people.")
    if person is not None and person.is_superuser:
        raise PermissionDenied("Superuser accounts are managed outside the working party's admin.")


def _record(person, action: str, by, detail: str = "") -> None:
    PersonEvent.objects.create(person=person, action=action, by=_actor(by), detail=detail[:300])


def _role_set(person: Person, role: str) -> None:
    if role not in Role.values:
        raise ValidationError({"role": f"Choose one of: {', '.join(Role.values)}."})
    person.groups.set([Group.objects.get(name=role)])


def person_role(person) -> str:
    names = {group.name for group in person.groups.all()}
    return next((role for role in Role.values if role in names), "")


def invitation_link(person: Person, *, site_url: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(person.pk))
    path = reverse("people:invitation_accept", args=[uid, invitation_token.make_token(person)])
    return f"{site_url.rstrip('/')}{path}"


def _invitation_send(person: Person, *, site_url: str) -> None:
    context = {
        "person": person,
        "link": invitation_link(person, site_url=site_url),
        "days": settings.INVITATION_TIMEOUT_DAYS,
        "role": person_role(person),
    }
    EmailMessage(
        subject="Your invitation to the Outsourcing and Administrative Justice Working Party",
        body=render_to_string("people/invitation_email.txt", context),
        to=[person.email],
    ).send()


@transaction.atomic
def person_invite(*, person: Person, role: str, by, site_url: str = "") -> Person:
    """Create the (unsaved) `person` as a staff account without a password, give it `role` and email
    a one-time link to set the password (valid INVITATION_TIMEOUT_DAYS days). The username is the
    email address; nothing else about the account comes from the caller."""
    _check(by, ADD)
    if person.pk:
        raise ValueError("person_invite takes a new person; use person_update.")
    email = person.email.strip().lower()
    if Person.objects.filter(email__iexact=email).exists() or Person.objects.filter(username=email).exists():
        raise ValidationError({"email": "Someone with this email address already has an account."})
    person.username = person.email = email
    person.is_staff, person.is_superuser, person.is_active = True, False, True
    person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    _role_set(person, role)
    _record(person, PersonEvent.Action.INVITED, by, f"as {role}")
    _invitation_send(person, site_url=site_url or settings.SITE_URL)
    return person


@transaction.atomic
def person_update(*, person: Person, role: str, by) -> Person:
    """Save name and email changes and the role (one of the three groups, nothing else)."""
    _check(by, CHANGE, person)
    before = person_role(person)
    person.full_clean(exclude=["password"])
    person.save(update_fields=["first_name", "last_name", "email"])
    _role_set(person, role)
    _record(person, PersonEvent.Action.CHANGED, by, f"role {before} → {role}" if before != role else "")
    return person


@transaction.atomic
def invitation_resend(*, person: Person, by, site_url: str = "") -> Person:
    """Send a fresh link to someone who has not accepted yet; the earlier links stop working."""
    _check(by, CHANGE, person)
    if not person.is_active:
        raise ValidationError(f"{person.username} is deactivated; reactivate them first.")
    if person.has_usable_password() or person.last_login:
        raise ValidationError(f"{person.username} has already set a password.")
    person.set_unusable_password()  # a new random marker: earlier tokens no longer match
    person.save(update_fields=["password"])
    _record(person, PersonEvent.Action.REINVITED, by)
    _invitation_send(person, site_url=site_url or settings.SITE_URL)
    return person


@transaction.atomic
def invitation_accept(*, person: Person, password: str) -> Person:
    """Set the password chosen from the invitation link (validated by the form); the link dies."""
    person.set_password(password)
    person.save(update_fields=["password"])
    _record(person, PersonEvent.Action.ACCEPTED, None)
    return person


@transaction.atomic
def person_deactivate(*, person: Person, by) -> Person:
    """Deactivate an account: it can no longer log in, and its live sessions end (the post-save
    receiver in justice_wp/security.py deletes them)."""
    _check(by, CHANGE, person)
    if by is not None and person.pk == by.pk:
        raise ValidationError("You cannot deactivate your own account.")
    if not person.is_active:
        return person
    person.is_active = False
    person.save(update_fields=["is_active"])
    _record(person, PersonEvent.Action.DEACTIVATED, by)
    return person


@transaction.atomic
def person_reactivate(*, person: Person, by) -> Person:
    _check(by, CHANGE, person)
    if person.is_active:
        return person
    person.is_active = True
    person.save(update_fields=["is_active"])
    _record(person, PersonEvent.Action.REACTIVATED, by)
    return person
