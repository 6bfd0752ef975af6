"""What an import will write: the plan built by planning, shown by the preview, cached with the upload
and written by writing."""

from dataclasses import dataclass, field, replace

from django.conf import settings

from evidence.importing.columns import ColumnMap
from evidence.models import EvidenceItem, Organisation, Submitter


@dataclass(frozen=True)
class RowError:
    row: int | None  # spreadsheet row: the header is row 1
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row else "File"
        return f"{where}, column {self.column}: {self.message}" if self.column else f"{where}: {self.message}"


PREVIEW_RESPONSES = 5
# The item fields that differ from row to row; the others are the same for every row of a file.
ROW_FIELDS = ("title", "external_id", "received_on", "body", "confidentiality")


@dataclass
class PlannedResponse:
    row: int
    item: EvidenceItem
    submitter: Submitter | None
    answers: list  # (SurveyQuestion, text)
    themes: list

    def __reduce__(self):
        """Pickled (for the upload's plan cache) as the row's own values: a whole model instance per row
        made the cache of a 50,000-row file slower to load than to rebuild."""
        item = self.item
        shared = (item.survey, item.created_by)
        values = tuple(getattr(item, name) for name in ROW_FIELDS)
        return _planned_response, (self.row, shared, values, self.submitter, self.answers, self.themes)


def _planned_response(row, shared, values, submitter, answers, themes) -> PlannedResponse:
    survey, created_by = shared
    item = EvidenceItem(
        kind=EvidenceItem.Kind.SURVEY_RESPONSE,
        survey=survey,
        created_by=created_by,
        **dict(zip(ROW_FIELDS, values, strict=True)),
    )
    return PlannedResponse(row, item, submitter, answers, themes)


@dataclass
class ImportPlan:
    survey: object
    filename: str
    encoding: str
    columns: ColumnMap
    responses: list[PlannedResponse] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)  # the first EVIDENCE_IMPORT_MAX_ERRORS
    error_count: int = 0
    already_imported: list[int] = field(default_factory=list)
    blank_rows: int = 0
    new_submitters: list[Submitter] = field(default_factory=list)
    new_organisations: list[Organisation] = field(default_factory=list)
    written: int = 0
    sha256: str = ""
    batch: object = None  # the ImportBatch, once written
    response_count: int = 0
    new_submitter_count: int = 0
    new_organisation_count: int = 0
    duplicates: list = field(default_factory=list)  # the first PossibleDuplicates (importing.duplicates)
    duplicate_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def more_errors(self) -> int:
        """Errors counted but not listed (a file of 400,000 bad rows must not become 400,000 lines)."""
        return self.error_count - len(self.errors)

    def summary(self) -> "ImportPlan":
        """What the preview shows (counts, errors, columns, the first responses), without the bulk of the
        rows: showing the preview again loads this, not the whole plan."""
        return replace(
            self, responses=self.responses[:PREVIEW_RESPONSES], new_submitters=[], new_organisations=[]
        )

    def add_error(self, error: RowError) -> None:
        self.error_count += 1
        if len(self.errors) < settings.EVIDENCE_IMPORT_MAX_ERRORS:
            self.errors.append(error)
