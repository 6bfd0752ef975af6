"""Dual-coding pages, served by the assignment admin (coding.admin): the conflict queue, resolving
one item, the agreement page, and the coder's own "save my codes" and "I have finished" posts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from coding import agreement as agreement_module
from coding import selectors, services
from coding.models import DualCodingAssignment
from evidence import privacy
from evidence.models import Theme

RESOLVE_PERM = "coding.resolve_dualcodingassignment"


def _context(request, model_admin, title: str) -> dict:
    return {
        **model_admin.admin_site.each_context(request),
        "opts": DualCodingAssignment._meta,
        "title": title,
    }


def _require_resolver(request) -> None:
    if not request.user.has_perm(RESOLVE_PERM):
        raise PermissionDenied


def _labelled(user, conflicts):
    """Each disagreement and agreed code with the label its unit is shown under."""

    def label(excerpt):
        return "The item" if excerpt is None else f"Excerpt: {privacy.excerpt_label(user, excerpt)}"

    conflicts.rows = [(label(d.excerpt), d) for d in conflicts.disagreements]
    conflicts.agreed_rows = [(label(excerpt), theme) for excerpt, theme in conflicts.agreed]
    return conflicts


def conflict_queue(request, model_admin):
    _require_resolver(request)
    queue = [_labelled(request.user, c) for c in selectors.conflict_queue()]
    context = _context(request, model_admin, "Dual-coding conflicts") | {"queue": queue}
    return TemplateResponse(request, "admin/coding/conflict_queue.html", context)


def resolve(request, model_admin, object_id):
    _require_resolver(request)
    conflicts = selectors.assignment_conflicts(object_id) if str(object_id).isdigit() else None
    if conflicts is None:
        raise Http404("No such dual-coding assignment.")
    errors = []
    if request.method == "POST":
        choices = {
            d.key: request.POST[d.key] == "apply"
            for d in conflicts.disagreements
            if request.POST.get(d.key) in ("apply", "leave")
        }
        try:
            services.assignment_resolve(assignment=conflicts.assignment, by=request.user, choices=choices)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, f"Dual coding of {conflicts.assignment.item.reference} resolved.")
            return HttpResponseRedirect(reverse("admin:coding_dualcodingassignment_conflicts"))
    context = _context(request, model_admin, f"Resolve dual coding of {conflicts.assignment.item.reference}")
    context |= {"conflicts": _labelled(request.user, conflicts), "errors": errors}
    return TemplateResponse(request, "admin/coding/resolve.html", context)


def agreement(request, model_admin):
    _require_resolver(request)
    report = selectors.agreement_report()
    context = _context(request, model_admin, "Agreement between coders") | {
        "report": report,
        "method": agreement_module.METHOD,
    }
    return TemplateResponse(request, "admin/coding/agreement.html", context)


def _coder_assignment(request, object_id) -> DualCodingAssignment:
    assignment = (
        DualCodingAssignment.objects.select_related("item").filter(pk=object_id).first()
        if str(object_id).isdigit()
        else None
    )
    if assignment is None or not assignment.is_coder(request.user):
        raise Http404("No dual-coding assignment of yours with this id.")
    if not request.user.has_perm(selectors.CODE_PERM_NAME):
        raise PermissionDenied
    return assignment


def _back_to_reader(assignment) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("admin:evidence_evidenceitem_code", args=[assignment.item_id]))


def code(request, model_admin, object_id):
    """Save the coder's own themes for the item and the excerpts listed on the form."""
    assignment = _coder_assignment(request, object_id)
    themes = {theme.pk: theme for theme in Theme.objects.all()}

    def chosen(name):
        return [themes[int(v)] for v in request.POST.getlist(name) if v.isdigit() and int(v) in themes]

    listed = [int(v) for v in request.POST.getlist("excerpts") if v.isdigit()]
    excerpts = assignment.item.excerpts.filter(pk__in=listed)
    try:
        services.codes_save(
            assignment=assignment,
            coder=request.user,
            item_themes=chosen("item_theme"),
            excerpt_themes={excerpt: chosen(f"excerpt-{excerpt.pk}") for excerpt in excerpts},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Your codes for {assignment.item.reference} are saved.")
    return _back_to_reader(assignment)


def finish(request, model_admin, object_id):
    assignment = _coder_assignment(request, object_id)
    try:
        assignment = services.assignment_finish(assignment=assignment, coder=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        waiting = "" if assignment.both_finished else " The other coder has not finished yet."
        messages.success(request, f"You have finished coding {assignment.item.reference}.{waiting}")
    return _back_to_reader(assignment)
