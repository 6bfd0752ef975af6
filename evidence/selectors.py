"""Evidence reads shared by pages: the counts behind the dashboard and the report's statistics annex
(3 queries), the evidence flow (1 more) and the report's list of contributors."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Q

from evidence.models import EvidenceItem, ExclusionReason, Survey, Theme

Status = EvidenceItem.Status
Kind = EvidenceItem.Kind


@dataclass
class Tally:
    key: object
    label: str
    count: int


@dataclass
class EvidenceStatistics:
    total: int
    excluded: int
    late: int
    by_status: list[Tally]
    by_kind: list[Tally]
    by_survey: list[Tally]
    by_theme: list[Tally]

    @property
    def considered(self) -> int:
        return self.total - self.excluded


def evidence_statistics() -> EvidenceStatistics:
    """Totals, status and kind in one aggregate; surveys and themes in one query each.
    Kind, survey and theme count the evidence considered (everything not excluded)."""
    considered = ~Q(status=Status.EXCLUDED)
    totals = EvidenceItem.objects.aggregate(
        total=Count("pk"),
        late=Count("pk", filter=Q(received_on__gt=settings.EVIDENCE_DEADLINE)),
        **{f"status_{status}": Count("pk", filter=Q(status=status)) for status in Status.values},
        **{f"kind_{kind}": Count("pk", filter=considered & Q(kind=kind)) for kind in Kind.values},
    )
    not_excluded = ~Q(responses__status=Status.EXCLUDED)
    surveys = Survey.objects.annotate(n=Count("responses", filter=not_excluded)).order_by("name")
    themes = (
        Theme.objects.select_related("parent")
        .annotate(n=Count("evidence_items", filter=~Q(evidence_items__status=Status.EXCLUDED)))
        .filter(n__gt=0)
        .order_by("-n", "name")
    )
    return EvidenceStatistics(
        total=totals["total"],
        excluded=totals[f"status_{Status.EXCLUDED}"],
        late=totals["late"],
        by_status=[Tally(s, s.label, totals[f"status_{s}"]) for s in Status],
        by_kind=sorted(
            (Tally(k, k.label, totals[f"kind_{k}"]) for k in Kind if totals[f"kind_{k}"]),
            key=lambda c: -c.count,
        ),
        by_survey=[Tally(survey.pk, survey.name, survey.n) for survey in surveys],
        by_theme=[Tally(theme.pk, str(theme), theme.n) for theme in themes],
    )


@dataclass
class EvidenceFlow:
    """Where the evidence stands, from receipt to citation (PRISMA-style). Every box is a sum of the
    boxes after it: received = not yet screened + screened; screened = excluded + included;
    included = awaiting review + reviewed; reviewed = not cited + cited. "Screened" is every item
    past "received", whatever stage it was excluded at."""

    received: int
    not_screened: int
    excluded: int
    excluded_by_reason: list[Tally]
    awaiting_review: int
    not_cited: int
    cited: int

    @property
    def reviewed(self) -> int:
        return self.not_cited + self.cited

    @property
    def included(self) -> int:
        return self.awaiting_review + self.reviewed

    @property
    def screened(self) -> int:
        return self.excluded + self.included


def evidence_flow(statistics: EvidenceStatistics | None = None) -> EvidenceFlow:
    """The flow from `statistics` (already read by the page) plus one query for the reasons."""
    statistics = statistics or evidence_statistics()
    by_status = {tally.key: tally.count for tally in statistics.by_status}
    reasons = (
        ExclusionReason.objects.annotate(n=Count("items", filter=Q(items__status=Status.EXCLUDED)))
        .filter(n__gt=0)
        .order_by("order", "name")
    )
    return EvidenceFlow(
        received=statistics.total,
        not_screened=by_status[Status.RECEIVED],
        excluded=by_status[Status.EXCLUDED],
        excluded_by_reason=[Tally(reason.pk, reason.name, reason.n) for reason in reasons],
        awaiting_review=by_status[Status.TRIAGED],
        not_cited=by_status[Status.REVIEWED],
        cited=by_status[Status.CITED],
    )
