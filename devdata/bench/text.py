"""Word lists for generated benchmark text: a few words everywhere, many middling, some rare."""

import itertools
import random


def _word_list(text: str) -> list[str]:
    return text.split()


COMMON = _word_list(
    "contract provider assessment claimant council service public outsourced department decision "
    "appeal benefit support people staff process information complaint local government"
)
MIDDLING = _word_list(
    "procurement tender safeguards oversight monitoring transparency accountability enforcement breach "
    "penalty renewal subcontractor performance target payment incentive audit inspection data report "
    "evidence tribunal review mandatory reconsideration entitlement disability capability housing "
    "probation prison healthcare education transport contractor commissioning framework specification "
    "quality delays backlog waiting letter telephone interview medical caseworker advocate adviser "
    "charity vulnerable mental health carer family rights duty equality discrimination budget saving "
    "cost value risk liability termination clause indemnity confidentiality commercial sensitive"
)
RARE = _word_list(
    "ombudsman judicial freedom-of-information parliamentary select-committee whistleblower "
    "insolvency step-in remediation liquidated damages escrow novation benchmarking open-book "
    "clawback moratorium arbitration mediation adjudication redaction exemption section-43 "
    "public-interest test-purchase mystery-shopper key-performance-indicator service-credit "
    "gainshare painshare sanction conditionality work-capability personal-independence-payment "
    "universal-credit legal-aid interpreter safeguarding deprivation-of-liberty homelessness "
    "eviction repossession bailiff debt overpayment fraud error recovery"
)
FILLER = _word_list(
    "the of and to a in that is was for on with as by at from it this be are were have has had not "
    "but they their we our which when who what there been would could should after before because"
)
VOCABULARY = COMMON + MIDDLING + RARE + FILLER
WEIGHTS = [40] * len(COMMON) + [6] * len(MIDDLING) + [0.4] * len(RARE) + [60] * len(FILLER)
CUMULATIVE = list(itertools.accumulate(WEIGHTS))


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choices(VOCABULARY, cum_weights=CUMULATIVE, k=count))


def sentence(rng: random.Random, count: int) -> str:
    text = words(rng, count)
    return text[0].upper() + text[1:] + "."


def paragraphs(rng: random.Random, sentences: int) -> str:
    return " ".join(sentence(rng, rng.randint(8, 22)) for _ in range(sentences))
