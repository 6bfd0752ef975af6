from evidence.admin import codebook, items, people  # noqa: F401  (registers the model admins)
