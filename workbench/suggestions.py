"""Themes and recommendations suggested for an item from the party's own coding.

The item's most telling words find the most similar items already coded (with themes, or tagged to
recommendations): PostgreSQL full-text ranking over the items' search vector (GIN index), or, on
SQLite, an IDF-weighted word overlap with the most recently coded items. Each neighbour votes for
its themes (its own and its excerpts') and the recommendations it is tagged to, weighted by how
alike it is; the best three of each that the item does not have yet are offered, each with the
neighbour that weighed most as its reason. Nothing leaves the server.

Users who may not read confidential text get no suggestions for a confidential item, and no
confidential neighbours (their words would show in the reason)."""

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch
from django.db.models.expressions import RawSQL
from django.utils.text import Truncator

from evidence import privacy
from evidence.models import EvidenceItem, Excerpt, Theme
from recommendations.models import EvidenceLink, Recommendation

LIMIT = 3
NEIGHBOURS = 15
TERMS = 12
SQLITE_POOL = 500
ROWS_PER_CODED_ITEM = 3
WORD = re.compile(r"[a-z][a-z'-]{2,}")
_STOP_WORDS = """the and that was for with this from are were have has had not but they their our which
    when who what there been would could should after before because about into than then them these
    those very also just only some more most much many such other any all can will may you your his her"""
STOP_WORDS = frozenset(_STOP_WORDS.split())


@dataclass
class Suggestion:
    target: object  # a Theme or a Recommendation
    score: float
    via: EvidenceItem

    @property
    def reason(self) -> str:
        answers = [a.answer for a in getattr(self.via, "suggestion_answers", [])]
        text = self.via.body or " ".join(answers) or self.via.summary or self.via.title
        return f"like {self.via.reference}: “{Truncator(' '.join(text.split())).words(10)}”"


def item_text(item: EvidenceItem) -> str:
    answers = getattr(item, "suggestion_answers", None)
    if answers is None:
        answers = list(item.answers.all())
    return " ".join([item.title, item.summary, item.body, *(a.answer for a in answers)])


def telling_words(text: str) -> list[str]:
    """The item's most frequent longer words, stop words left out (ties: longer first)."""
    counts = Counter(w for w in WORD.findall(text.lower()) if w not in STOP_WORDS)
    return [w for w, _ in sorted(counts.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[:TERMS]]


def _readable(user, items):
    if not privacy.can_see_confidential(user):
        return items.exclude(confidentiality=EvidenceItem.Confidentiality.CONFIDENTIAL)
    return items


def _coded(user):
    return _readable(
        user,
        EvidenceItem.objects.filter(
            Exists(EvidenceItem.themes.through.objects.filter(evidenceitem_id=OuterRef("pk")))
            | Exists(EvidenceLink.objects.filter(evidence_id=OuterRef("pk")))
        ),
    )


def _recent_coded_ids() -> list[int]:
    """The newest coded items' ids, read backwards off the theme and link tables' item indexes (rows, not
    DISTINCT, which PostgreSQL answers by reading the whole table: an item has a few themes or links)."""
    newest = settings.SUGGESTION_CANDIDATES
    rows = newest * ROWS_PER_CODED_ITEM
    themed = EvidenceItem.themes.through.objects.values_list("evidenceitem_id", flat=True)
    linked = EvidenceLink.objects.values_list("evidence_id", flat=True)
    ids = {*themed.order_by("-evidenceitem_id")[:rows], *linked.order_by("-evidence_id")[:rows]}
    return sorted(ids, reverse=True)[:newest]


def _neighbours_postgres(item, words, user) -> list[tuple[int, float]]:
    """The best-ranked matches among the most recent `SUGGESTION_CANDIDATES` coded items. Asking the
    index for every match first was slow at 100k items: an item's telling words are common words, which
    match nearly every item, and the planner, expecting few, read them all before keeping the newest."""
    query = SearchQuery(" or ".join(words), search_type="websearch", config="english")
    vector = RawSQL(f"{EvidenceItem._meta.db_table}.search_vector", [], output_field=SearchVectorField())
    candidates = _coded(user).exclude(pk=item.pk)
    if settings.SUGGESTION_CANDIDATES:
        candidates = _readable(user, EvidenceItem.objects.filter(pk__in=_recent_coded_ids())).exclude(
            pk=item.pk
        )
    return list(
        candidates.alias(vector=vector)
        .filter(vector=query)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank")
        .values_list("pk", "rank")[:NEIGHBOURS]
    )


def _neighbours_sqlite(item, words, user) -> list[tuple[int, float]]:
    pool = list(_coded(user).exclude(pk=item.pk).order_by("-pk").prefetch_related("answers")[:SQLITE_POOL])
    bags = {other.pk: set(WORD.findall(item_text(other).lower())) for other in pool}
    documents = Counter(word for bag in bags.values() for word in set(words) & bag)
    idf = {word: math.log(1 + len(bags) / documents[word]) if documents[word] else 0 for word in words}
    scores = [(pk, sum(idf[w] for w in words if w in bag)) for pk, bag in bags.items()]
    return sorted((s for s in scores if s[1] > 0), key=lambda s: -s[1])[:NEIGHBOURS]


def suggestions_for(item: EvidenceItem, user) -> tuple[list[Suggestion], list[Suggestion]]:
    """Up to three themes and three recommendations for `item`, best first."""
    if not privacy.can_see_body(user, item):
        return [], []
    words = telling_words(item_text(item))
    if not words:
        return [], []
    find = _neighbours_postgres if connection.vendor == "postgresql" else _neighbours_sqlite
    scored = dict(find(item, words, user))
    if not scored:
        return [], []
    neighbours = EvidenceItem.objects.filter(pk__in=scored).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.select_related("parent")),
        Prefetch("excerpts", queryset=Excerpt.objects.prefetch_related("themes__parent")),
        Prefetch(
            "links",
            queryset=EvidenceLink.objects.select_related("recommendation").exclude(
                recommendation__status=Recommendation.Status.WITHDRAWN
            ),
        ),
        Prefetch("answers", to_attr="suggestion_answers"),
    )
    theme_votes, recommendation_votes = _votes(neighbours, scored)
    have_themes = {theme.pk for theme in item.themes.all()}
    have_recommendations = set(item.links.values_list("recommendation_id", flat=True))
    return (
        _best(theme_votes, have_themes),
        _best(recommendation_votes, have_recommendations),
    )


def _votes(neighbours, scored):
    themes, recommendations = defaultdict(list), defaultdict(list)
    for neighbour in neighbours:
        weight = scored[neighbour.pk]
        voted = {t.pk: t for t in neighbour.themes.all()}
        voted |= {t.pk: t for excerpt in neighbour.excerpts.all() for t in excerpt.themes.all()}
        for theme in voted.values():
            themes[theme].append((weight, neighbour))
        for recommendation in {link.recommendation for link in neighbour.links.all()}:
            recommendations[recommendation].append((weight, neighbour))
    return themes, recommendations


def _best(votes, already: set[int]) -> list[Suggestion]:
    ranked = [
        Suggestion(target=target, score=sum(w for w, _ in ballots), via=max(ballots, key=lambda b: b[0])[1])
        for target, ballots in votes.items()
        if target.pk not in already
    ]
    return sorted(ranked, key=lambda s: (-s.score, str(s.target)))[:LIMIT]
