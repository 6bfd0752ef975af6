"""The four letters as first written (seeded by migration 0002; the secretariat edits them after)."""

SIGNATURE = """
With thanks,

The secretariat
Outsourcing and Administrative Justice Working Party
"""

TEMPLATES = {
    "acknowledgement": {
        "description": "Sent when evidence is logged or imported (optional per import). "
        "Placeholders: {{ name }}, {{ reference }}, {{ title }}, {{ organisation }}.",
        "subject": "Your evidence to the working party ({{ reference }})",
        "content": """Dear {{ name }},

Thank you for your evidence to the Outsourcing and Administrative Justice Working Party. We have
received it and logged it under the reference {{ reference }}; please quote this reference if you
write to us about it.

The working party is looking at how outsourced public services, including assessments and decisions
about people's entitlements, are tendered, contracted, overseen and held to account. Every submission
is read by the secretariat and considered by members as they draw up their recommendations.

We will only publish or quote your evidence as you have agreed. If you asked for your evidence to be
anonymous or confidential, it will stay so. If you would rather we did not email you again, reply to
this message and say so.
"""
        + SIGNATURE,
    },
    "consent_confirmation": {
        "description": "Confirms what the submitter agreed to about publication. "
        "Placeholders: {{ name }}, {{ reference }}.",
        "subject": "How we will use your evidence ({{ reference }})",
        "content": """Dear {{ name }},

We are writing to confirm how the working party will use your evidence (reference {{ reference }}).

We will use it as you told us when you sent it: where you agreed to be named, your name may appear in
the list of those who gave evidence; where you asked for anonymity or confidentiality, nothing that
identifies you will be published, and confidential material is read only by the secretariat and the
Chair.

If anything here is not what you intended, or you would like to change or withdraw your consent,
please reply to this email and we will put it right.
"""
        + SIGNATURE,
    },
    "chaser": {
        "description": "A reminder about evidence or a reply we are waiting for. "
        "Placeholders: {{ name }}, {{ reference }}.",
        "subject": "A reminder from the Outsourcing and Administrative Justice Working Party",
        "content": """Dear {{ name }},

We are writing to follow up our earlier message{% if reference %} about your evidence
({{ reference }}){% endif %}. We would be grateful for a reply when you are able to: your experience
of outsourced assessments, contracts and complaints helps the working party test what it has heard.

If you have already replied, thank you, and please ignore this reminder. If you would rather we did
not contact you again, reply and say so and we will not.
"""
        + SIGNATURE,
    },
    "thank_you": {
        "description": "Sent with the published report. Placeholders: {{ name }}, {{ report_url }}.",
        "subject": "The working party's report is published: thank you",
        "content": """Dear {{ name }},

The Outsourcing and Administrative Justice Working Party has published its report. Thank you for the
evidence you gave us{% if reference %} ({{ reference }}){% endif %}: it helped shape the
recommendations on tendering, contract safeguards, oversight, transparency and redress.

You can read the report here: {{ report_url }}

We will continue to follow how public bodies and providers respond to the recommendations.
"""
        + SIGNATURE,
    },
}
