"""Reference data every installation needs: the theme codebook and the two evidence surveys.

Used by the data migration and by seed_demo; works with live or historical models."""

import datetime

THEMES = [
    # (slug, name, parent slug, colour, description)
    (
        "tendering-procurement",
        "Tendering & procurement",
        None,
        "#1f77b4",
        "How contracts are specified, tendered and awarded.",
    ),
    (
        "contract-terms-safeguards",
        "Contract terms & safeguards",
        None,
        "#ff7f0e",
        "Whether contracts protect the rights of the people served.",
    ),
    (
        "oversight-monitoring",
        "Oversight & monitoring",
        None,
        "#2ca02c",
        "How commissioners watch performance once a contract runs.",
    ),
    (
        "transparency-foi",
        "Transparency & FOI",
        None,
        "#d62728",
        "Access to contracts, performance data and FOI coverage of providers.",
    ),
    (
        "accountability-enforcement",
        "Accountability & enforcement",
        None,
        "#9467bd",
        "Remedies, penalties and who answers when things go wrong.",
    ),
    (
        "repeat-contract-breaches",
        "Repeat contract breaches",
        "accountability-enforcement",
        "#8c564b",
        "Providers re-awarded contracts despite repeated failures.",
    ),
    (
        "assessments-entitlement",
        "Assessments & entitlement decisions",
        None,
        "#e377c2",
        "Outsourced assessments and decisions about access to state entitlements.",
    ),
    (
        "vulnerable-users",
        "Vulnerable users",
        None,
        "#7f7f7f",
        "Effects on people in vulnerable circumstances.",
    ),
    ("local-government", "Local government", None, "#bcbd22", "Outsourcing by councils."),
    ("central-government", "Central government", None, "#17becf", "Outsourcing by departments and agencies."),
    (
        "redress-complaints",
        "Redress & complaints",
        "accountability-enforcement",
        "#aec7e8",
        "Complaints, ombudsmen, appeals and judicial review against outsourced decisions.",
    ),
]

SURVEYS = [
    {
        "slug": "tender-contract",
        "name": "Tender & Contract",
        "description": "For people with personal or professional experience of how outsourced public "
        "services are tendered and contracted.",
        "opens_on": datetime.date(2023, 9, 18),
        "closes_on": datetime.date(2023, 12, 4),
        "questions": [
            ("q1", "In what capacity are you responding?", None),
            ("q2", "Which outsourced public service does your experience relate to?", None),
            (
                "q3",
                "How were the needs of service users reflected when the contract was tendered?",
                "tendering-procurement",
            ),
            (
                "q4",
                "What safeguards for individuals did the contract contain, if any?",
                "contract-terms-safeguards",
            ),
            (
                "q5",
                "Were providers with a record of poor performance able to win the contract?",
                "repeat-contract-breaches",
            ),
            (
                "q6",
                "How did outsourcing affect the quality of assessments or decisions about entitlements?",
                "assessments-entitlement",
            ),
            ("q7", "What would you change about how these contracts are awarded?", None),
        ],
    },
    {
        "slug": "oversight-accountability",
        "name": "Contract oversight, transparency, and accountability",
        "description": "For people with personal or professional experience of how outsourced public "
        "services are overseen, made transparent and held to account.",
        "opens_on": datetime.date(2023, 9, 18),
        "closes_on": datetime.date(2023, 12, 4),
        "questions": [
            ("q1", "In what capacity are you responding?", None),
            ("q2", "Which outsourced public service does your experience relate to?", None),
            (
                "q3",
                "How was the provider's performance monitored by the commissioning body?",
                "oversight-monitoring",
            ),
            (
                "q4",
                "Could you obtain information about the contract or the provider's performance?",
                "transparency-foi",
            ),
            (
                "q5",
                "When something went wrong, who was held responsible and how?",
                "accountability-enforcement",
            ),
            (
                "q6",
                "How easy was it to complain or challenge a decision made by the provider?",
                "redress-complaints",
            ),
            (
                "q7",
                "Were people in vulnerable circumstances treated differently by the provider?",
                "vulnerable-users",
            ),
        ],
    },
]


def ensure_reference_data(theme_model, survey_model, question_model) -> None:
    """Create or update the codebook and surveys; safe to run any number of times."""
    themes = {}
    for order, (slug, name, parent, colour, description) in enumerate(THEMES):
        themes[slug], _ = theme_model.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "parent": themes.get(parent),
                "colour": colour,
                "description": description,
                "order": order,
            },
        )
    for spec in SURVEYS:
        survey, _ = survey_model.objects.update_or_create(
            slug=spec["slug"],
            defaults={key: spec[key] for key in ("name", "description", "opens_on", "closes_on")},
        )
        for order, (code, text, theme_slug) in enumerate(spec["questions"], start=1):
            question_model.objects.update_or_create(
                survey=survey,
                code=code,
                defaults={"text": text, "order": order, "theme": themes.get(theme_slug)},
            )
