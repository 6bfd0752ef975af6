"""Writes the sample survey exports in this folder, one Google Forms CSV and one Microsoft Forms XLSX per
demo survey, their question columns worded exactly as the demo surveys' questions (evidence/codebook.py).
Run from the project root after changing the demo questions: .venv/bin/python docs/samples/make_samples.py

The people and answers are invented."""

import csv
import datetime
import io
import sys
from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from evidence.codebook import SURVEYS  # noqa: E402  (the project root is put on the path first)

RESPONDENTS = [
    # name, email, organisation, experience, consent, anonymous
    ("Priya Shah", "priya.shah@example.org", "Northfield Advice Centre", "Professional", "Yes", "No"),
    ("", "", "", "Personal", "No", "Yes"),
    ("Tom Okafor", "t.okafor@example.net", "", "Both", "Yes", "No"),
    ("Helen Marsh", "helen.marsh@example.org", "Carers Together", "Professional", "No", "No"),
    ("", "", "", "Personal", "Yes", "Yes"),
]
ANSWERS = [
    "{who}",
    "Work capability assessments",
    "The contract was let on price; nobody asked claimants what they needed.",
    "A 95% accuracy target, but no penalty when it was missed.",
    "Yes: the same provider won again despite 2019's “requires improvement” audit.",
    "Assessments got shorter.\nAppeals went up, and most succeeded at tribunal.",
    "Publish the contract and the provider's performance data every quarter.",
]
CAPACITY = {"Personal": "Service user", "Professional": "Welfare rights adviser", "Both": "Carer and adviser"}


def rows_for(spec):
    for n, (name, email, organisation, experience, consent, anonymous) in enumerate(RESPONDENTS):
        moment = datetime.datetime(2023, 11, 20 + n, 9 + n, 5 * n, 10)
        answers = [text.format(who=CAPACITY[experience]) for text in ANSWERS[: len(spec["questions"])]]
        if n == 4:
            answers[4] = ""  # respondents skip questions
        yield moment, name, email, organisation, experience, consent, anonymous, answers


def google_forms_csv(spec) -> bytes:
    """Google Forms: "Timestamp" as 2023/11/20 9:05:10 am GMT, then the form's questions in order."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    questions = [text for _, text, _ in spec["questions"]]
    respondent = [
        "Email address",
        "Your name",
        "Organisation",
        "Experience",
        "Consent to publish",
        "Anonymous",
    ]
    writer.writerow(["Timestamp", *respondent, *questions])
    for moment, name, email, organisation, experience, consent, anonymous, answers in rows_for(spec):
        half = "am" if moment.hour < 12 else "pm"
        stamp = f"{moment:%Y/%m/%d} {moment.hour % 12 or 12}:{moment:%M:%S} {half} GMT"
        writer.writerow([stamp, email, name, organisation, experience, consent, anonymous, *answers])
    return buffer.getvalue().encode("utf-8")


def microsoft_forms_xlsx(spec) -> bytes:
    """Microsoft Forms: ID, Start time, Completion time (date cells), Email, Name, then the questions."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Form1"
    questions = [text for _, text, _ in spec["questions"]]
    respondent = ["Email", "Name", "Organisation", "Experience", "Consent to publish", "Anonymous"]
    sheet.append(["ID", "Start time", "Completion time", *respondent, *questions])
    for n, row in enumerate(rows_for(spec), start=1):
        moment, name, email, organisation, experience, consent, anonymous, answers = row
        started = moment - datetime.timedelta(minutes=12)
        sheet.append(
            [n, started, moment, email, name, organisation, experience, consent, anonymous, *answers]
        )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def main() -> None:
    for spec in SURVEYS:
        (HERE / f"{spec['slug']}-google-forms.csv").write_bytes(google_forms_csv(spec))
        (HERE / f"{spec['slug']}-microsoft-forms.xlsx").write_bytes(microsoft_forms_xlsx(spec))


if __name__ == "__main__":
    main()
