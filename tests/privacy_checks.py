"""Reusable privacy checks: a raw scan of every table for personal data, and the list of pages and
exports a member can reach, which the leak tests render and search for a confidential submitter.

When you add a page or an export that members can reach, append it here:
    MEMBER_PAGES.append(lambda world: [reverse("recommendations:matrix")])
    MEMBER_EXPORTS.append(lambda client, world: client.get("/export.csv").content)
(an export returns the text to search: decode CSV/JSON, and read XLSX/DOCX with xlsx_text/docx_text).
`world` is the `confidential_world` fixture (tests/conftest.py): a confidential submitter with
evidence, an excerpt, a recommendation linking them, a meeting and history of all of it."""

import html
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from django.contrib import admin
from django.core.files.storage import default_storage
from django.db import connection
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin


def _readable(value: bytes) -> str:
    """Every way a stored file may hold text: a zip's parts (an .xlsx), UTF-8, UTF-16, Windows-1252.
    Written apart from the application's readers so the scan does not trust the code it checks."""
    if value[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(value)) as archive:
                return "\n".join(_readable(archive.read(name)) for name in archive.namelist())
        except zipfile.BadZipFile:
            pass
    texts = [value.decode("utf-8", "ignore"), value.decode("cp1252", "ignore")]
    if len(value) % 2 == 0:
        texts += [value.decode("utf-16-le", "ignore"), value.decode("utf-16-be", "ignore")]
    return html.unescape("\n".join(texts))


def tables_containing(*needles: str) -> dict[str, int]:
    """{table: matching values} for every table (history tables too) holding any of `needles` in any
    text or binary column, case-insensitively. Reads every row with raw SQL so nothing is hidden by
    managers; binary values are read as files (see _readable)."""
    lowered = [needle.lower() for needle in needles]
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        value = _readable(bytes(value))
                    if isinstance(value, str) and any(needle in value.lower() for needle in lowered):
                        found[table] = found.get(table, 0) + 1
    return found


def files_named(*needles: str) -> list[str]:
    """Paths of files in the default storage whose names contain any of `needles` (case-insensitive)."""
    lowered = [needle.lower() for needle in needles]

    def walk(directory: str) -> list[str]:
        folders, files = default_storage.listdir(directory)
        paths = [f"{directory}/{name}".lstrip("/") for name in files]
        return paths + [path for folder in folders for path in walk(f"{directory}/{folder}".lstrip("/"))]

    if not default_storage.exists(""):
        return []
    return [path for path in walk("") if any(needle in path.lower() for needle in lowered)]


@dataclass
class World:
    submitter: object
    item: object
    confidential_item: object
    excerpt: object
    recommendation: object
    link: object
    meeting: object
    secrets: list[str] = field(default_factory=list)
    confidential_excerpt: object = None
    publishable_item: object = None
    confidential_link: object = None

    def objects(self) -> list:
        objects = [
            self.submitter,
            self.item,
            self.confidential_item,
            self.excerpt,
            self.recommendation,
            self.link,
            self.meeting,
            self.confidential_excerpt,
            self.publishable_item,
            self.confidential_link,
        ]
        return [obj for obj in objects if obj is not None]


def admin_pages(world: World) -> list[str]:
    """Changelist, search by the secrets, change, history and each history version of every object
    in the world, for every registered model admin (whether the member may open them or not)."""
    urls = []
    by_model: dict[type, list] = {}
    for obj in world.objects():
        by_model.setdefault(type(obj), []).append(obj)
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        for secret in world.secrets:
            urls.append(reverse("admin:{}_{}_changelist".format(*info)) + f"?q={secret}")
        for obj in by_model.get(model, []):
            urls.append(reverse("admin:{}_{}_change".format(*info), args=[obj.pk]))
            urls.append(reverse("admin:{}_{}_history".format(*info), args=[obj.pk]))
            if isinstance(model_admin, SimpleHistoryAdmin):
                for version in model.history.filter(id=obj.pk):
                    urls.append(
                        reverse("admin:{}_{}_simple_history".format(*info), args=[obj.pk, version.history_id])
                    )
    return urls


def autocomplete_pages(world: World) -> list[str]:
    """Every autocomplete endpoint of every admin and inline, searched for each secret."""
    sources = set()
    for model, model_admin in admin.site._registry.items():
        sources |= {(model, name) for name in model_admin.autocomplete_fields}
        for inline in model_admin.inlines:
            sources |= {(inline.model, name) for name in inline.autocomplete_fields}
    urls = []
    for model, field_name in sorted(sources, key=lambda source: (source[0]._meta.label, source[1])):
        for secret in world.secrets:
            urls.append(
                reverse("admin:autocomplete")
                + f"?app_label={model._meta.app_label}&model_name={model._meta.model_name}"
                f"&field_name={field_name}&term={secret}"
            )
    return urls


def recommendation_pages(world: World) -> list[str]:
    """The matrix (both dimensions) and the evidence-link lists it links into, the evidence a meeting
    heard, the progress summary, the report preview (final and draft), and the recommendation's
    workflow and history diff pages."""
    rec = world.recommendation
    links = reverse("admin:recommendations_evidencelink_changelist")
    preview = reverse("recommendations_report_preview")
    return [
        reverse("recommendations:matrix"),
        reverse("recommendations:matrix") + "?by=kind",
        f"{links}?recommendation__id__exact={rec.pk}",
        f"{links}?recommendation__id__exact={rec.pk}&stance__exact=supports",
        f"{links}?evidence__kind__exact={world.confidential_item.kind}",
        reverse("admin:evidence_evidenceitem_changelist") + f"?meeting__id__exact={world.meeting.pk}",
        reverse("recommendations:progress"),
        preview,
        preview + "?draft=1",
        reverse("admin:recommendations_recommendation_transition", args=[rec.pk]),
        *[
            reverse("admin:recommendations_recommendation_history_diff", args=[rec.pk, version.history_id])
            for version in rec.history.all()
        ],
    ]


