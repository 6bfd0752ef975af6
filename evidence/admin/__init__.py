from evidence.admin import codebook, items, people, privacy  # noqa: F401  (registers the model admins)
