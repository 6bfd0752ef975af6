from evidence.admin import (  # noqa: F401  (registers the model admins)
    batches,
    codebook,
    erasure,
    excerpts,
    items,
    people,
    records,
    screening,
)
