"""Validate every row of a survey export and plan what to write; nothing touches the database
except a handful of lookups (questions, themes, already-imported ids, known submitters/organisations)."""

import hashlib
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils import timezone

from evidence.importing import values
from evidence.importing.columns import NO_QUESTION, map_columns, normalise
from evidence.importing.duplicates import possible_duplicates
from evidence.importing.plan import ROW_FIELDS, ImportPlan, PlannedResponse, RowError
from evidence.importing.reading import Table
from evidence.models import EvidenceItem, Organisation, Submitter, Theme


def plan_import(
    table: Table, *, survey, by, filename: str = "", progress: Callable[[int], None] | None = None
) -> ImportPlan:
    columns = map_columns(table.headers, list(survey.questions.select_related("theme")))
    plan = ImportPlan(survey=survey, filename=filename, encoding=table.encoding, columns=columns)
    rows = [(number, cells) for number, cells in table.rows if _filled(cells)]
    plan.blank_rows = len(table.rows) - len(rows)
    if not columns.questions:
        plan.add_error(RowError(None, "", NO_QUESTION))
        return plan
    lookups = _Lookups(plan, rows)
    seen_keys: dict[str, int] = {}
    registered: set[int] = set()
    for number, cells in rows:
        planner = _RowPlanner(plan, lookups, number, cells, by)
        response = planner.build()
        if response is not None:
            key = response.item.external_id
            if key in lookups.imported_ids:
                plan.already_imported.append(number)
            elif key in seen_keys:
                planner.error(
                    "response_id" if "response_id" in columns.roles else "timestamp",
                    f"This response repeats row {seen_keys[key]} (same response id, or same timestamp "
                    "and respondent). Remove one of them.",
                )
            else:
                seen_keys[key] = number
                plan.responses.append(response)
                _register_new_people(plan, response, registered)
        if progress:
            progress(1)
    plan.response_count = len(plan.responses)
    plan.new_submitter_count, plan.new_organisation_count = (
        len(plan.new_submitters),
        len(plan.new_organisations),
    )
    plan.duplicates, plan.duplicate_count = possible_duplicates(plan.responses)
    return plan


def _register_new_people(plan: ImportPlan, response: PlannedResponse, registered: set[int]) -> None:
    """New submitters/organisations are written only when a response that is written uses them
    (a re-imported row must not leave a new, unused submitter behind)."""
    submitter = response.submitter
    if submitter is None or submitter.pk is not None or id(submitter) in registered:
        return
    registered.add(id(submitter))
    plan.new_submitters.append(submitter)
    organisation = submitter.organisation
    if organisation is not None and organisation.pk is None and id(organisation) not in registered:
        registered.add(id(organisation))
        plan.new_organisations.append(organisation)


def _filled(cells) -> bool:
    return any(values.cell_text(cell).strip() for cell in cells)


class _Lookups:
    """Everything the rows refer to, fetched once (no query per row)."""

    def __init__(self, plan: ImportPlan, rows):
        roles = plan.columns.roles
        self.zone = timezone.get_current_timezone()
        self.imported_ids = set(
            EvidenceItem.objects.filter(survey=plan.survey)
            .exclude(external_id="")
            .values_list("external_id", flat=True)
        )
        self.themes = {}
        if "themes" in roles:
            for theme in Theme.objects.select_related("parent"):
                for key in (theme.slug, theme.name, str(theme)):
                    self.themes.setdefault(normalise(key), theme)
        self.submitters = {}
        if "email" in roles:
            emails = {self._cell(cells, roles["email"]).strip().lower() for _, cells in rows} - {""}
            known = Submitter.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=emails)
            self.submitters = {s.email_lower: s for s in known} if emails else {}
        self.organisations = {}
        if "organisation" in roles:
            names = {self._cell(cells, roles["organisation"]).strip().lower() for _, cells in rows} - {""}
            if names:
                found = Organisation.objects.annotate(name_lower=Lower("name")).filter(name_lower__in=names)
                self.organisations = {org.name_lower: org for org in found}

    @staticmethod
    def _cell(cells, column) -> str:
        return values.cell_text(cells[column.index]) if column.index < len(cells) else ""


