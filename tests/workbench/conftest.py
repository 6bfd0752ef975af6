import pytest

from evidence.models import EvidenceItem
from tests.factories import (
    EvidenceItemFactory,
    RecommendationFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    ThemeFactory,
)

BODY = (
    "We waited eleven weeks for a decision.\n\n"
    "The assessor never read the medical evidence. Nobody explained how to complain."
)


@pytest.fixture
def submission(db):
    return EvidenceItemFactory(title="Written submission from a carer", body=BODY)


@pytest.fixture
def survey_response(db):
    survey = SurveyFactory(name="Tender and contract")
    item = EvidenceItemFactory(
        title="Response 17", kind=EvidenceItem.Kind.SURVEY_RESPONSE, survey=survey, body=""
    )
    q1 = SurveyQuestionFactory(survey=survey, code="q1", text="What happened?", order=1)
    q2 = SurveyQuestionFactory(survey=survey, code="q2", text="What should change?", order=2)
    SurveyAnswerFactory(item=item, question=q1, answer="The contractor lost my file twice.")
    SurveyAnswerFactory(item=item, question=q2, answer="Publish the contract's penalty clauses.")
    return item


@pytest.fixture
def theme(db):
    return ThemeFactory(name="Assessments & entitlement", colour="#aa3377")


@pytest.fixture
def recommendation(db):
    return RecommendationFactory(number="2.1", title="Assessors must read the medical evidence")
