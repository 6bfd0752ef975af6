"""Demo dual coding for seed_demo: the Legal Advice Network's submission coded independently by the
two demo members, who disagree on one theme each; the secretariat has resolved it. Idempotent: an
item already dual-coded is left alone."""

from coding import services
from coding.models import DualCodingAssignment
from evidence.models import EvidenceItem, Theme

TITLE = "Written submission: Legal Advice Network"
# Each member's themes for the item; both put "contract terms & safeguards" on the excerpt.
CODES = {
    "member": ["contract-terms-safeguards", "assessments-entitlement"],
    "member2": ["contract-terms-safeguards", "vulnerable-users"],
}
EXCERPT_THEMES = ["contract-terms-safeguards"]
# The secretariat's call on the two disagreements.
AGREED = {"assessments-entitlement": True, "vulnerable-users": False}


def seed(*, users: dict) -> DualCodingAssignment | None:
    item = EvidenceItem.objects.filter(title=TITLE).first()
    if item is None or DualCodingAssignment.objects.filter(item=item).exists():
        return None
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    coders = [users["member"], users["member2"]]
    [assignment] = services.assignment_create(
        items=[item], coder_a=coders[0], coder_b=coders[1], by=users["secretariat"]
    )
    excerpt = item.excerpts.order_by("pk").first()
    for coder in coders:
        services.codes_save(
            assignment=assignment,
            coder=coder,
            item_themes=[themes[slug] for slug in CODES[coder.username]],
            excerpt_themes={excerpt: [themes[slug] for slug in EXCERPT_THEMES]} if excerpt else {},
        )
        services.assignment_finish(assignment=assignment, coder=coder)
    choices = {f"item-{themes[slug].pk}": applied for slug, applied in AGREED.items()}
    return services.assignment_resolve(assignment=assignment, by=users["secretariat"], choices=choices)
