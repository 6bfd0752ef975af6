"""Reads shared by the reader page and the personal queue."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from evidence.models import EvidenceItem, Excerpt, Theme
from recommendations.models import EvidenceLink
from workbench.models import ReadMark

# The evidence list's filter parameters that also narrow the queue, with the field each filters on.
# Anything else in the query string (hand-made lookups such as ?body__regex=) is ignored.
QUEUE_FILTERS = {
    "survey__id__exact": "survey_id",
    "themes__id__exact": "themes__id",
    "kind__exact": "kind",
    "status__exact": "status",
    "confidentiality__exact": "confidentiality",
    "import_batch__id__exact": "import_batch_id",
}
CHOICES = {
    "kind__exact": EvidenceItem.Kind.values,
    "status__exact": EvidenceItem.Status.values,
    "confidentiality__exact": EvidenceItem.Confidentiality.values,
}
# The queue follows the evidence list's order: newest received first.
ORDER = ("-received_on", "-id")


def queue_params(query) -> dict[str, str]:
    """The queue filters present and well-formed in `query` (a QueryDict)."""
    params = {}
    for name in QUEUE_FILTERS:
        value = query.get(name, "")
        if (value in CHOICES[name]) if name in CHOICES else value.isdigit():
            params[name] = value
    return params


def queue(params: dict[str, str]) -> QuerySet:
    return EvidenceItem.objects.filter(**{QUEUE_FILTERS[name]: value for name, value in params.items()})


def read_by(user):
    return Exists(ReadMark.objects.filter(user=user, item=OuterRef("pk")))


def unread(queryset: QuerySet, user) -> QuerySet:
    return queryset.filter(~read_by(user))


def _after(item) -> Q:
    return Q(received_on__lt=item.received_on) | Q(received_on=item.received_on, id__lt=item.pk)


def next_unread(*, user, item, params: dict[str, str]) -> EvidenceItem | None:
    """The next item in the queue's order that `user` has not read, wrapping round to the top."""
    candidates = unread(queue(params), user).exclude(pk=item.pk).order_by(*ORDER).only("pk", "reference")
    return candidates.filter(_after(item)).first() or candidates.first()


def previous_item(*, item, params: dict[str, str]) -> EvidenceItem | None:
    """The item before `item` in the queue's order, read or not."""
    before = Q(received_on__gt=item.received_on) | Q(received_on=item.received_on, id__gt=item.pk)
    return queue(params).filter(before).order_by("received_on", "id").only("pk", "reference").first()


def unread_count(user) -> int:
    return unread(EvidenceItem.objects.all(), user).count()


def reader_item(object_id) -> EvidenceItem | None:
    return (
        EvidenceItem.objects.select_related("survey", "submitter")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.select_related("parent")))
        .filter(pk=object_id)
        .first()
    )


def reader_excerpts(item) -> list[Excerpt]:
    """The item's excerpts with their themes and the recommendations they are tagged to."""
    links = EvidenceLink.objects.select_related("recommendation").order_by("recommendation__number")
    return list(
        item.excerpts.select_related("created_by").prefetch_related(
            Prefetch("themes", queryset=Theme.objects.select_related("parent")),
            Prefetch("links", queryset=links),
        )
    )


def reader_answers(item) -> list:
    return list(item.answers.select_related("question").order_by("question__order", "question__code"))
