"""Codebook exchange: the theme tree out and in as CSV (name, parent, description, colour) and as a
REFI-QDA codebook (.qdc, the XML standard read by NVivo, ATLAS.ti, MAXQDA and others).

A theme is known by its path ("Contracts › Safeguards"): names are unique only under one parent.
Imports are planned first (what will be created, matched or updated, and every error, each naming
its row or code) and written all at once or not at all."""

import csv
import io
import uuid
from dataclasses import dataclass, field

from defusedxml import ElementTree
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from evidence.models import Theme
from evidence.models.codebook import hex_colour
from justice_wp.exporting import FORMULA_STARTS, escape_formula

SEPARATOR = " › "
CSV_COLUMNS = ["name", "parent", "description", "colour"]
QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
# GUIDs derive from the path, so exporting the same codebook from any copy gives the same file.
GUID_NAMESPACE = uuid.UUID("6a0f3c52-57f1-4c44-9a59-0c4f1e0a8d11")
DEFAULT_COLOUR = "#4c6ef5"


@dataclass(eq=False)
class CodeRow:
    where: str  # "row 3" or "code “Safeguards”": how errors name it
    name: str
    parent: str  # as written: the parent's path or, if unambiguous, its name; "" at the top
    description: str = ""
    colour: str = ""
    path: str | None = None  # resolved by the plan

    @property
    def written_path(self) -> str:
        return f"{self.parent}{SEPARATOR}{self.name}" if self.parent else self.name


class _Cycle(Exception):
    pass


@dataclass
class CodebookPlan:
    rows: list[CodeRow]
    create: list[CodeRow] = field(default_factory=list)
    update: list[CodeRow] = field(default_factory=list)
    unchanged: list[CodeRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _paths() -> dict[str, Theme]:
    themes = {theme.pk: theme for theme in Theme.objects.all()}

    def path(theme: Theme) -> str:
        names, seen = [], set()
        while theme is not None and theme.pk not in seen:
            seen.add(theme.pk)
            names.append(theme.name)
            theme = themes.get(theme.parent_id)
        return SEPARATOR.join(reversed(names))

    return {path(theme): theme for theme in themes.values()}


def _tree_rows() -> list[CodeRow]:
    """Every theme, parents before children, siblings in codebook order."""
    by_path = _paths()
    themes = {theme.pk: theme for theme in by_path.values()}

    def position(theme: Theme) -> list:
        chain = []
        while theme is not None and len(chain) < len(themes):
            chain.append((theme.order, theme.name))
            theme = themes.get(theme.parent_id)
        return chain[::-1]

    return [
        CodeRow("", theme.name, path.rpartition(SEPARATOR)[0], theme.description, theme.colour, path)
        for path, theme in sorted(by_path.items(), key=lambda pair: position(pair[1]))
    ]


def codebook_csv() -> str:
    """The codebook as CSV; text a spreadsheet would run as a formula gets a leading ' (undone on
    import), as in every export."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for row in _tree_rows():
        writer.writerow(
            [escape_formula(value) for value in (row.name, row.parent, row.description, row.colour)]
        )
    return out.getvalue()


def _unescape(value: str) -> str:
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_STARTS) else value


def codebook_qdc() -> bytes:
    """A REFI-QDA codebook: nested <Code> elements with guid, name, colour and description."""
    from xml.etree.ElementTree import Element, SubElement, tostring

    root = Element("CodeBook", {"xmlns": QDC_NAMESPACE, "origin": "justice-wp"})
    codes = SubElement(root, "Codes")
    elements = {"": codes}
    for row in _tree_rows():
        code = SubElement(
            elements[row.parent],
            "Code",
            {"guid": str(uuid.uuid5(GUID_NAMESPACE, row.path)), "name": row.name, "isCodable": "true",
             "color": row.colour.upper()},
        )  # fmt: skip
        if row.description:
            SubElement(code, "Description").text = row.description
        elements[row.path] = code
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + tostring(root, encoding="utf-8")


def read_csv(content: bytes) -> list[CodeRow]:
    """Rows of a codebook CSV (UTF-8, with or without BOM). The header is row 1."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ValidationError("The file is not UTF-8 text: save it as “CSV UTF-8” and try again.") from error
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip().lower() for name in reader.fieldnames or []]
    if "name" not in header or "parent" not in header:
        raise ValidationError("The first row must name the columns: name, parent, description, colour.")
    reader.fieldnames = header
    return [
        CodeRow(
            f"row {number}",
            *(_unescape((record.get(column) or "").strip()) for column in CSV_COLUMNS),
        )
        for number, record in enumerate(reader, start=2)
        if any((value or "").strip() for value in record.values() if isinstance(value, str))
    ]


