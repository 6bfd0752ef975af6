"""docs/samples/: a Google Forms CSV and a Microsoft Forms XLSX per demo survey import cleanly into it,
every column understood (no question to create, nothing ignored but the tool's "Start time")."""

from pathlib import Path

import pytest

from evidence import services
from evidence.codebook import SURVEYS
from evidence.models import Survey

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["google-forms.csv", "microsoft-forms.xlsx"])
@pytest.mark.parametrize("slug", [spec["slug"] for spec in SURVEYS])
def test_each_sample_imports_into_its_demo_survey(tender_survey, slug, kind):
    survey = Survey.objects.get(slug=slug)
    name = f"{slug}-{kind}"
    plan = services.survey_responses_import(
        survey=survey, content=(SAMPLES / name).read_bytes(), filename=name, by=None
    )
    assert (plan.errors, plan.written) == ([], 5)
    assert [column.header for column in plan.columns.unknown] == (
        ["Start time"] if kind.endswith("xlsx") else []
    )
    assert {question.code for _, question in plan.columns.questions} == set(
        survey.questions.values_list("code", flat=True)
    )
    assert survey.responses.filter(submitter__name="Priya Shah").count() == 1
