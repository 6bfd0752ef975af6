"""The reader page (`admin:evidence_evidenceitem_code`): read an item, code passages, move on.

Served by the evidence admin (workbench.admin), so it has the admin's login, permissions and look."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from coding import selectors as coding_selectors
from evidence import privacy
from evidence.models import EvidenceItem
from workbench import duplicates, selectors, services, suggestions
from workbench.forms import CodingForm
from workbench.highlights import Block, build_blocks

SHORTCUTS = [
    ("n", "next unread item"),
    ("p", "previous item"),
    ("e", "code the selected passage (or type a quote)"),
    ("u", "mark this item as unread and move on"),
    ("Esc", "close the coding form"),
]


def reader_url(item_pk: int, params: dict[str, str]) -> str:
    url = reverse("admin:evidence_evidenceitem_code", args=[item_pk])
    return f"{url}?{urlencode(params)}" if params else url


def _segment_html(segment) -> str:
    if not segment.excerpts:
        return format_html('<span data-start="{}">{}</span>', segment.start, segment.text)
    first = segment.excerpts[0]
    themes = [theme for excerpt in segment.excerpts for theme in excerpt.themes.all()]
    return format_html(
        '<mark class="excerpt{}" data-start="{}" data-excerpts="{}" data-colour="{}" title="{}">{}</mark>',
        " excerpt-overlap" if len(segment.excerpts) > 1 else "",
        segment.start,
        " ".join(str(excerpt.pk) for excerpt in segment.excerpts),
        themes[0].colour if themes else "",
        ", ".join(dict.fromkeys(str(theme) for theme in themes)) or f"Excerpt by {first.created_by or '—'}",
        segment.text,
    )


def block_html(block: Block) -> str:
    """The block's text as spans and marks with their offsets, no whitespace added between them
    (the text is shown with white-space: pre-wrap, so every character counts)."""
    return format_html_join("", "{}", ((_segment_html(segment),) for segment in block.segments))


def item_for(request, model_admin, object_id) -> EvidenceItem:
    item = selectors.reader_item(object_id) if str(object_id).isdigit() else None
    if item is None:
        raise Http404(f"No evidence item with id {object_id}.")
    if not model_admin.has_view_permission(request, item):
        raise PermissionDenied
    return item


def reader(request, model_admin, object_id):
    item = item_for(request, model_admin, object_id)
    user = request.user
    params = selectors.queue_params(request.GET)
    readable = privacy.can_see_body(user, item)
    may_code = readable and user.has_perm("evidence.add_excerpt")
    may_tag = user.has_perm("recommendations.add_evidencelink")
    form = CodingForm(request.POST or None, may_tag=may_tag)
    if request.method == "POST":
        if not may_code:
            raise PermissionDenied
        if form.is_valid():
            try:
                excerpt, link = services.excerpt_code(item=item, by=user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                tagged = f" and tagged to {link.recommendation.number}" if link else ""
                messages.success(request, f"Excerpt of {item.reference} saved{tagged}.")
                return HttpResponseRedirect(f"{reader_url(item.pk, params)}#excerpt-{excerpt.pk}")
    else:
        services.item_mark_read(item=item, user=user)
    _log_confidential_views(request, item, readable)
    excerpts = selectors.reader_excerpts(item) if readable else []
    dual_coding = coding_selectors.coder_view(item, user)
    if dual_coding is not None and dual_coding.hides_shared:
        _show_own_codes(item, excerpts, dual_coding)
    answers = selectors.reader_answers(item) if readable else []
    blocks, unplaced = build_blocks(body=item.body if readable else "", answers=answers, excerpts=excerpts)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": EvidenceItem._meta,
        "title": f"Read and code {item.reference}",
        "item": item,
        "readable": readable,
        "blocks": [(block, block_html(block)) for block in blocks],
        "excerpts": excerpts,
        "unplaced": unplaced,
        "submitter": privacy.submitter_label(user, item.submitter),
        "form": form if may_code else None,
        "next_item": selectors.next_unread(user=user, item=item, params=params),
        "previous_item": selectors.previous_item(item=item, params=params),
        "params": params,
        "query": urlencode(params),
        "shortcuts": SHORTCUTS,
        "duplicates": duplicates.duplicates_of(item, user, full=request.GET.get("duplicates") == "full"),
        "suggestion_groups": _suggestion_groups(
            item, user, may_tag=may_tag, hide_themes=dual_coding is not None and dual_coding.hides_shared
        ),
        "dual_coding": dual_coding,
        "dual_excerpts": [(e, dual_coding.own_excerpt_theme_ids(e.pk)) for e in excerpts]
        if dual_coding
        else [],
        "may_decide": model_admin.has_change_permission(request, item),
    }
    return TemplateResponse(request, "admin/workbench/reader.html", context)


def _show_own_codes(item, excerpts, dual_coding) -> None:
    """A coder of an item being dual-coded sees their own codes where the shared themes would be
    (the item's header, the highlights and the excerpt cards): the prefetched themes are replaced."""
    item._prefetched_objects_cache["themes"] = dual_coding.own.item_themes
    for excerpt in excerpts:
        excerpt._prefetched_objects_cache["themes"] = dual_coding.own.for_excerpt(excerpt.pk)


def _suggestion_groups(item, user, *, may_tag: bool, hide_themes: bool = False) -> list[tuple]:
    """(heading, suggestions, may this user accept them, the value prefix of the accept button).
    Theme suggestions leave out the item's own themes, so a coder who must not see them gets none."""
    themes, recommendations = suggestions.suggestions_for(item, user)
    if hide_themes:
        themes = []
    return [
        ("Themes", themes, user.has_perm("evidence.change_evidenceitem"), "theme"),
        ("Recommendations (tag as supporting)", recommendations, may_tag, "recommendation"),
    ]


def _log_confidential_views(request, item, readable: bool) -> None:
    """As on the item's page: a protected submitter's name or confidential text shown is logged."""
    if not privacy.can_see_identity(request.user):
        return
    shown = []
    if privacy.is_confidential_submitter(item.submitter):
        shown.append(("evidence.submitter", item.submitter_id))
    if readable and item.confidentiality == EvidenceItem.Confidentiality.CONFIDENTIAL:
        shown.append(("evidence.evidenceitem", item.pk))
    for what, pk in shown:
        privacy.access_log_record(
            user=request.user, action="view", what=what, object_ids=[pk], request=request
        )


def mark_unread(request, model_admin, object_id):
    """Put the item back in the user's queue and go on to the next unread one (or the list)."""
    item = item_for(request, model_admin, object_id)
    params = selectors.queue_params(request.POST)
    services.item_mark_unread(item=item, user=request.user)
    messages.info(request, f"{item.reference} is unread again.")
    following = selectors.next_unread(user=request.user, item=item, params=params)
    if following is None:
        return HttpResponseRedirect(reverse("admin:evidence_evidenceitem_changelist"))
    return HttpResponseRedirect(reader_url(following.pk, params))


def reader_link(item, params: dict[str, str] | None = None) -> str:
    """A link to the reader; from the list, with the list's queue filters so "Next unread" stays in them."""
    url = reader_url(item.pk, params or {})
    return format_html('<a href="{}" class="reader-link">Read &amp; code</a>', url)
