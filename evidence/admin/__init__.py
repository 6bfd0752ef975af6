from evidence.admin import batches, codebook, items, people, records  # noqa: F401  (registers the model admins)
