from correspondence.admin import (  # noqa: F401  (registers the model admins)
    log,
    outbox,
    submitters,
)
