"""Demo evidence, written for the demo from the facts in shared/DEMO-FACTS.md.

Each entry: fields of the item, its submitter (or None), themes, excerpts and the workflow steps
to take after logging it."""

import datetime

TR_ROUNDUP_BODY = (
    "Probation news round-up, 27 October 2015. "
    "A radio investigation asked whether the arrangements for managing dangerous offenders after release "
    "still keep the public safe, given the rise in serious further offences (SFOs) since the Transforming "
    "Rehabilitation reforms split probation between a public service and private community rehabilitation "
    "companies. "
    "The National Audit Office said it would make a preliminary examination of Just Solutions International, "
    "the commercial arm of the Ministry of Justice that sold prison expertise abroad, including to regimes "
    "with poor human-rights records; a £5.9m contract with Saudi Arabia drew particular criticism, and the "
    "examination would look at value for money and at how open the body was about its structures and "
    "funding. "
    "An investigation by Community Care, based on a freedom of information request answered by 127 councils, "
    "found that councils were barely using the powers they gained in May 2014 to delegate child-protection "
    "services to third parties: only Doncaster, Kingston and Richmond had done so, with Slough following "
    "later, and in all four the services were run by a trust or company wholly owned by the councils. "
    "Doncaster and Slough had been required to delegate by government after inadequate Ofsted ratings. "
    "More than 20 councils had delegated other functions, such as children's centres, missing-child return "
    "interviews and young-carer assessments, often to national charities. "
    "An academic critic described delegation as a gateway to privatisation once the trusts' contracts end; "
    "a social-work professional body warned of de-skilling and of cheaper, less-qualified staff under "
    "pressure to make a profit."
)

CONTACT_TESTIMONY_BODY = (
    "I supervised contact for parents whose three children, all under seven, had been taken into care. "
    "The contact service had been contracted out to a private company. Over twelve months up to 18 different "
    "contact officers collected the children. Instructions we gave were not followed, contact diaries were "
    "not kept or were never passed on, and the children moved schools three times. Nobody at the council "
    "seemed to check what the company was doing."
)

