from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.template.defaultfilters import filesizeformat
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


@deconstructible
class AttachmentTypeValidator(FileExtensionValidator):
    """File extension check whose allowed list comes from settings at call time."""

    def __init__(self):
        super().__init__(allowed_extensions=None)

    def __call__(self, value):
        self.allowed_extensions = settings.EVIDENCE_ATTACHMENT_EXTENSIONS
        super().__call__(value)

    def __eq__(self, other):
        return isinstance(other, AttachmentTypeValidator)


def validate_not_future(value):
    from django.utils import timezone

    if value > timezone.localdate():
        raise ValidationError("The received date cannot be in the future.", code="future_date")
