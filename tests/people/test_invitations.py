"""The Chair invites people by email; the one-time link sets a password; roles, deactivation and the
limits: no superusers, nothing beyond the three roles, members and secretariat cannot invite."""

import datetime
import re
from unittest import mock

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from people import services
from people.models import Person, PersonEvent
from people.tokens import InvitationTokenGenerator
from tests.factories import UserFactory

CHANGELIST = reverse("admin:people_person_changelist")
ADD = reverse("admin:people_person_add")
GOOD_PASSWORD = "correct horse battery staple 42"


def change_url(person):
    return reverse("admin:people_person_change", args=[person.pk])


def invite(client, email="robin@example.org", role="Member", **extra):
    data = {"email": email, "first_name": "Robin", "last_name": "Hale", "role": role} | extra
    return client.post(ADD, data)


def link_in(message) -> str:
    return re.search(r"http://testserver(/accounts/invitation/\S+/)", message.body).group(1)


@pytest.mark.django_db
def test_invitation_journey(chair_client, chair_user):
    response = invite(chair_client, "Robin@Example.org", role="Secretariat")
    assert response.status_code == 302, response.context and response.context["errors"]
    person = Person.objects.get(email="robin@example.org")
    assert (person.username, person.is_staff, person.is_superuser) == ("robin@example.org", True, False)
    assert not person.has_usable_password()
    assert [g.name for g in person.groups.all()] == ["Secretariat"]
    [message] = mail.outbox
    assert message.to == ["robin@example.org"]
    assert "as Secretariat" in message.body and "7 days" in message.body
    link = link_in(message)

    visitor = Client()
    page = visitor.get(link)
    assert page.status_code == 200 and "Choose a password" in page.content.decode()
    assert page["Referrer-Policy"] == "no-referrer"
    weak = visitor.post(link, {"new_password1": "short", "new_password2": "short"})
    assert weak.status_code == 200 and "at least 12 characters" in weak.content.decode()
    done = visitor.post(link, {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("admin:login")

    signed_in = Client()
    login = signed_in.post(
        reverse("admin:login"),
        {"username": "robin@example.org", "password": GOOD_PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert login.status_code == 302
    assert signed_in.get(reverse("admin:evidence_submitter_changelist")).status_code == 200  # secretariat
    # The link is dead once used.
    assert Client().get(link).status_code == 404
    again = Client().post(
        link, {"new_password1": "another long password 99", "new_password2": "another long password 99"}
    )
    assert again.status_code == 404
    person.refresh_from_db()
    assert person.check_password(GOOD_PASSWORD)
    actions = list(person.person_events.order_by("at", "id").values_list("action", "by"))
    assert actions == [(PersonEvent.Action.INVITED, chair_user.pk), (PersonEvent.Action.ACCEPTED, None)]


@pytest.mark.django_db
def test_the_link_expires(chair_user, settings):
    settings.INVITATION_TIMEOUT_DAYS = 7
    person = services.person_invite(
        person=Person(email="late@example.org"), role="Member", by=chair_user, site_url="http://testserver"
    )
    link = link_in(mail.outbox[0])
    later = datetime.datetime.now() + datetime.timedelta(days=7, hours=1)
    with mock.patch.object(InvitationTokenGenerator, "_now", return_value=later):
        assert Client().get(link).status_code == 404
    sooner = datetime.datetime.now() + datetime.timedelta(days=6, hours=23)
    with mock.patch.object(InvitationTokenGenerator, "_now", return_value=sooner):
        assert Client().get(link).status_code == 200  # past Django's 3-day reset timeout, still valid
    assert person.pk


@pytest.mark.django_db
def test_resending_kills_the_earlier_link(chair_client):
    invite(chair_client)
    first = link_in(mail.outbox[0])
    person = Person.objects.get(email="robin@example.org")
    response = chair_client.post(CHANGELIST, {"action": "resend_invitation", "_selected_action": [person.pk]})
    assert response.status_code == 302
    second = link_in(mail.outbox[1])
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200


@pytest.mark.django_db
def test_resend_is_refused_once_the_password_is_set(chair_user):
    person = Person.objects.get(pk=UserFactory(username="set", role="Member").pk)
    with pytest.raises(Exception, match="already set a password"):
        services.invitation_resend(person=person, by=chair_user)
    assert mail.outbox == []


@pytest.mark.django_db
def test_deactivation_kills_an_unused_link(chair_user):
    person = services.person_invite(
        person=Person(email="gone@example.org"), role="Member", by=chair_user, site_url="http://testserver"
    )
    link = link_in(mail.outbox[0])
    services.person_deactivate(person=person, by=chair_user)
    assert Client().get(link).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["/accounts/invitation/xx/yy/", "/accounts/invitation/MQ/1-abc/"])
def test_forged_links_are_refused(client, bad, chair_user):
    assert client.get(bad).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("fixture", ["member_client", "secretariat_client", "client"])
def test_only_the_chair_invites(request, fixture):
    client = request.getfixturevalue(fixture)
    response = invite(client)
    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert reverse("admin:login") in response["Location"]
    assert not Person.objects.filter(email="robin@example.org").exists()
    assert mail.outbox == []
    assert client.get(CHANGELIST).status_code in (302, 403)


@pytest.mark.django_db
def test_services_refuse_people_without_the_chairs_permission(member_user):
    with pytest.raises(Exception, match="Only the Chair"):
        services.person_invite(person=Person(email="x@example.org"), role="Member", by=member_user)


@pytest.mark.django_db
def test_chair_cannot_make_a_superuser_or_grant_permissions(chair_client):
    response = invite(
        chair_client,
        "sneaky@example.org",
        is_superuser="on",
        is_staff="on",
        user_permissions=["1"],
        groups=["1"],
    )
    assert response.status_code == 302
    person = Person.objects.get(email="sneaky@example.org")
    assert not person.is_superuser and not person.user_permissions.exists()
    assert [g.name for g in person.groups.all()] == ["Member"]
    bad_role = invite(chair_client, "root@example.org", role="Superuser")
    assert bad_role.status_code == 200 and not Person.objects.filter(email="root@example.org").exists()
    edited = chair_client.post(
        change_url(person),
        {"first_name": "S", "last_name": "N", "email": person.email, "role": "Chair", "is_superuser": "on"},
    )
    assert edited.status_code == 302
    person.refresh_from_db()
    assert not person.is_superuser and [g.name for g in person.groups.all()] == ["Chair"]


@pytest.mark.django_db
def test_chair_cannot_see_or_edit_superusers(chair_client, chair_user):
    root = UserFactory(username="root", is_superuser=True)
    assert "root" not in chair_client.get(CHANGELIST).content.decode()
    page = chair_client.get(change_url(root))
    assert page.status_code in (302, 404)
    chair_client.post(change_url(root), {"first_name": "x", "email": "r@x.org", "role": "Member"})
    chair_client.post(CHANGELIST, {"action": "deactivate_selected", "_selected_action": [root.pk]})
    root.refresh_from_db()
    assert root.is_active and root.is_superuser and root.first_name == ""
    with pytest.raises(Exception, match="Superuser"):
        services.person_deactivate(person=Person.objects.get(pk=root.pk), by=chair_user)
    # Nor through Django's own user admin, which stays superuser-only.
    assert chair_client.get(reverse("admin:auth_user_changelist")).status_code == 403


@pytest.mark.django_db
def test_chair_changes_a_role(chair_client):
    person = Person.objects.get(pk=UserFactory(username="m1", role="Member").pk)
    response = chair_client.post(
        change_url(person),
        {"first_name": "Morgan", "last_name": "Lee", "email": "m1@x.org", "role": "Secretariat"},
    )
    assert response.status_code == 302
    assert [g.name for g in person.groups.all()] == ["Secretariat"]
    assert person.person_events.get().detail == "role Member → Secretariat"


def _session_of(user) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("dashboard")).status_code == 200
    return client


@pytest.mark.django_db
def test_deactivation_ends_sessions(chair_client, chair_user):
    member = UserFactory(username="leaving", role="Member")
    theirs = _session_of(member)
    other = _session_of(UserFactory(username="staying", role="Member"))
    response = chair_client.post(
        CHANGELIST, {"action": "deactivate_selected", "_selected_action": [member.pk]}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert not member.is_active
    assert theirs.get(reverse("dashboard")).status_code == 302  # logged out
    assert other.get(reverse("dashboard")).status_code == 200
    assert not [s for s in Session.objects.all() if s.get_decoded().get(SESSION_KEY) == str(member.pk)]
    reactivate = chair_client.post(
        CHANGELIST, {"action": "reactivate_selected", "_selected_action": [member.pk]}
    )
    assert reactivate.status_code == 302
    member.refresh_from_db()
    assert member.is_active


@pytest.mark.django_db
def test_chair_cannot_deactivate_themselves(chair_client, chair_user):
    chair_client.post(CHANGELIST, {"action": "deactivate_selected", "_selected_action": [chair_user.pk]})
    chair_user.refresh_from_db()
    assert chair_user.is_active


@pytest.mark.django_db
def test_changelist_queries_do_not_grow(chair_client, django_assert_num_queries):
    """session, user, permissions (2), count (filtered), count (all), page of people, their groups
    (prefetched)."""
    for n in range(3):
        UserFactory(username=f"p{n}", role="Member")
    with django_assert_num_queries(8):
        chair_client.get(CHANGELIST)
    for n in range(3, 40):
        UserFactory(username=f"p{n}", role="Secretariat")
    with django_assert_num_queries(8):
        response = chair_client.get(CHANGELIST)
    assert response.context["cl"].result_count == 41
    assert timezone.now()
