from evidence.admin import codebook, items, people, records  # noqa: F401  (registers the model admins)
