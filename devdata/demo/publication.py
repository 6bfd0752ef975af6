"""Demo publication decisions and a redaction for seed_demo: idempotent (an item already decided, or a
span already redacted, is left as it is)."""

from evidence.models import EvidenceItem
from publication import services
from publication.models import PublicationDecision, Redaction, RedactionReason

Outcome = PublicationDecision.Outcome

# (title, outcome, reason, decided by "chair" or "secretariat")
DECISIONS = [
    (
        "Written submission: Legal Advice Network",
        Outcome.PUBLISH_FULL,
        "Organisation consented to be named.",
        "secretariat",
    ),
    (
        "Research report: re-awarding contracts after repeated failures",
        Outcome.PUBLISH_FULL,
        "Published research.",
        "secretariat",
    ),
    (
        "Reader testimony: privately contracted child contact service",
        Outcome.PUBLISH_ANONYMISED,
        "Anonymity requested; the children's details are redacted.",
        "secretariat",
    ),
    (
        "Survey response: council homelessness assessments (Oversight & accountability)",
        Outcome.WITHHOLD,
        "Confidential at the respondent's request.",
        "secretariat",
    ),
]
# (title, exact text, reason name)
REDACTIONS = [
    (
        "Reader testimony: privately contracted child contact service",
        "all under seven,",
        "Third-party personal data",
    ),
]


def seed(*, users: dict) -> list[PublicationDecision]:
    decisions = []
    for title, outcome, reason, who in DECISIONS:
        item = EvidenceItem.objects.filter(title=title).first()
        if item is None:
            continue
        decision = PublicationDecision.objects.filter(item=item).first()
        if decision is None:
            decision = services.decision_record(
                decision=PublicationDecision(item=item, outcome=outcome, reason=reason), by=users[who]
            )
        decisions.append(decision)
    for title, text, reason in REDACTIONS:
        item = EvidenceItem.objects.filter(title=title).first()
        if item is None or Redaction.objects.filter(item=item, quoted_text=text).exists():
            continue
        services.redaction_save(
            redaction=Redaction(item=item, quoted_text=text, reason=RedactionReason.objects.get(name=reason)),
            by=users["secretariat"],
        )
    return decisions
