"""Demo evidence for seed_demo: logged through the services, idempotent by title."""

from devdata.demo.evidence_content import ITEMS
from evidence import services
from evidence.codebook import ensure_reference_data
from evidence.models import (
    EvidenceItem,
    Excerpt,
    ExclusionReason,
    Submitter,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    Theme,
)


def _submitter(spec: dict | None) -> Submitter | None:
    if not spec:
        return None
    submitter, _ = Submitter.objects.get_or_create(email=spec["email"], defaults=spec)
    return submitter


def seed(*, by, meetings: dict) -> list[EvidenceItem]:
    ensure_reference_data(Theme, Survey, SurveyQuestion)
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    surveys = {survey.slug: survey for survey in Survey.objects.all()}
    items = []
    for spec in ITEMS:
        existing = EvidenceItem.objects.filter(title=spec["title"]).first()
        if existing:
            items.append(existing)
            continue
        fields = {
            key: value
            for key, value in spec.items()
            if key not in {"themes", "excerpts", "steps", "submitter", "answers", "survey", "meeting"}
        }
        item = EvidenceItem(
            **fields,
            survey=surveys.get(spec.get("survey")),
            meeting=meetings.get(spec.get("meeting")),
            submitter=_submitter(spec.get("submitter")),
        )
        services.evidence_log(item=item, by=by, themes=[themes[slug] for slug in spec["themes"]])
        for code, answer in spec.get("answers", {}).items():
            SurveyAnswer.objects.create(
                item=item, question=item.survey.questions.get(code=code), answer=answer
            )
        for quote, theme_slugs in spec.get("excerpts", []):
            services.excerpt_create(
                excerpt=Excerpt(item=item, quote=quote), by=by, themes=[themes[slug] for slug in theme_slugs]
            )
        for step in spec["steps"]:
            target, reason, listed = (*step, "")[:3] if isinstance(step, tuple) else (step, "", "")
            exclusion_reason = ExclusionReason.objects.get(name=listed) if listed else None
            services.evidence_transition(
                item=item, to=target, by=by, reason=reason, exclusion_reason=exclusion_reason
            )
        items.append(item)
    return items