def docx_text(content: bytes) -> str:
    """Every word of a Word file: body paragraphs, tables, headers and footers through python-docx,
    the footnotes, and the raw XML of every part (properties, comments, anything else)."""
    import io
    import zipfile

    from docx import Document

    from recommendations.report.footnotes import read_footnotes

    document = Document(io.BytesIO(content))
    parts = [paragraph.text for paragraph in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [paragraph.text for paragraph in section.header.paragraphs + section.footer.paragraphs]
    parts += read_footnotes(document).values()
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        parts += [archive.read(name).decode("utf-8", "ignore") for name in archive.namelist()]
    return "\n".join(parts)


def xlsx_text(content: bytes) -> str:
    import io

    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return "\n".join(
        str(value)
        for sheet in workbook
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value
    )


def ics_text(content: bytes) -> str:
    """iCalendar folds lines at 75 octets (a name could be split across a fold): unfold first."""
    return content.decode("utf-8").replace("\r\n ", "").replace("\\,", ",").replace("\\n", "\n")


def admin_export(client, model, resource, file_format: int) -> bytes:
    """POST the django-import-export export form of `model`'s admin with every field ticked;
    `file_format` indexes justice_wp.exporting.SafeExportAdminMixin.formats (CSV, XLSX, JSON)."""
    data = {"format": str(file_format), "resource": "0"}
    for name in resource().get_export_order():
        data[f"{resource.__name__.lower()}_{name}"] = "on"
    response = client.post(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_export"), data)
    assert response.status_code == 200, response.content[:300]
    return response.content


def export_text(content: bytes, file_format: int) -> str:
    return xlsx_text(content) if file_format == 1 else content.decode("utf-8-sig")


def admin_exports(client, world: World) -> str:
    """Evidence items and recommendations exported from the admin in CSV, XLSX and JSON."""
    from evidence.models import EvidenceItem
    from evidence.resources import EvidenceItemResource
    from recommendations.models import Recommendation
    from recommendations.resources import RecommendationResource

    texts = []
    for model, resource in [(EvidenceItem, EvidenceItemResource), (Recommendation, RecommendationResource)]:
        for file_format in range(3):
            texts.append(export_text(admin_export(client, model, resource, file_format), file_format))
    return "\n".join(texts)


def download_exports(client, world: World) -> str:
    """The matrix CSV (both dimensions), the report in Word (final and draft), and calendar files."""

    def get(url: str) -> bytes:
        response = client.get(url)
        assert response.status_code == 200, url
        return response.content

    docx = reverse("recommendations_report_docx")
    texts = [
        get(reverse("recommendations:matrix_csv")).decode(),
        get(reverse("recommendations:matrix_csv") + "?by=kind").decode(),
        docx_text(get(docx)),
        docx_text(get(docx + "?draft=1")),
        ics_text(get(reverse("meetings:meeting_ics", args=[world.meeting.pk]))),
        ics_text(get(reverse("meetings:calendar"))),
    ]
    return "\n".join(texts)


def workbench_pages(world: World) -> list[str]:
    """The reader page of each item of the world (alone and within a filtered queue), the evidence
    picker searched for each secret and for the titles, and the possible-duplicates list."""
    items = [world.item, world.confidential_item, world.publishable_item]
    urls = [reverse("admin:evidence_evidenceitem_code", args=[item.pk]) for item in items]
    urls += [f"{url}?confidentiality__exact=confidential" for url in urls]
    picker = reverse("admin:evidence_evidenceitem_picker")
    urls += [
        f"{picker}?app_label=recommendations&model_name=evidencelink&field_name=evidence&term={secret}"
        for secret in [*world.secrets, "Safeguarding", "Contact"]
    ]
    return [*urls, f"{reverse('admin:evidence_evidenceitem_changelist')}?duplicates=possible"]


def public_pages(world: World) -> list[str]:
    """The public evidence pages (no login needed), the world's items and searches for its secrets."""
    listing = reverse("publication:published_list")
    urls = [listing, reverse("publication:published_csv")]
    urls += [
        reverse("publication:published_detail", args=[obj.reference])
        for obj in world.objects()
        if hasattr(obj, "reference")
    ]
    return urls + [f"{listing}?q={secret}" for secret in world.secrets]


MEMBER_PAGES: list[Callable[[World], list[str]]] = [
    lambda world: [reverse("admin:index"), "/"],
    admin_pages,
    autocomplete_pages,
    recommendation_pages,
    workbench_pages,
    public_pages,
]


def codebook_exports(client, world: World) -> str:
    """The codebook downloads (CSV and REFI-QDA) from Admin › Themes."""
    return "\n".join(
        client.get(reverse(name)).content.decode("utf-8-sig")
        for name in ("admin:evidence_theme_export_csv", "admin:evidence_theme_export_qdc")
    )


MEMBER_EXPORTS: list[Callable] = [admin_exports, download_exports, codebook_exports]


def leaks(content: bytes | str, world: World, url: str = "") -> list[str]:
    """The secrets (and, on a search for a secret, the references of the submitter's evidence) that
    appear in `content`. The search box echoing what the member typed is not a leak."""
    text = content.decode("utf-8", "ignore") if isinstance(content, bytes) else content
    text = html.unescape(text).lower()
    forbidden = list(world.secrets)
    for key, value in parse_qsl(urlsplit(url).query):
        if key in {"q", "term"} and value in world.secrets:
            text = text.replace(value.lower(), "")
            forbidden += [world.item.reference, world.confidential_item.reference]
    return [secret for secret in forbidden if secret.lower() in text]
