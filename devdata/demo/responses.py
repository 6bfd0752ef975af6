"""Demo response deadlines for seed_demo: recommendation 3.2 is published with the report (24 April
2024) and aimed at two bodies; the Cabinet Office has responded, the Local Government Association's
response is overdue (due 24 June 2024). Idempotent: a published 3.2 is left as it is, and a response
already recorded is not recorded again."""

import datetime

from editing.services import audited_save
from evidence.models import Organisation
from recommendations import services
from recommendations.implementation import services as implementation_services
from recommendations.models import ImplementationStatus, Recommendation

PUBLISHED_ON = datetime.date(2024, 4, 24)
NUMBER = "3.2"
RECEIVED = ("Cabinet Office", datetime.date(2024, 6, 18), (
    "Welcomes the recommendation; will consider extending FOI duties to contractors' information in "
    "its review of the Freedom of Information Act, and asks departments to publish contract KPIs."
))  # fmt: skip
OVERDUE = "Local Government Association"


def _organisation(name: str, *, by) -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    if existing:
        return existing
    return audited_save(Organisation(name=name, kind=Organisation.Kind.PUBLIC_BODY), by=by, reason="demo")


def seed(*, by, chair) -> list[ImplementationStatus]:
    recommendation = Recommendation.objects.filter(number=NUMBER).first()
    if recommendation is None:
        return []
    if recommendation.status == Recommendation.Status.IN_REPORT:
        targets = [_organisation(RECEIVED[0], by=by), _organisation(OVERDUE, by=by)]
        services.recommendation_update(
            recommendation=recommendation, by=by, reason="stakeholders named", target_stakeholders=targets
        )
        services.recommendation_transition(
            recommendation=recommendation,
            to=Recommendation.Status.PUBLISHED,
            by=chair,
            reason="Published in the report.",
            on=PUBLISHED_ON,
        )
    rows = list(recommendation.implementation.select_related("stakeholder"))
    for row in rows:
        if row.stakeholder.name == RECEIVED[0] and not row.response_received_on:
            implementation_services.implementation_response_record(
                implementation=row, received_on=RECEIVED[1], summary=RECEIVED[2], by=by
            )
    return rows