ITEMS = [
    {
        "title": "Probation news round-up: SFOs, Just Solutions International and council delegation (2015)",
        "kind": "news_article",
        "received_on": datetime.date(2023, 10, 9),
        "source_url": "https://probation-blog.example.org/2015/10/27/news-round-up",
        "confidentiality": "publishable",
        "summary": "Blog round-up of probation and children's-services outsourcing news from October 2015.",
        "body": TR_ROUNDUP_BODY,
        "themes": ["oversight-monitoring", "transparency-foi", "local-government", "central-government"],
        "excerpts": [
            (
                "whether the arrangements for managing dangerous offenders after release still keep "
                "the public "
                "safe, given the rise in serious further offences (SFOs)",
                ["oversight-monitoring"],
            ),
            ("a £5.9m contract with Saudi Arabia drew particular criticism", ["transparency-foi"]),
            (
                "only Doncaster, Kingston and Richmond had done so, with Slough following later",
                ["local-government"],
            ),
            (
                "An academic critic described delegation as a gateway to privatisation once the "
                "trusts' contracts "
                "end",
                ["tendering-procurement"],
            ),
        ],
        "steps": ["triaged", "reviewed"],
    },
    {
        "title": "Reader testimony: privately contracted child contact service",
        "kind": "blog_testimony",
        "received_on": datetime.date(2023, 10, 9),
        "confidentiality": "anonymised",
        "summary": "Anonymous reader comment on a privatised contact service: "
        "18 contact officers in 12 months.",
        "body": CONTACT_TESTIMONY_BODY,
        "submitter": {
            "name": "Jo Reader",
            "email": "jo.reader@example.net",
            "anonymity_requested": True,
            "experience": "professional",
            "role": "practitioner",
        },
        "themes": [
            "vulnerable-users",
            "oversight-monitoring",
            "repeat-contract-breaches",
            "local-government",
        ],
        "excerpts": [
            (
                "Over twelve months up to 18 different contact officers collected the children.",
                ["vulnerable-users"],
            ),
            ("contact diaries were not kept or were never passed on", ["oversight-monitoring"]),
        ],
        "steps": ["triaged", "reviewed"],
    },
    {
        "title": "Reader comments on blog moderation (2015 round-up thread)",
        "kind": "blog_testimony",
        "received_on": datetime.date(2023, 10, 9),
        "confidentiality": "publishable",
        "summary": "Comments about how the blog moderates replies.",
        "body": "Several readers discuss why their comments were held for moderation and how long it takes.",
        "themes": [],
        "steps": [
            ("excluded", "Off-topic chatter about moderation; no evidence about outsourcing.", "Out of scope")
        ],
    },
    {
        "title": "Survey response: disability assessment contract (Tender & Contract)",
        "kind": "survey_response",
        "survey": "tender-contract",
        "external_id": "demo-tc-001",
        "received_on": datetime.date(2023, 11, 2),
        "confidentiality": "anonymised",
        "submitter": {
            "name": "Sam Adviser",
            "email": "sam.adviser@example.org",
            "experience": "professional",
            "role": "practitioner",
            "consent_to_publish": True,
        },
        "themes": ["tendering-procurement", "assessments-entitlement"],
        "answers": {
            "q1": "Welfare rights adviser at a law centre.",
            "q2": "Health assessments for disability benefits.",
            "q3": "Price carried most of the weight; claimants' needs were not scored at all.",
            "q5": "Yes. The same provider kept the contract despite a high rate of overturned decisions.",
            "q6": "Assessments were rushed and reports often contradicted the medical evidence.",
        },
        "steps": ["triaged"],
    },
    {
        "title": "Survey response: council homelessness assessments (Oversight & accountability)",
        "kind": "survey_response",
        "survey": "oversight-accountability",
        "external_id": "demo-oa-001",
        "received_on": datetime.date(2023, 11, 20),
        "confidentiality": "confidential",
        "submitter": {
            "name": "Alex Tenant",
            "email": "alex.tenant@example.com",
            "experience": "personal",
            "role": "individual",
            "vulnerable": True,
        },
        "themes": ["oversight-monitoring", "redress-complaints", "vulnerable-users"],
        "answers": {
            "q1": "As someone who applied for help.",
            "q3": "I never saw anyone from the council check the company's work.",
            "q6": "My complaint went to the company, which investigated itself.",
            "q7": "Nobody asked whether I needed help to fill in the forms.",
        },
        "steps": [],
    },
    {
        "title": "Written submission: Legal Advice Network",
        "kind": "written_submission",
        "received_on": datetime.date(2023, 12, 1),
        "confidentiality": "publishable",
        "summary": "Network of advice lawyers on safeguards missing from assessment contracts.",
        "body": "Our members see contracts that specify targets for volumes and speed but say nothing about "
        "the quality of decisions or the rights of the people assessed. We recommend model clauses on "
        "reasons, access to records and independent review.",
        "submitter": {
            "name": "Legal Advice Network",
            "email": "policy@legal-advice-network.example.org",
            "role": "organisation",
            "consent_to_publish": True,
        },
        "themes": ["contract-terms-safeguards", "assessments-entitlement"],
        "excerpts": [
            (
                "say nothing about the quality of decisions or the rights of the people assessed",
                ["contract-terms-safeguards"],
            )
        ],
        "steps": ["triaged", "reviewed", "cited"],
    },
    {
        "title": "Written submission (late): Public Law Academics Group",
        "kind": "written_submission",
        "received_on": datetime.date(2023, 12, 11),
        "confidentiality": "publishable",
        "summary": "Academic analysis of repeat re-awards to providers with poor records.",
        "body": "Exclusion grounds in procurement law are rarely used against providers with a history of "
        "breaches. Past performance should count, and commissioners should publish why they re-award.",
        "submitter": {
            "name": "Dr Priya Lawson",
            "email": "p.lawson@university.example.ac.uk",
            "role": "practitioner",
            "experience": "professional",
            "consent_to_publish": True,
        },
        "themes": ["repeat-contract-breaches", "tendering-procurement"],
        "steps": ["triaged"],
    },
    {
        "title": "Oral evidence: former contract manager on performance monitoring",
        "kind": "oral_evidence",
        "received_on": datetime.date(2023, 11, 22),
        "meeting": "accountability",
        "confidentiality": "anonymised",
        "summary": "A former contract manager explained how monitoring relied on the provider's own data.",
        "body": "Monitoring meetings relied almost entirely on figures supplied by the provider. Service "
        "credits for failures were negotiated away at the end of each year.",
        "themes": ["oversight-monitoring", "accountability-enforcement"],
        "excerpts": [
            (
                "Service credits for failures were negotiated away at the end of each year.",
                ["accountability-enforcement"],
            )
        ],
        "steps": ["triaged", "reviewed"],
    },
    {
        "title": "Meeting note: Accountability session",
        "kind": "meeting_note",
        "received_on": datetime.date(2023, 11, 23),
        "meeting": "accountability",
        "confidentiality": "confidential",
        "summary": "Secretariat note of the discussion on oversight, transparency and enforcement.",
        "body": "Members agreed that transparency duties should follow public money into contracts.",
        "themes": ["transparency-foi", "accountability-enforcement"],
        "steps": ["triaged"],
    },
    {
        "title": "FOI response: assessment provider performance data",
        "kind": "foi_response",
        "received_on": datetime.date(2023, 10, 30),
        "confidentiality": "publishable",
        "summary": "A department refused to release provider performance data as commercially sensitive.",
        "body": "The request for monthly performance reports was refused under the commercial interests "
        "exemption; the department said the provider had not consented to disclosure.",
        "themes": ["transparency-foi", "central-government"],
        "steps": ["triaged", "reviewed", "cited"],
    },
    {
        "title": "Research report: re-awarding contracts after repeated failures",
        "kind": "report_research",
        "received_on": datetime.date(2023, 9, 28),
        "source_url": "https://research.example.org/outsourcing-reawards",
        "confidentiality": "publishable",
        "summary": "Study of large contracts re-awarded despite documented failures.",
        "body": "Of the contracts studied, most were re-awarded to the incumbent provider even where "
        "regulators had recorded repeated failures during the previous term.",
        "themes": ["repeat-contract-breaches", "central-government"],
        "steps": ["triaged", "reviewed"],
    },
    {
        "title": "Case study: assessment decision overturned on appeal",
        "kind": "case_study",
        "received_on": datetime.date(2023, 11, 28),
        "confidentiality": "confidential",
        "summary": "A claimant's entitlement was restored on appeal after an outsourced assessment.",
        "body": "The tribunal found the assessor's report ignored the claimant's medical evidence. The "
        "claimant waited ten months without support.",
        "submitter": {
            "name": "Chris Claimant",
            "email": "chris.claimant@example.com",
            "role": "individual",
            "experience": "personal",
            "vulnerable": True,
            "anonymity_requested": True,
        },
        "themes": ["assessments-entitlement", "redress-complaints", "vulnerable-users"],
        "steps": ["triaged", "reviewed"],
    },
    {
        "title": "Parliamentary committee evidence session on outsourcing (transcript extract)",
        "kind": "other",
        "received_on": datetime.date(2023, 10, 16),
        "confidentiality": "publishable",
        "summary": "Extract on open-book accounting and transparency clauses.",
        "body": "Witnesses told the committee that open-book accounting clauses exist in many contracts but "
        "are seldom exercised by departments.",
        "themes": ["transparency-foi", "central-government"],
        "steps": [],
    },
]
