"""Writes of the coding workbench: coding a passage (excerpt + optional tag) and read records."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from coding import selectors as coding_selectors
from coding import services as coding_services
from editing.services import audited_save
from evidence import privacy
from evidence import services as evidence_services
from evidence.models import EvidenceItem, Excerpt, ExclusionReason, Theme
from recommendations import services as recommendation_services
from recommendations.models import EvidenceLink, Recommendation
from workbench.highlights import locate
from workbench.models import DuplicatePair, ReadMark, SuggestionAcceptance


def _same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


def _resolve_passage(item: EvidenceItem, *, quote: str, block: str, start, end) -> dict:
    """Where the passage is: offsets into the body, or the code of the question whose answer holds it.

    The reader sends the block and offsets of the mouse selection with the quote; if the text changed
    since the page was loaded (they no longer agree), the quote is looked up instead."""
    answers = list(item.answers.select_related("question"))
    texts = {"body": item.body} | {f"answer-{a.pk}": a.answer for a in answers}
    codes = {f"answer-{a.pk}": a.question.code for a in answers}
    text = texts.get(block)
    if text is not None and start is not None and end is not None and 0 <= start < end <= len(text):
        selected = text[start:end]
        if not quote or _same_words(selected, quote):
            trimmed_start = start + len(selected) - len(selected.lstrip())
            quote = selected.strip()
            if block == "body":
                end = trimmed_start + len(quote)
                return {"quote": quote, "start_offset": trimmed_start, "end_offset": end}
            return {"quote": quote, "page": codes[block]}
    quote = quote.strip()
    found = locate(body=item.body, answers=answers, quote=quote) if quote else None
    if found is None:
        raise ValidationError(
            {
                "quote": f"This passage is not in the text of {item.reference}: copy it exactly from the "
                "text (or select it with the mouse) and try again."
            }
        )
    where, offset = found
    if where == "body":
        return {"quote": quote, "start_offset": offset, "end_offset": offset + len(quote)}
    return {"quote": quote, "page": where}


@transaction.atomic
def excerpt_code(
    *,
    item: EvidenceItem,
    by,
    quote: str = "",
    block: str = "",
    start: int | None = None,
    end: int | None = None,
    themes: Iterable = (),
    note: str = "",
    recommendation: Recommendation | None = None,
    stance: str = EvidenceLink.Stance.SUPPORTS,
    strength: int = 2,
) -> tuple[Excerpt, EvidenceLink | None]:
    """Quote a passage of `item`, code it with `themes` and optionally tag it to `recommendation`:
    one excerpt and at most one evidence link, both through their own services, or nothing."""
    if not privacy.can_see_body(by, item):
        raise ValidationError(
            f"{item.reference} is confidential: only the secretariat and the chair may quote it."
        )
    if not by.has_perm("evidence.add_excerpt"):
        raise ValidationError("You do not have permission to add excerpts.")
    themes = list(themes)
    if not themes and recommendation is None:
        raise ValidationError("Choose at least one theme or a recommendation for this passage.")
    passage = _resolve_passage(item, quote=quote, block=block, start=start, end=end)
    assignment = coding_selectors.open_assignment(item, by)
    dual = coding_selectors.hides_shared_codes(assignment)
    excerpt = evidence_services.excerpt_create(
        excerpt=Excerpt(item=item, note=note, **passage), by=by, themes=[] if dual else themes
    )
    if dual:  # the coder's themes stay theirs until the dual coding is resolved
        coding_services.excerpt_codes_add(assignment=assignment, coder=by, excerpt=excerpt, themes=themes)
    link = None
    if recommendation is not None:
        link = recommendation_services.evidence_link_create(
            link=EvidenceLink(
                recommendation=recommendation,
                evidence=item,
                excerpt=excerpt,
                stance=stance,
                strength=strength,
                note=note,
            ),
            by=by,
        )
    return excerpt, link


def item_mark_read(*, item: EvidenceItem, user) -> None:
    """Record that `user` has read `item` now (first time kept): one upsert."""
    now = timezone.now()
    ReadMark.objects.bulk_create(
        [ReadMark(user=user, item=item, first_seen_at=now, last_seen_at=now)],
        update_conflicts=True,
        unique_fields=["user", "item"],
        update_fields=["last_seen_at"],
    )


def item_mark_unread(*, item: EvidenceItem, user) -> bool:
    """Put `item` back in `user`'s queue. Returns whether it had been read."""
    deleted, _ = ReadMark.objects.filter(user=user, item=item).delete()
    return bool(deleted)


@transaction.atomic
def duplicate_decide(*, item: EvidenceItem, other: EvidenceItem, verdict: str, by) -> DuplicatePair:
    """Record whether `item` and `other` are duplicates (the secretariat's call); a later decision
    about the same pair replaces the earlier one, both kept in the pair's history."""
    if not by.has_perm("evidence.change_evidenceitem"):
        raise ValidationError("Only the secretariat and the chair decide duplicates.")
    if item.pk == other.pk:
        raise ValidationError("An item cannot be a duplicate of itself.")
    first, second = sorted((item, other), key=lambda i: i.pk)
    pair = DuplicatePair.objects.select_for_update().filter(first=first, second=second).first()
    pair = pair or DuplicatePair(first=first, second=second)
    pair.verdict, pair.decided_by, pair.decided_at = verdict, by, timezone.now()
    pair.full_clean()
    pair._history_user = by
    pair.save()
    return pair


@transaction.atomic
def duplicate_exclude(*, item: EvidenceItem, original: EvidenceItem, by) -> EvidenceItem:
    """Exclude `item` as a duplicate of `original` (they must have been marked duplicates)."""
    first, second = sorted((item.pk, original.pk))
    marked = DuplicatePair.objects.filter(
        first_id=first, second_id=second, verdict=DuplicatePair.Verdict.DUPLICATE
    )
    if not marked.exists():
        raise ValidationError(
            f"Mark {item.reference} as a duplicate of {original.reference} before excluding it."
        )
    # The managed reason, so the evidence flow tallies duplicates (re-created if someone deleted it).
    duplicate, _ = ExclusionReason.objects.get_or_create(name="Duplicate")
    return evidence_services.evidence_transition(
        item=item,
        to=EvidenceItem.Status.EXCLUDED,
        by=by,
        reason=f"Duplicate of {original.reference}",
        exclusion_reason=duplicate,
    )


@transaction.atomic
def suggestion_accept(
    *,
    item: EvidenceItem,
    by,
    reason: str,
    theme: Theme | None = None,
    recommendation: Recommendation | None = None,
) -> SuggestionAcceptance:
    """Accept one suggestion: the theme goes on the item (secretariat, chair), or the item is tagged to
    the recommendation as supporting it (members, chair). Who accepted what, and why, is recorded."""
    if theme is not None:
        if not by.has_perm("evidence.change_evidenceitem"):
            raise ValidationError("Only the secretariat and the chair change an item's themes.")
        # Through audited_save: the version moves on, so a page opened before keeps the new theme.
        themes = [*item.themes.all(), theme]
        audited_save(item, by=by, reason=f"theme suggested {reason}", clean=False, themes=themes)
    else:
        recommendation_services.evidence_link_create(
            link=EvidenceLink(recommendation=recommendation, evidence=item, note=f"Suggested {reason}"), by=by
        )
    return SuggestionAcceptance.objects.create(
        item=item,
        theme=theme,
        recommendation=recommendation,
        reason=reason[:300],
        accepted_by=by,
        accepted_at=timezone.now(),
    )