class _RowPlanner:
    def __init__(self, plan: ImportPlan, lookups: _Lookups, number: int, cells: list, by):
        self.plan, self.lookups, self.number, self.cells, self.by = plan, lookups, number, cells, by
        self.failed = False

    def error(self, role_or_label: str, message: str) -> None:
        column = self.plan.columns.roles.get(role_or_label)
        self.plan.add_error(RowError(self.number, column.label if column else role_or_label, message))
        self.failed = True

    def raw(self, role: str):
        column = self.plan.columns.roles.get(role)
        if column is None or column.index >= len(self.cells):
            return None
        return self.cells[column.index]

    def text(self, role: str) -> str:
        return values.cell_text(self.raw(role)).strip()

    def parse(self, role: str, parser, default=None, **kwargs):
        if role not in self.plan.columns.roles:
            return default
        try:
            return parser(self.raw(role), **kwargs)
        except ValueError as error:
            self.error(role, str(error))
            return default

    def build(self) -> PlannedResponse | None:
        width = len(self.plan.columns.headers)
        if len(self.cells) > width and _filled(self.cells[width:]):
            self.error(
                "",
                f"The row has {len(self.cells)} cells but the header names only {width} columns; "
                "check for a comma or quote mark missing in this row.",
            )
        moment = self.parse("timestamp", values.parse_timestamp, zone=self.lookups.zone)
        consent = self.parse("consent", values.parse_yes_no, default=False, what="consent to publish")
        anonymous = self.parse("anonymity", values.parse_yes_no, default=False, what="anonymity")
        answers = self.answers()
        themes = self.themes()
        submitter = self.submitter(consent=consent, anonymous=anonymous)
        if moment is None:
            return None
        local = timezone.localtime(moment, self.lookups.zone)
        item = EvidenceItem(
            title=f"Response to {self.plan.survey.name} ({local:%d/%m/%Y %H:%M})",
            kind=EvidenceItem.Kind.SURVEY_RESPONSE,
            survey=self.plan.survey,
            external_id=self.external_id(moment, answers),
            received_on=local.date(),
            body="\n\n".join(f"{question.text}\n{answer}" for question, answer in answers),
            confidentiality=(
                EvidenceItem.Confidentiality.PUBLISHABLE
                if consent and not anonymous
                else EvidenceItem.Confidentiality.ANONYMISED
            ),
            created_by=self.by if self.by and self.by.is_authenticated else None,
        )
        try:
            # Field validation of what differs per row, and clean(), on every row. The other fields are
            # set here the same for every row; foreign keys were fetched once above (validating them
            # would cost a query per row); uniqueness is checked for the whole file against one query
            # (already-imported ids).
            item.clean_fields(exclude=CONSTANT_FIELDS)
            item.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                self.error(FIELD_ROLES.get(name, name), " ".join(messages))
        if self.failed:
            return None
        return PlannedResponse(self.number, item, submitter, answers, themes)

    def answers(self) -> list:
        answers = []
        for column, question in self.plan.columns.questions:
            value = self.cells[column.index] if column.index < len(self.cells) else None
            text = values.cell_text(value)
            if text.strip():
                answers.append((question, text))
        return answers

    def themes(self) -> list:
        themes = []
        for name in values.split_list(self.raw("themes")):
            theme = self.lookups.themes.get(normalise(name))
            if theme is None:
                self.error(
                    "themes",
                    f"Unknown theme “{name}”. Use a theme's name or slug from Admin › Themes "
                    "(separate several with ;), or add the theme to the codebook first.",
                )
            elif theme not in themes:
                themes.append(theme)
        return themes

    def submitter(self, *, consent: bool, anonymous: bool) -> Submitter | None:
        name, email, organisation = self.text("name"), self.text("email"), self.text("organisation")
        experience = self.parse("experience", values.parse_experience, default="")
        if not (name or email or organisation):
            return None
        key = email.lower()
        if key and key in self.lookups.submitters:
            return self.lookups.submitters[key]
        submitter = Submitter(
            name=name,
            email=email,
            experience=experience or "",
            consent_to_publish=consent,
            anonymity_requested=anonymous,
            role=Submitter.Role.INDIVIDUAL if name or email else Submitter.Role.ORGANISATION,
        )
        if len(organisation) > Organisation._meta.get_field("name").max_length:
            self.error("organisation", "The organisation name is longer than 200 characters; shorten it.")
            return None
        if organisation:
            submitter.organisation = self.organisation(organisation)
        try:
            submitter.clean_fields(exclude=["organisation"])
        except ValidationError as error:
            for field_name, messages in error.message_dict.items():
                self.error(field_name if field_name in self.plan.columns.roles else "", " ".join(messages))
            return None
        if key:
            self.lookups.submitters[key] = submitter
        return submitter

    def organisation(self, name: str) -> Organisation:
        key = name.lower()
        if key not in self.lookups.organisations:
            self.lookups.organisations[key] = Organisation(name=name)
        return self.lookups.organisations[key]

    def external_id(self, moment, answers) -> str:
        """The tool's response id; otherwise derived from when and who, so a re-import matches."""
        given = self.text("response_id")
        if given:
            return given
        who = self.text("email").lower() or normalise(self.text("name"))
        if not who:
            who = "\x1f".join(f"{question.code}={text}" for question, text in answers)
        digest = hashlib.sha256(f"{moment.isoformat()}|{who}".encode()).hexdigest()[:32]
        return f"auto-{digest}"


CONSTANT_FIELDS = [field.name for field in EvidenceItem._meta.fields if field.name not in ROW_FIELDS]
FIELD_ROLES = {"received_on": "timestamp", "external_id": "response_id", "name": "name", "email": "email"}
