"""Demo target stakeholders for seed_demo: whom each demo recommendation asks to act, so that the
implementation chart and /recommendations/progress/ have a story (3.2's two bodies are named by
devdata/demo/responses.py). Idempotent: a recommendation that already names stakeholders is left
as it is."""

from editing.services import audited_save
from evidence.models import Organisation
from recommendations import services
from recommendations.models import Recommendation

PUBLIC_BODY = Organisation.Kind.PUBLIC_BODY
TARGETS = {
    "1.1": ["Crown Commercial Service", "Local Government Association"],
    "1.2": ["Cabinet Office", "Crown Commercial Service"],
    "1.3": ["Department for Education"],
    "2.1": ["Crown Commercial Service"],
    "3.1": ["Department for Work and Pensions", "Ministry of Justice"],
    "4.1": ["Parliamentary and Health Service Ombudsman"],
}


def organisation(name: str, *, by) -> Organisation:
    existing = Organisation.objects.filter(name=name).first()
    if existing:
        return existing
    return audited_save(Organisation(name=name, kind=PUBLIC_BODY), by=by, reason="demo")


def seed(*, by) -> list[Recommendation]:
    named = []
    for recommendation in Recommendation.objects.filter(number__in=TARGETS).prefetch_related(
        "target_stakeholders"
    ):
        if recommendation.target_stakeholders.all():
            continue
        targets = [organisation(name, by=by) for name in TARGETS[recommendation.number]]
        services.recommendation_update(
            recommendation=recommendation, by=by, reason="stakeholders named", target_stakeholders=targets
        )
        named.append(recommendation)
    return named
