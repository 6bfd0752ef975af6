"""The evidence list's "Edit selected…" action, posted as the admin's own forms post it."""

import pytest

from evidence import services
from evidence.models import EvidenceItem
from tests.evidence.test_admin import CHANGELIST
from tests.factories import EvidenceItemFactory, OrganisationFactory, ThemeFactory


def action(items, **fields):
    return {"action": "bulk_edit", "_selected_action": [item.pk for item in items], **fields}


def open_form(client, items) -> dict:
    """The intermediate form, and the fields it would post back (items, action, what it saw)."""
    response = client.post(CHANGELIST, action(items))
    assert response.status_code == 200
    return action(items, seen=response.context["form"].initial["seen"], apply="1")


@pytest.mark.django_db
def test_secretariat_edits_selected_items_and_sees_what_changed(secretariat_client, secretariat_user):
    theme, body = ThemeFactory(name="Oversight"), OrganisationFactory(name="DWP")
    items = EvidenceItemFactory.create_batch(3)
    form = open_form(secretariat_client, items)
    page = secretariat_client.post(
        CHANGELIST,
        form
        | {
            "themes_mode": "add",
            "themes": [theme.pk],
            "public_bodies_mode": "set",
            "public_bodies": [body.pk],
            "kind": "foi_response",
        },
    )
    text = page.content.decode()
    assert "Changed 3 of 3 selected item(s); 0 already as asked." in text
    assert text.count("Themes: + Oversight") == 3 and "Kind: Written submission → FOI response" in text
    for item in items:
        item.refresh_from_db()
        assert (item.kind, list(item.themes.all()), list(item.public_bodies.all())) == (
            "foi_response",
            [theme],
            [body],
        )
        assert item.history.latest().history_user == secretariat_user


@pytest.mark.django_db
def test_the_form_lists_the_items_in_constant_queries(secretariat_client, django_assert_num_queries):
    """session, user, permissions (2); the changelist the action runs from: exclusion reason, survey
    and theme filter choices, count, and the filter choices again; then the selection's size
    (capped), the selected items and their themes (with parents) for the form."""
    theme = ThemeFactory()
    few = EvidenceItemFactory.create_batch(2, themes=[theme])
    with django_assert_num_queries(14) as captured:
        secretariat_client.post(CHANGELIST, action(few))
    many = few + EvidenceItemFactory.create_batch(20, themes=[theme])
    with django_assert_num_queries(len(captured)):
        page = secretariat_client.post(CHANGELIST, action(many))
    assert page.content.decode().count(f"<td>{theme}</td>") == 22


@pytest.mark.django_db
def test_nothing_chosen_or_add_without_values_is_an_error(secretariat_client):
    item = EvidenceItemFactory()
    form = open_form(secretariat_client, [item])
    assert "Choose at least one change to make." in secretariat_client.post(CHANGELIST, form).content.decode()
    text = secretariat_client.post(CHANGELIST, form | {"providers_mode": "remove"}).content.decode()
    assert "Choose the providers to remove." in text


@pytest.mark.django_db
def test_an_edit_in_another_tab_refuses_and_the_form_can_be_applied_again(
    secretariat_client, secretariat_user
):
    item = EvidenceItemFactory()
    form = open_form(secretariat_client, [item])
    item.title = "Changed meanwhile"
    services.evidence_update(item=item, by=secretariat_user)
    page = secretariat_client.post(CHANGELIST, form | {"kind": "case_study"})
    assert f"Changed by someone else since you opened this form: {item.reference}" in page.content.decode()
    item.refresh_from_db()
    assert item.kind == "written_submission"
    again = form | {"kind": "case_study", "seen": page.context["form"].data["seen"]}
    assert "Changed 1 of 1" in secretariat_client.post(CHANGELIST, again).content.decode()
    item.refresh_from_db()
    assert (item.kind, item.title) == ("case_study", "Changed meanwhile")


@pytest.mark.django_db
def test_a_damaged_form_is_refused(secretariat_client):
    item = EvidenceItemFactory()
    page = secretariat_client.post(CHANGELIST, action([item], seen="nonsense", apply="1", kind="case_study"))
    assert "The form is damaged" in page.content.decode()
    assert EvidenceItem.objects.get().kind == "written_submission"


@pytest.mark.django_db
def test_members_cannot_bulk_edit(member_client):
    item = EvidenceItemFactory()
    assert "bulk_edit" not in member_client.get(CHANGELIST).content.decode()
    member_client.post(CHANGELIST, action([item], seen=f"{item.pk}=x", apply="1", kind="case_study"))
    assert EvidenceItem.objects.get().kind == "written_submission"


@pytest.mark.django_db
def test_logged_out_visitors_cannot_bulk_edit(client):
    item = EvidenceItemFactory()
    response = client.post(CHANGELIST, action([item], apply="1", kind="case_study"))
    assert response.status_code == 302
    assert EvidenceItem.objects.get().kind == "written_submission"


@pytest.mark.django_db
def test_too_large_a_selection_is_refused_with_what_to_do(secretariat_client, monkeypatch):
    monkeypatch.setattr("evidence.admin.bulk.MAX_ITEMS", 2)
    items = EvidenceItemFactory.create_batch(3)
    response = secretariat_client.post(CHANGELIST, action(items, apply="1", kind="case_study"), follow=True)
    assert "Select at most 2 items to edit at a time" in response.content.decode()
    assert not EvidenceItem.objects.filter(kind="case_study").exists()
