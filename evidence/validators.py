from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible


@deconstructible
class MaxFileSizeValidator:
    """Refuses files larger than settings.EVIDENCE_ATTACHMENT_MAX_BYTES (read at call time)."""

    def __call__(self, file):
        limit = settings.EVIDENCE_ATTACHMENT_MAX_BYTES
        if file.size > limit:
            raise ValidationError(
                f"The file is {filesizeformat(file.size)}; the limit is {filesizeformat(limit)}. "
                "Compress it or split it into parts.",
                code="file_too_large",
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSizeValidator)


# What the first bytes of each allowed type look like; a renamed executable fails this check.
SIGNATURES = {
    "pdf": [b"%PDF"],
    "png": [b"\x89PNG\r\n\x1a\n"],
    "jpg": [b"\xff\xd8\xff"],
    "jpeg": [b"\xff\xd8\xff"],
    "docx": [b"PK\x03\x04"],
    "odt": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"],
    "rtf": [b"{\\rtf"],
}


@deconstructible
class AttachmentTypeValidator(FileExtensionValidator):
    """File extension check whose allowed list comes from settings at call time, plus a check that
    a new upload's content starts the way files of that type do."""

    def __init__(self):
        super().__init__(allowed_extensions=None)

    def __call__(self, value):
        self.allowed_extensions = settings.EVIDENCE_ATTACHMENT_EXTENSIONS
        super().__call__(value)
        if getattr(value, "_committed", True):
            return  # already stored and checked when it was uploaded
        extension = value.name.rsplit(".", 1)[-1].lower()
        value.file.seek(0)
        head = value.file.read(8192)
        value.file.seek(0)
        expected = SIGNATURES.get(extension)
        looks_right = any(head.startswith(sig) for sig in expected) if expected else b"\x00" not in head
        if not looks_right:
            raise ValidationError(
                f"The file's content is not a .{extension} file. Save it in that format and upload it again.",
                code="content_mismatch",
            )

    def __eq__(self, other):
        return isinstance(other, AttachmentTypeValidator)


def validate_not_future(value):
    if value > timezone.localdate():
        raise ValidationError("The received date cannot be in the future.", code="future_date")
