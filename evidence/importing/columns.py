"""Match column headers to survey questions and to the respondent/response columns we know.

Headers match case- and whitespace-insensitively, on a question's text, its code ("q3"), or both
("Q3. How were…"). Everything else is reported as an unknown column and ignored."""

import re
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from evidence.importing.reading import ImportRefused

# Role → the headers survey tools use for it (normalised: lower case, single spaces, no end punctuation).
ROLE_HEADERS = {
    "response_id": {"response id", "responseid", "respondent id", "response number", "id"},
    "timestamp": {
        "timestamp",
        "submitted",
        "submitted at",
        "submitted on",
        "submission date",
        "completion time",
        "completed",
        "date submitted",
        "response date",
        "end date",
        "date received",
    },
    "name": {"name", "full name", "your name", "respondent name"},
    "email": {"email", "email address", "e-mail", "e-mail address", "your email", "your email address"},
    "organisation": {"organisation", "organization", "your organisation", "organisation name", "company"},
    "experience": {"experience", "type of experience", "your experience"},
    "consent": {"consent", "consent to publish", "consent to be named", "may we name you", "publish name"},
    "anonymity": {"anonymous", "anonymity", "remain anonymous", "anonymity requested"},
    "themes": {"themes", "theme", "codes"},
}
ROLE_LABELS = {
    "response_id": "Response ID",
    "timestamp": "Timestamp",
    "name": "Name",
    "email": "Email",
    "organisation": "Organisation",
    "experience": "Experience",
    "consent": "Consent to publish",
    "anonymity": "Anonymous",
    "themes": "Themes",
}


# Bookkeeping columns survey tools add (Microsoft Forms, Qualtrics, SurveyMonkey…): not answers, so not
# offered as new questions.
TOOL_HEADERS = {
    "start time",
    "start date",
    "last modified time",
    "recorded date",
    "ip address",
    "duration",
    "duration (in seconds)",
    "progress",
    "finished",
    "language",
    "user language",
    "distribution channel",
    "collector id",
    "location latitude",
    "location longitude",
    "status",
}
NO_QUESTION = (
    "No column matches a question of this survey. Check you chose the right survey (headers must be the "
    "question text or its code, e.g. q3), or add the file's columns as questions of this survey."
)


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold().rstrip("?:.").strip()


@dataclass
class Column:
    index: int
    header: str

    @property
    def label(self) -> str:
        return (
            f"{get_column_letter(self.index + 1)} “{self.header}”"
            if self.header
            else (f"{get_column_letter(self.index + 1)} (no header)")
        )


@dataclass
class ColumnMap:
    headers: list[str] = field(default_factory=list)
    roles: dict[str, Column] = field(default_factory=dict)
    questions: list[tuple[Column, object]] = field(default_factory=list)  # (column, SurveyQuestion)
    unknown: list[Column] = field(default_factory=list)
    blank: list[Column] = field(default_factory=list)

    @property
    def question_candidates(self) -> list[Column]:
        """Unknown columns that look like questions (not a survey tool's bookkeeping), in file order."""
        return [column for column in self.unknown if normalise(column.header) not in TOOL_HEADERS]


def map_columns(headers: list[str], questions) -> ColumnMap:
    by_text = {normalise(q.text): q for q in questions}
    by_code = {normalise(q.code): q for q in questions}
    role_of = {alias: role for role, aliases in ROLE_HEADERS.items() for alias in aliases}
    mapping, seen_questions = ColumnMap(headers=list(headers)), {}
    for index, header in enumerate(headers):
        column, key = Column(index, header), normalise(header)
        question = by_text.get(key) or by_code.get(key) or _code_and_text(key, by_code, by_text)
        if question is not None:
            if question.pk in seen_questions:
                raise ImportRefused(
                    f"Columns {seen_questions[question.pk].label} and {column.label} both answer question "
                    f"{question.code}. Remove or rename one of them."
                )
            seen_questions[question.pk] = column
            mapping.questions.append((column, question))
        elif key in role_of:
            role = role_of[key]
            if role in mapping.roles:
                raise ImportRefused(
                    f"Columns {mapping.roles[role].label} and {column.label} are both read as "
                    f"{ROLE_LABELS[role]}. Remove or rename one of them."
                )
            mapping.roles[role] = column
        elif key:
            mapping.unknown.append(column)
        else:
            mapping.blank.append(column)
    if "timestamp" not in mapping.roles:
        raise ImportRefused(
            "No timestamp column: the file needs a column headed “Timestamp” (or “Submitted”, "
            "“Completion time”, “Date received”) giving when each response was made."
        )
    return mapping


def _code_and_text(key: str, by_code: dict, by_text: dict):
    """“Q3. How were…” / “q3 - How were…” / “q3: How…”: a known code followed by its question text."""
    match = re.match(r"^([\w-]+)\s*[.:)\-–]\s*(.+)$", key)
    if not match:
        return None
    question = by_code.get(match.group(1))
    if question is not None and by_text.get(match.group(2)) is question:
        return question
    return None
