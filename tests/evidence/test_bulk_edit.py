"""evidence_bulk_edit: all or nothing, one history row per changed item, refused when stale."""

import pytest
from django.core.exceptions import ValidationError

from evidence.bulk_edit import ADD, REMOVE, SET, BulkChanges, edit_token, evidence_bulk_edit
from evidence.models import EvidenceItem
from tests.factories import EvidenceItemFactory, OrganisationFactory, SurveyFactory, ThemeFactory

Kind = EvidenceItem.Kind


def seen(*items):
    return {item.pk: edit_token(item) for item in items}


@pytest.mark.django_db
def test_adds_removes_and_sets_with_one_history_row_per_changed_item(secretariat_user):
    oversight, fees, delays = (
        ThemeFactory(name="Oversight"),
        ThemeFactory(name="Fees"),
        ThemeFactory(name="Delays"),
    )
    provider = OrganisationFactory(name="Acme Assessments")
    first = EvidenceItemFactory(themes=[fees])
    second = EvidenceItemFactory(themes=[oversight, fees])
    before = {item.pk: item.history.count() for item in (first, second)}
    changes = BulkChanges(
        confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL,
        relations={"themes": (ADD, [oversight, delays]), "providers": (SET, [provider])},
    )
    changed = evidence_bulk_edit(
        item_ids=[first.pk, second.pk], seen=seen(first, second), changes=changes, by=secretariat_user
    )
    assert {c.item.pk: c.changes for c in changed} == {
        first.pk: [
            "Confidentiality: Publishable → Confidential",
            "Themes: + Delays, Oversight",
            "Providers: + Acme Assessments",
        ],
        second.pk: [
            "Confidentiality: Publishable → Confidential",
            "Themes: + Delays",
            "Providers: + Acme Assessments",
        ],
    }
    for item in (first, second):
        item.refresh_from_db()
        assert set(item.themes.all()) >= {oversight, delays} and list(item.providers.all()) == [provider]
        assert item.history.count() == before[item.pk] + 1
        latest = item.history.latest()
        assert latest.history_user == secretariat_user
        assert latest.history_change_reason.startswith(
            "bulk edit: Confidentiality: Publishable → Confidential"
        )
        assert {t.theme for t in latest.themes.all()} == set(item.themes.all())


@pytest.mark.django_db
def test_items_already_as_asked_are_left_alone(secretariat_user):
    theme = ThemeFactory()
    item = EvidenceItemFactory(themes=[theme])
    rows = item.history.count()
    changed = evidence_bulk_edit(
        item_ids=[item.pk],
        seen=seen(item),
        changes=BulkChanges(relations={"themes": (ADD, [theme])}),
        by=secretariat_user,
    )
    assert changed == [] and item.history.count() == rows


@pytest.mark.django_db
def test_remove_and_replace_with_nothing(secretariat_user):
    keep, drop = ThemeFactory(), ThemeFactory()
    item = EvidenceItemFactory(themes=[keep, drop])
    item.sectors.create(name="Welfare", slug="welfare")
    changes = BulkChanges(relations={"themes": (REMOVE, [drop]), "sectors": (SET, [])})
    evidence_bulk_edit(item_ids=[item.pk], seen=seen(item), changes=changes, by=secretariat_user)
    assert list(item.themes.all()) == [keep] and not item.sectors.exists()


@pytest.mark.django_db
def test_an_invalid_result_on_one_item_changes_nothing_and_names_it(secretariat_user):
    response = EvidenceItemFactory(kind=Kind.SURVEY_RESPONSE, survey=SurveyFactory())
    article = EvidenceItemFactory(kind=Kind.WRITTEN_SUBMISSION)
    with pytest.raises(ValidationError) as refused:
        evidence_bulk_edit(
            item_ids=[response.pk, article.pk],
            seen=seen(response, article),
            changes=BulkChanges(kind=Kind.NEWS_ARTICLE),
            by=secretariat_user,
        )
    assert f"{response.reference}: Only survey responses belong to a survey" in refused.value.messages[0]
    assert refused.value.messages[-1] == "Nothing was changed."
    assert set(EvidenceItem.objects.values_list("kind", flat=True)) == {
        Kind.SURVEY_RESPONSE,
        Kind.WRITTEN_SUBMISSION,
    }


@pytest.mark.django_db
def test_an_item_saved_since_the_form_was_shown_refuses_the_edit(secretariat_user):
    from evidence import services

    first, second = EvidenceItemFactory(), EvidenceItemFactory()
    shown = seen(first, second)
    second.title = "Edited in another tab"
    services.evidence_update(item=second, by=secretariat_user)
    with pytest.raises(ValidationError) as refused:
        evidence_bulk_edit(
            item_ids=[first.pk, second.pk],
            seen=shown,
            changes=BulkChanges(kind=Kind.CASE_STUDY),
            by=secretariat_user,
        )
    assert refused.value.code == "stale" and second.reference in refused.value.messages[0]
    assert not EvidenceItem.objects.filter(kind=Kind.CASE_STUDY).exists()
