"""No private byte on any public page: secrets are planted in every private field (submitters'
identity and contact details, confidential, withheld, undecided and excluded items, redacted spans,
answers, notes, reasons, titles and summaries the public pages never show) and every public URL and
download is fetched anonymously — with searches for each secret and hand-made parameters — and
checked byte by byte."""

import itertools

import pytest
from django.urls import reverse

from evidence.models import EvidenceItem
from publication.models import PublicationDecision, RedactionReason
from tests.factories import (
    EvidenceItemFactory,
    ExcerptFactory,
    OrganisationFactory,
    PublicationDecisionFactory,
    RedactionFactory,
    SubmitterFactory,
    SurveyAnswerFactory,
    SurveyFactory,
    SurveyQuestionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db
Outcome = PublicationDecision.Outcome
Confidentiality = EvidenceItem.Confidentiality
_counter = itertools.count(1)
SECRETS: list[str] = []


def secret(label: str) -> str:
    value = f"zq{label}{next(_counter)}xsecret"
    SECRETS.append(value)
    return value


def protected_submitter(**flags):
    return SubmitterFactory(
        name=secret("name"),
        email=f"{secret('mail')}@example.net",
        phone=secret("phone"),
        notes=secret("notes"),
        organisation=OrganisationFactory(name=secret("org")),
        **flags,
    )


@pytest.fixture
def world():
    SECRETS.clear()
    survey = SurveyFactory()
    question = SurveyQuestionFactory(survey=survey, text="What happened to you?")
    theme = ThemeFactory(name="Public theme")
    unused = ThemeFactory(name=secret("theme"))
    public, hidden = [], []

    def item(outcome=None, by_chair=False, answer=None, **fields):
        fields.setdefault("title", secret("title"))
        fields.setdefault("summary", secret("summary"))
        fields.setdefault("source_url", f"https://example.org/{secret('url')}")
        new = EvidenceItemFactory(themes=[theme], **fields)
        if answer is not None:
            SurveyAnswerFactory(item=new, question=question, answer=answer)
        ExcerptFactory(
            item=new, quote=(new.body or answer or "x")[:5], note=secret("excerptnote")
        ) if new.body else None
        if outcome:
            PublicationDecisionFactory(item=new, outcome=outcome, reason=secret("reason"))
        return new

    # Published in full, a consenting named submitter, with a redacted span in the body.
    named = item(
        Outcome.PUBLISH_FULL,
        submitter=SubmitterFactory(
            name="Pat Public",
            email=f"{secret('mail')}@example.net",
            phone=secret("phone"),
            notes=secret("notes"),
        ),
        body=f"Public words. The officer {(span := secret('span'))} was rude. More public words.",
    )
    RedactionFactory(item=named, quoted_text=span, note=secret("rednote"))
    public.append(named)
    # Published anonymised: anonymity asked for; the name and email in the text are masked.
    anon_submitter = protected_submitter(anonymity_requested=True)
    anon = item(
        Outcome.PUBLISH_ANONYMISED,
        submitter=anon_submitter,
        body=f"I am {anon_submitter.name}, mail me at {anon_submitter.email}. Public text here.",
    )
    public.append(anon)
    # Vulnerable and non-consenting submitters published "in full": still never named.
    public.append(
        item(Outcome.PUBLISH_FULL, submitter=protected_submitter(vulnerable=True), body="Open text one.")
    )
    public.append(
        item(
            Outcome.PUBLISH_FULL,
            submitter=protected_submitter(consent_to_publish=False),
            body="Open text two.",
        )
    )
    # A survey response with a redacted answer.
    survey_item = item(
        Outcome.PUBLISH_ANONYMISED,
        kind=EvidenceItem.Kind.SURVEY_RESPONSE,
        survey=survey,
        body="",
        submitter=protected_submitter(),
        answer=f"My caseworker {(answer_span := secret('answerspan'))} lost my papers.",
    )
    RedactionFactory(
        item=survey_item,
        quoted_text=answer_span,
        reason=RedactionReason.objects.get(name="Other"),
        note=secret("rednote"),
    )
    public.append(survey_item)
    # Never public: withheld, confidential, undecided, excluded, confidential-then-anonymised.
    for outcome, fields in [
        (Outcome.WITHHOLD, {}),
        (Outcome.WITHHOLD, {"confidentiality": Confidentiality.CONFIDENTIAL}),
        (None, {}),
        (Outcome.PUBLISH_FULL, {"status": EvidenceItem.Status.EXCLUDED}),
        (None, {"confidentiality": Confidentiality.CONFIDENTIAL}),
    ]:
        hidden.append(
            item(
                outcome,
                submitter=protected_submitter(),
                body=secret("body"),
                answer=secret("answer"),
                **fields,
            )
        )
    # Published but a redaction needs review: hidden whole.
    review = item(
        Outcome.PUBLISH_FULL, submitter=protected_submitter(), body=f"Text {(gone := secret('span'))} end."
    )
    RedactionFactory(item=review, quoted_text=gone)
    review.body = secret("body") + " rewritten"
    from evidence import services as evidence_services

    evidence_services.evidence_update(item=review, by=None)
    hidden.append(review)
    return {"public": public, "hidden": hidden, "unused_theme": unused, "theme": theme}


def public_urls(world) -> list[tuple[str, dict]]:
    lst, csv = reverse("publication:published_list"), reverse("publication:published_csv")
    urls = [(lst, {}), (csv, {})]
    urls += [(reverse("publication:published_detail", args=[i.reference]), {}) for i in world["public"]]
    urls += [(reverse("publication:published_detail", args=[i.reference]), {}) for i in world["hidden"]]
    hand_made = [
        {"theme": world["unused_theme"].pk},
        {"theme": world["theme"].pk, "page": 999},
        {"page": 999},
        {"page": "-1"},
        {"format": 0},
        {"q": ""},
        {"q": "[redacted]"},
        {"q": "redacted"},
        {"body__regex": ".*"},
    ]
    urls += [(url, params) for url in (lst, csv) for params in hand_made]
    urls += [(url, {"q": value}) for url in (lst, csv) for value in SECRETS]
    urls += [(lst, {"q": "xsecret"}), (lst, {"q": "zq"})]  # parts of every secret
    return urls


def test_no_secret_in_any_byte_of_any_public_response(client, world):
    hidden_refs = {item.reference for item in world["hidden"]}
    assert SECRETS
    for url, params in public_urls(world):
        response = client.get(url, params)
        body = response.content.decode("utf-8-sig")
        headers = "\n".join(f"{k}: {v}" for k, v in response.headers.items())
        for value in SECRETS:
            assert value not in body and value not in headers, f"{value} leaked by {url} {params}"
        if url.rstrip("/").rsplit("/", 1)[-1] in hidden_refs:
            assert response.status_code == 404
        else:
            assert response.status_code == 200, (url, params)
            for reference in hidden_refs:
                assert reference not in body, f"{reference} listed by {url} {params}"
        assert "/media/" not in body  # no attachment links


def test_public_items_are_listed_and_shown(client, world):
    page = client.get(reverse("publication:published_list")).content.decode()
    for item in world["public"]:
        assert item.reference in page
    assert "Pat Public" in page
