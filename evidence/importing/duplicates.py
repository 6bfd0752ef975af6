"""Possible duplicates of the rows an import will write, shown on its preview: a row with the same text
as an earlier row of the file or as an item already held, or whose submitter email is already known
(that person has sent evidence before). Nothing is skipped for it: people do send the same words
twice on purpose, so the secretariat judges, on the preview and later with the "Possible duplicates"
filter. Text is compared by MD5 of the body, as the evidence list's filter does (indexed on
PostgreSQL)."""

import hashlib
from dataclasses import dataclass

from django.db.models import Min
from django.db.models.functions import MD5

from evidence.models import EvidenceItem

LISTED = 100
# Hashes per query: under SQLite's bound-parameter limit.
CHUNK = 900


@dataclass(frozen=True)
class PossibleDuplicate:
    row: int
    reason: str
    item_id: int | None = None  # the item already held, if any
    reference: str = ""


def _digest(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def possible_duplicates(responses) -> tuple[list[PossibleDuplicate], int]:
    """The first `LISTED` possible duplicates among planned `responses`, and how many there are."""
    digests = {
        response.row: _digest(response.item.body) for response in responses if response.item.body.strip()
    }
    held = _held_items(set(digests.values()))
    known_submitters = {r.submitter.pk for r in responses if r.submitter is not None and r.submitter.pk}
    earlier_items = _first_items_of(known_submitters)
    found, first_row = [], {}
    for response in responses:
        digest = digests.get(response.row)
        if digest in held:
            found.append(PossibleDuplicate(response.row, "same text as", *held[digest]))
        elif digest in first_row:
            found.append(
                PossibleDuplicate(response.row, f"same text as row {first_row[digest]} of this file")
            )
        if digest is not None:
            first_row.setdefault(digest, response.row)
        submitter_id = response.submitter.pk if response.submitter is not None else None
        if submitter_id in earlier_items:
            found.append(
                PossibleDuplicate(response.row, "same submitter email as", *earlier_items[submitter_id])
            )
    return found[:LISTED], len(found)


def _held_items(digests: set[str]) -> dict[str, tuple[int, str]]:
    """The first held item (by id) with each of `digests` as the MD5 of its body."""
    ordered, held = sorted(digests), {}
    for start in range(0, len(ordered), CHUNK):
        rows = (
            EvidenceItem.objects.alias(body_hash=MD5("body"))
            .filter(body_hash__in=ordered[start : start + CHUNK])
            .annotate(digest=MD5("body"))
            .order_by("-pk")
            .values_list("digest", "pk", "reference")
        )
        held |= {digest: (pk, reference) for digest, pk, reference in rows}
    return held


def _first_items_of(submitter_ids: set[int]) -> dict[int, tuple[int, str]]:
    """The first item (by id) of each submitter already known."""
    ordered, firsts = sorted(submitter_ids), {}
    for start in range(0, len(ordered), CHUNK):
        first_ids = (
            EvidenceItem.objects.filter(submitter_id__in=ordered[start : start + CHUNK])
            .values("submitter_id")
            .annotate(first=Min("pk"))
            .values_list("first", flat=True)
        )
        items = EvidenceItem.objects.filter(pk__in=first_ids).values_list("submitter_id", "pk", "reference")
        firsts |= {submitter_id: (pk, reference) for submitter_id, pk, reference in items}
    return firsts
