"""Reusable privacy checks: a raw scan of every table for personal data, and the list of pages and
exports a member can reach, which the leak tests render and search for a confidential submitter.

When you add a page or an export that members can reach, append it here:
    MEMBER_PAGES.append(lambda world: [reverse("recommendations:matrix")])
    MEMBER_EXPORTS.append(lambda client, world: client.get("/export.csv").content)
`world` is the `confidential_world` fixture (tests/conftest.py): a confidential submitter with
evidence, an excerpt, a recommendation linking them, a meeting and history of all of it."""

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlsplit

from django.contrib import admin
from django.db import connection
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin


def tables_containing(*needles: str) -> dict[str, int]:
    """{table: matching values} for every table (history tables too) holding any of `needles` in any
    text column, case-insensitively. Reads every row with raw SQL so nothing is hidden by managers."""
    lowered = [needle.lower() for needle in needles]
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        value = bytes(value).decode("utf-8", "ignore")
                    if isinstance(value, str) and any(needle in value.lower() for needle in lowered):
                        found[table] = found.get(table, 0) + 1
    return found


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

    def objects(self) -> list:
        return [
            self.submitter,
            self.item,
            self.confidential_item,
            self.excerpt,
            self.recommendation,
            self.link,
            self.meeting,
        ]


def admin_pages(world: World) -> list[str]:
    """Changelist, search by the secrets, change, history and each history version of every object
    in the world, for every registered model admin (whether the member may open them or not)."""
    urls = []
    by_model = {type(obj): obj for obj in world.objects()}
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:{}_{}_changelist".format(*info)))
        for secret in world.secrets:
            urls.append(reverse("admin:{}_{}_changelist".format(*info)) + f"?q={secret}")
        obj = by_model.get(model)
        if obj is None:
            continue
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


MEMBER_PAGES: list[Callable[[World], list[str]]] = [
    lambda world: [reverse("admin:index"), "/"],
    admin_pages,
    autocomplete_pages,
]
MEMBER_EXPORTS: list[Callable] = []


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
