"""Demo recommendations for seed_demo: created, tagged and moved through the services.

Idempotent: a recommendation whose number exists is left alone (with its links and status)."""

from recommendations import services
from recommendations.models import Chapter, EvidenceLink, Recommendation

Status = Recommendation.Status
SUPPORTS, CONTRADICTS, CONTEXT = (
    EvidenceLink.Stance.SUPPORTS,
    EvidenceLink.Stance.CONTRADICTS,
    EvidenceLink.Stance.CONTEXT,
)

CHAPTERS = [
    (1, "Tendering and procurement"),
    (2, "Contract terms and safeguards"),
    (3, "Oversight, transparency and accountability"),
    (4, "Redress and complaints"),
]

# Links: (title prefix of the evidence item, start of an excerpt's quote or None, stance, strength)
RECOMMENDATIONS = [
    {
        "number": "1.1",
        "title": "Score the quality of decisions, not only the price",
        "text": "Contracting authorities should give the quality and lawfulness of decisions a substantial "
        "weight when scoring bids for assessment and decision-making contracts.",
        "rationale": "Respondents describe tenders won on price, with claimants' needs not scored at all.",
        "status": Status.AGREED,
        "links": [
            ("Survey response: disability assessment contract", None, SUPPORTS, 3),
            ("Written submission: Legal Advice Network", "say nothing about the quality", SUPPORTS, 2),
        ],
    },
    {
        "number": "1.2",
        "title": "Weigh past performance before re-awarding a contract",
        "text": "Before re-awarding a contract, commissioners should assess the incumbent's record of "
        "breaches and publish the reasons for their decision.",
        "rationale": "Providers with documented failures are routinely re-awarded the same contracts.",
        "status": Status.AGREED,
        "links": [
            ("Research report: re-awarding contracts", None, SUPPORTS, 3),
            ("Written submission (late): Public Law Academics Group", None, SUPPORTS, 2),
            ("Survey response: disability assessment contract", None, SUPPORTS, 1),
        ],
    },
    {
        "number": "1.3",
        "title": "Delegate children's services only to publicly owned bodies",
        "text": "Where councils delegate child-protection functions, they should do so only to trusts or "
        "companies they wholly own.",
        "rationale": "The few councils that delegated kept ownership; critics fear a route to privatisation.",
        "status": Status.DRAFT,
        "links": [
            ("Probation news round-up", "only Doncaster, Kingston and Richmond", SUPPORTS, 2),
            ("Probation news round-up", "An academic critic described delegation", CONTRADICTS, 2),
        ],
    },
    {
        "number": "2.1",
        "title": "Model clauses on reasons, records and independent review",
        "text": "Government should publish model contract clauses requiring reasons for decisions, access to "
        "records and independent review for the people assessed.",
        "rationale": "Contracts specify volumes and speed but not the rights of the people assessed.",
        "status": Status.UNDER_DISCUSSION,
        "links": [
            ("Written submission: Legal Advice Network", None, SUPPORTS, 3),
            ("Case study: assessment decision overturned", None, SUPPORTS, 2),
        ],
    },
    {
        "number": "2.2",
        "title": "Continuity of care for vulnerable service users",
        "text": "Contracts for services to children and vulnerable adults should set limits on changes of "
        "staff and require records to be kept and handed over.",
        "rationale": "A testimony describes 18 contact officers in a year and records never passed on.",
        "status": Status.DRAFT,
        "links": [
            ("Reader testimony: privately contracted child contact", "Over twelve months", SUPPORTS, 3),
        ],
    },
    {
        "number": "3.1",
        "title": "Monitor with independent data, not the provider's own figures",
        "text": "Contract monitoring should rest on data the authority collects or audits itself, and "
        "service credits for failures should be enforced.",
        "rationale": "Monitoring relied on provider figures and penalties were negotiated away.",
        "status": Status.AGREED,
        "links": [
            ("Oral evidence: former contract manager", "Service credits for failures", SUPPORTS, 3),
            ("Survey response: council homelessness assessments", None, SUPPORTS, 2),
            ("Reader testimony: privately contracted child contact", "contact diaries", SUPPORTS, 2),
        ],
    },
    {
        "number": "3.2",
        "title": "Transparency duties follow public money",
        "text": "Freedom of information duties should extend to information held by contractors about the "
        "public services they deliver.",
        "rationale": "Performance data is withheld as commercially sensitive.",
        "status": Status.IN_REPORT,
        "links": [
            ("FOI response: assessment provider performance data", None, SUPPORTS, 3),
            ("Meeting note: Accountability session", None, SUPPORTS, 1),
            ("Parliamentary committee evidence session", None, CONTEXT, 2),
            ("Probation news round-up", "a £5.9m contract with Saudi Arabia", CONTEXT, 1),
        ],
    },
    {
        "number": "4.1",
        "title": "Complaints about outsourced decisions go to the public body",
        "text": "People should be able to complain to the public body that outsourced the decision, not only "
        "to the provider, and be told how to seek independent review.",
        "rationale": "Complaints are investigated by the provider whose work is complained about.",
        "status": Status.IDEA,
        "links": [
            ("Survey response: council homelessness assessments", None, SUPPORTS, 2),
            ("Case study: assessment decision overturned", None, SUPPORTS, 2),
        ],
    },
]

PATH = [Status.DRAFT, Status.UNDER_DISCUSSION, Status.AGREED, Status.IN_REPORT, Status.PUBLISHED]


def _item(items: list, title_start: str):
    for item in items:
        if item.title.startswith(title_start):
            return item
    raise LookupError(f"No demo evidence item titled “{title_start}…”.")


def seed(*, by, chair, items: list) -> list[Recommendation]:
    """`by` drafts and tags (a member); `chair` agrees and publishes; `items` is the demo evidence."""
    chapters = {}
    for order, (number, title) in enumerate(CHAPTERS, start=1):
        chapters[number], _ = Chapter.objects.get_or_create(
            number=number, defaults={"title": title, "order": order}
        )
    recommendations = []
    for spec in RECOMMENDATIONS:
        existing = Recommendation.objects.filter(number=spec["number"]).first()
        if existing:
            recommendations.append(existing)
            continue
        recommendation = services.recommendation_create(
            recommendation=Recommendation(
                number=spec["number"],
                title=spec["title"],
                text=spec["text"],
                rationale=spec["rationale"],
                chapter=chapters[int(spec["number"].split(".")[0])],
                lead_member=by,
            ),
            by=by,
        )
        for title_start, quote_start, stance, strength in spec["links"]:
            item = _item(items, title_start)
            excerpt = item.excerpts.get(quote__startswith=quote_start) if quote_start else None
            link = EvidenceLink(
                recommendation=recommendation,
                evidence=item,
                excerpt=excerpt,
                stance=stance,
                strength=strength,
            )
            services.evidence_link_create(link=link, by=by)
        for target in PATH[: PATH.index(spec["status"]) + 1] if spec["status"] in PATH else []:
            actor = chair if target in (Status.AGREED, Status.PUBLISHED) else by
            reason = "Agreed at the working party meeting." if target == Status.AGREED else ""
            services.recommendation_transition(
                recommendation=recommendation, to=target, by=actor, reason=reason
            )
        recommendations.append(recommendation)
    return recommendations
