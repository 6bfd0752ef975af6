"""The evidence picker used wherever evidence is tagged: an autocomplete whose choices say which item
is which (reference, kind, date received and the first words of its text), searched by its text.

Users who may not read an item's text (members, for confidential items) see its title instead of its
first words, and search only the text they may read (the evidence admin's own search rules)."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Prefetch
from django.urls import path
from django.utils.text import Truncator

from evidence import privacy
from evidence.models import EvidenceItem, SurveyAnswer

FIRST_WORDS = 14


def _text(item: EvidenceItem) -> str:
    """The body, else the first survey answer (prefetched as `first_answers`), else the summary."""
    if item.body.strip():
        return item.body
    answers = getattr(item, "first_answers", None)
    if answers:
        return answers[0].answer
    return item.summary or item.title


def evidence_label(user, item: EvidenceItem) -> str:
    """`OAJ-0012 · Survey response · 2 Oct 2023 · “The contractor lost my file…”` for `user`."""
    if privacy.can_see_body(user, item):
        words = f"“{Truncator(' '.join(_text(item).split())).words(FIRST_WORDS)}”"
    else:
        words = f"{item.title} (text hidden: confidential)"
    return f"{item.reference} · {item.get_kind_display()} · {item.received_on:%-d %b %Y} · {words}"


def with_first_answers(queryset):
    """Items with their answers prefetched in question order (one query), for `evidence_label`."""
    answers = SurveyAnswer.objects.order_by("question__order", "question__code")
    return queryset.prefetch_related(Prefetch("answers", queryset=answers, to_attr="first_answers"))


class EvidencePickerView(AutocompleteJsonView):
    def get_queryset(self):
        return with_first_answers(super().get_queryset())

    def serialize_result(self, obj, to_field_name):
        return {"id": str(getattr(obj, to_field_name)), "text": evidence_label(self.request.user, obj)}


class EvidencePickerWidget(AutocompleteSelect):
    """Use for a foreign key to EvidenceItem: `EvidencePickerWidget(db_field, admin_site)`."""

    url_name = "%s:evidence_evidenceitem_picker"


class EvidencePickerMixin:
    """Adds the picker endpoint to the evidence item admin."""

    def get_urls(self):
        view = self.admin_site.admin_view(EvidencePickerView.as_view(admin_site=self.admin_site))
        return [path("picker/", view, name="evidence_evidenceitem_picker"), *super().get_urls()]
