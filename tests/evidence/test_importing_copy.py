"""On PostgreSQL the import writes its bulk rows with COPY (evidence.importing.copying): the same file
imported through COPY and through bulk_create must leave the same rows, history included."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from evidence import services
from evidence.importing import copying, writing
from evidence.models import EvidenceItem, Organisation, Submitter, SurveyAnswer

pytestmark = pytest.mark.postgres

ITEM_IDS = {"id", "created_at", "updated_at", "import_batch_id", "submitter_id"}


class Rollback(Exception):
    pass


def _content() -> bytes:
    lines = ["Response ID,Timestamp,Name,Email,Organisation,Consent to publish,Themes,q1,q3"]
    for n in range(12):
        person = n % 5  # repeat respondents: one submitter each
        themes = ["", "vulnerable-users", "vulnerable-users; local-government"][n % 3]
        organisation = f"Org {person % 2}" if person else ""
        consent = "Yes" if n % 2 else "No"
        lines.append(
            f"C{n},{1 + n:02d}/11/2023 10:00,Person {person},p{person}@example.net,{organisation},{consent},"
            f'"{themes}",Adviser,"Answer {n}, with “quotes”\nand a line break"'
        )
    return "\n".join(lines).encode()


def _import(survey, by):
    plan = services.survey_responses_import(survey=survey, content=_content(), filename="c.csv", by=by)
    assert plan.ok and plan.written == 12, plan.errors
    return plan


def _snapshot(batch, started, finished) -> dict:
    """Every row the import wrote, with database ids replaced by what they point at."""
    items = {item.pk: item for item in EvidenceItem.objects.filter(import_batch=batch)}
    reference = {pk: item.reference for pk, item in items.items()}
    submitters = {s.pk: s.email for s in Submitter.objects.filter(pk__in=batch.created_submitter_ids)}
    people = {s.pk: s.email for s in Submitter.objects.all()}
    history = list(EvidenceItem.history.filter(import_batch_id=batch.pk).order_by("history_id"))
    for row in history:
        assert started <= row.history_date <= finished
        assert row.history_date >= items[row.id].created_at
    by_history = {row.history_id: reference[row.id] for row in history}
    links = list(EvidenceItem.themes.through.objects.filter(evidenceitem__in=items))
    link_ids = {link.pk: (reference[link.evidenceitem_id], link.theme_id) for link in links}
    history_links = EvidenceItem.history.model.themes.model.objects.filter(history__in=history)

    def fields(row, drop=()):
        values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}
        return {name: value for name, value in values.items() if name not in drop}

    def person_history(model, keys, key):
        return sorted(
            (key(row), row.history_type, row.history_user_id, row.history_change_reason)
            for row in model.history.filter(id__in=keys)
        )

    return {
        "items": sorted(
            ((fields(item, ITEM_IDS), people.get(item.submitter_id)) for item in items.values()),
            key=lambda pair: pair[0]["reference"],
        ),
        "item history": [
            (
                fields(row, ITEM_IDS | {"history_id", "history_date"}),
                people.get(row.submitter_id),
            )
            for row in sorted(history, key=lambda row: reference[row.id])
        ],
        "answers": sorted(
            (reference[a.item_id], a.question.code, a.answer)
            for a in SurveyAnswer.objects.filter(item__in=items).select_related("question")
        ),
        "themes": sorted(link_ids.values()),
        "theme history": sorted(
            (
                by_history[row.history_id],
                row.theme_id,
                link_ids[row.id] == (reference[row.evidenceitem_id], row.theme_id),
            )
            for row in history_links
        ),
        "submitters": sorted(
            (
                (fields(s, {"id", "created_at", "organisation_id"}), s.organisation and s.organisation.name)
                for s in Submitter.objects.filter(pk__in=submitters)
            ),
            key=lambda pair: pair[0]["email"],
        ),
        "submitter history": person_history(Submitter, list(submitters), lambda row: row.email),
        "organisations": sorted(
            Organisation.objects.filter(pk__in=batch.created_organisation_ids).values_list("name", flat=True)
        ),
        "organisation history": person_history(
            Organisation, batch.created_organisation_ids, lambda row: row.name
        ),
    }


@pytest.mark.django_db(transaction=False)
def test_copy_writes_the_rows_bulk_create_writes(tender_survey, secretariat_user, monkeypatch):
    started = timezone.now()
    with pytest.raises(Rollback), transaction.atomic():
        plan = _import(tender_survey, secretariat_user)
        copied = _snapshot(plan.batch, started, timezone.now())
        raise Rollback
    monkeypatch.setattr(writing, "copy_supported", lambda: False)
    started = timezone.now()
    plan = _import(tender_survey, secretariat_user)
    created = _snapshot(plan.batch, started, timezone.now())
    assert copied == created
    assert len(copied["items"]) == len(copied["item history"]) == 12
    assert len(copied["answers"]) == 24 and len(copied["themes"]) == 12
    assert len(copied["submitters"]) == len(copied["submitter history"]) == 5
    assert copied["organisations"] == ["Org 0", "Org 1"]
    assert {row[1:] for row in copied["submitter history"]} == {
        ("+", secretariat_user.pk, "imported from c.csv")
    }
    assert all(row[0]["history_user_id"] == secretariat_user.pk for row in copied["item history"])
    assert all(ok for *_, ok in copied["theme history"])


def test_copy_statements_are_counted_as_queries(tender_survey, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        copying.copy_rows(
            Organisation._meta.db_table, ["name", "kind", "website", "notes"], [("Copied", "other", "", "")]
        )
    assert captured.captured_queries[0]["sql"].startswith('COPY "evidence_organisation"')
    assert Organisation.objects.filter(name="Copied").exists()


def test_reserved_ids_are_new_and_distinct(db):
    ids = copying.ids_reserve(Organisation, 3)
    assert len(set(ids)) == 3
    assert Organisation.objects.create(name="After").pk not in ids
    assert connection.vendor == "postgresql"


def test_a_row_never_loses_a_link_to_an_unsaved_object(db):
    maker = copying.RowMaker(Submitter)
    with pytest.raises(ValueError, match="organisation"):
        maker.row(Submitter(name="S", organisation=Organisation(name="Not saved")))
    saved = Organisation.objects.create(name="Saved")
    row = dict(zip(maker.columns, maker.row(Submitter(name="S", organisation=saved)), strict=True))
    assert row["organisation_id"] == saved.pk and row["created_at"] is not None