def read_qdc(content: bytes) -> list[CodeRow]:
    """Codes of a REFI-QDA codebook (or project) file; nesting gives the parent."""
    try:
        root = ElementTree.fromstring(content, forbid_dtd=True)
    except Exception as error:  # defusedxml and expat raise several kinds
        raise ValidationError(f"This is not a readable .qdc (XML) file: {error}.") from error
    namespace = root.tag.partition("}")[0] + "}" if root.tag.startswith("{") else ""
    codes = root.find(f"{namespace}Codes")
    if codes is None:
        raise ValidationError("The file has no <Codes> element: is it a REFI-QDA codebook (.qdc)?")
    rows = []

    def walk(element, parent: str) -> None:
        for code in element.findall(f"{namespace}Code"):
            name = (code.get("name") or "").strip()
            description = code.find(f"{namespace}Description")
            row = CodeRow(
                f"code “{name or code.get('guid', '?')}”",
                name,
                parent,
                (description.text or "").strip() if description is not None else "",
                (code.get("color") or "").strip(),
            )
            rows.append(row)
            walk(code, row.written_path)

    walk(codes, "")
    return rows


class _Resolver:
    """Finds each row's full path: its parent is a row of the file (by path, or by name when only
    one row has it) or a theme of the codebook (likewise)."""

    def __init__(self, rows: list[CodeRow], existing: dict[str, Theme]):
        self.existing = existing
        self.by_written = {row.written_path: row for row in rows}
        self.file_names: dict[str, list[CodeRow]] = {}
        for row in rows:
            self.file_names.setdefault(row.name, []).append(row)
        self.codebook_names: dict[str, list[str]] = {}
        for path, theme in existing.items():
            self.codebook_names.setdefault(theme.name, []).append(path)

    def path(self, row: CodeRow, visiting: tuple = ()) -> str:
        if row.path is not None:
            return row.path
        if row in visiting:
            raise _Cycle(visiting[visiting.index(row) :])
        base = ""
        if row.parent:
            named = self.file_names.get(row.parent, [])
            parent_row = self.by_written.get(row.parent) or (named[0] if len(named) == 1 else None)
            in_codebook = self.codebook_names.get(row.parent, [])
            if parent_row is not None:
                base = self.path(parent_row, (*visiting, row))
            elif row.parent in self.existing:
                base = row.parent
            elif len(in_codebook) == 1:
                base = in_codebook[0]
            else:
                raise ValidationError(
                    f"{row.where}: parent “{row.parent}” is neither in the file nor in the codebook. "
                    "Add it, or leave the parent empty for a top-level theme."
                    if not (named or in_codebook)
                    else f"{row.where}: parent “{row.parent}” is ambiguous: write its path, e.g. "
                    f"“{(in_codebook or [n.written_path for n in named])[0]}”."
                )
        row.path = f"{base}{SEPARATOR}{row.name}" if base else row.name
        return row.path


def codebook_plan(rows: list[CodeRow]) -> CodebookPlan:
    """Check every row and say what importing would do. Nothing is written."""
    plan = CodebookPlan(rows=rows)
    existing = _paths()
    named = []
    for row in rows:
        if not row.name:
            plan.errors.append(f"{row.where}: the name is empty.")
        elif SEPARATOR.strip() in row.name:
            plan.errors.append(f"{row.where}: a name cannot contain “{SEPARATOR.strip()}”.")
        else:
            named.append(row)
        if row.colour:
            try:
                hex_colour(row.colour)
            except ValidationError:
                plan.errors.append(f"{row.where}: colour “{row.colour}” is not #rrggbb (e.g. #1f77b4).")
    resolver, in_file = _Resolver(named, existing), {}
    for row in named:
        try:
            path = resolver.path(row)
        except _Cycle as cycle:
            names = " → ".join(f"“{r.name}” ({r.where})" for r in cycle.args[0])
            plan.errors.append(f"{row.where}: the parents go round in a circle: {names}.")
            continue
        except ValidationError as error:
            plan.errors.extend(error.messages)
            continue
        if path in in_file:
            plan.errors.append(
                f"{row.where}: “{path}” appears twice (also {in_file[path].where}): "
                "names must differ under one parent."
            )
            continue
        in_file[path] = row
        theme = existing.get(path)
        if theme is None:
            plan.create.append(row)
        elif (row.description or theme.description, row.colour.lower() or theme.colour.lower()) != (
            theme.description,
            theme.colour.lower(),
        ):
            plan.update.append(row)
        else:
            plan.unchanged.append(row)
    return plan


def _free_slug(name: str, taken: set[str]) -> str:
    base = slugify(name)[:110] or "theme"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


@transaction.atomic
def codebook_import(*, plan: CodebookPlan, by) -> CodebookPlan:
    """Write a checked plan: create new themes (parents first), update descriptions and colours of
    matched ones. Refuses a plan with errors; one history row per theme written."""
    if not plan.ok:
        raise ValidationError(plan.errors)
    themes = _paths()
    taken = set(Theme.objects.values_list("slug", flat=True))
    for row in sorted(plan.create, key=lambda row: row.path.count(SEPARATOR)):
        theme = Theme(
            name=row.name,
            slug=_free_slug(row.name, taken),
            parent=themes.get(row.path.rpartition(SEPARATOR)[0]),
            description=row.description,
            colour=row.colour.lower() or DEFAULT_COLOUR,
        )
        theme.full_clean()
        theme._history_user, theme._change_reason = by, "codebook import"
        theme.save()
        themes[row.path] = theme
    for row in plan.update:
        theme = themes[row.path]
        theme.description = row.description or theme.description
        theme.colour = row.colour.lower() or theme.colour
        theme.full_clean()
        theme._history_user, theme._change_reason = by, "codebook import"
        theme.save(update_fields=["description", "colour"])
    return plan
