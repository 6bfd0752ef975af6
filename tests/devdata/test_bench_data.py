import pytest
from django.core.management import CommandError, call_command

from devdata.bench import data as benchdata
from evidence.models import EvidenceItem, Submitter, SurveyAnswer
from recommendations.models import EvidenceLink, Recommendation
from tests.factories import EvidenceItemFactory


def generate(**options):
    call_command("generate_bench_data", **{"evidence": 30, "recommendations": 3, "links": 12} | options)


@pytest.mark.django_db
def test_generates_the_volumes_asked_for_with_one_history_row_per_create():
    generate()
    assert (EvidenceItem.objects.count(), Recommendation.objects.count(), EvidenceLink.objects.count()) == (
        30,
        3,
        12,
    )
    assert sorted(EvidenceItem.objects.values_list("reference", flat=True)) == [
        f"OAJ-{n:04d}" for n in range(1, 31)
    ]
    for model in (EvidenceItem, Submitter, Recommendation, EvidenceLink):
        assert model.history.filter(history_type="+").count() == model.objects.count()
        assert model.history.count() == model.objects.count()


@pytest.mark.django_db
def test_survey_responses_have_an_answer_per_question_and_themes_are_in_history():
    generate()
    for item in EvidenceItem.objects.filter(kind=EvidenceItem.Kind.SURVEY_RESPONSE):
        assert SurveyAnswer.objects.filter(item=item).count() == item.survey.questions.count()
    for item in EvidenceItem.objects.prefetch_related("themes"):
        created = item.history.get()
        assert {t.theme_id for t in created.themes.all()} == {theme.pk for theme in item.themes.all()}
    excluded = EvidenceItem.objects.filter(status=EvidenceItem.Status.EXCLUDED)
    assert not excluded.filter(exclusion_reason=None).exists()
    assert not EvidenceItem.objects.exclude(status=EvidenceItem.Status.EXCLUDED).exclude(
        exclusion_reason=None
    )


@pytest.mark.django_db
def test_refuses_to_add_to_a_database_with_evidence_and_changes_nothing():
    EvidenceItemFactory(title="Real evidence")
    with pytest.raises(CommandError, match=r"already holds 1 evidence items.*--clear"):
        generate()
    assert list(EvidenceItem.objects.values_list("title", flat=True)) == ["Real evidence"]
    assert benchdata.foreign_data_exists()


@pytest.mark.django_db
def test_clear_replaces_everything_and_restarts_references():
    EvidenceItemFactory(title="Old evidence")
    generate(clear=True, evidence=5, recommendations=0, links=0)
    assert sorted(EvidenceItem.objects.values_list("reference", flat=True))[0] == "OAJ-0001"
    assert not EvidenceItem.objects.filter(title="Old evidence").exists()
    assert not EvidenceItem.history.filter(title="Old evidence").exists()
    assert not benchdata.foreign_data_exists()


@pytest.mark.django_db
def test_same_seed_gives_the_same_data():
    generate(evidence=10, recommendations=0, links=0)
    first = list(EvidenceItem.objects.order_by("reference").values_list("title", "kind", "received_on"))
    generate(evidence=10, recommendations=0, links=0, clear=True)
    again = list(EvidenceItem.objects.order_by("reference").values_list("title", "kind", "received_on"))
    assert first == again


@pytest.mark.django_db
def test_links_without_recommendations_is_refused():
    with pytest.raises(CommandError, match="give --recommendations too"):
        generate(recommendations=0, links=5)
    assert not EvidenceItem.objects.exists()
