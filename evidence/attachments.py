"""Evidence attachments are served only here, to users allowed to read the item (MEDIA_URL points
at this view; nothing serves MEDIA_ROOT directly)."""

import mimetypes
from pathlib import PurePosixPath

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404

from evidence import privacy
from evidence.models import EvidenceItem

NOT_FOUND = "No such file."


@login_required
def attachment_download(request, name: str):
    item = EvidenceItem.objects.filter(attachment=name).first()
    # Missing, not allowed and confidential look the same, so file names cannot be probed.
    if (
        item is None
        or not request.user.has_perm("evidence.view_evidenceitem")
        or not privacy.can_see_body(request.user, item)
    ):
        raise Http404(NOT_FOUND)
    try:
        handle = item.attachment.open("rb")
    except FileNotFoundError as missing:
        raise Http404(NOT_FOUND) from missing
    if item.confidentiality == EvidenceItem.Confidentiality.CONFIDENTIAL:
        privacy.access_log_record(
            user=request.user,
            action="download",
            what="evidence.evidenceitem",
            object_ids=[item.pk],
            request=request,
        )
    filename = PurePosixPath(name).name
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=filename,
        content_type=mimetypes.guess_type(filename)[0] or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response
