from evidence.admin import batches, codebook, items, people, privacy  # noqa: F401  (registers the model admins)
