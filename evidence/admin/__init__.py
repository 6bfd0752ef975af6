from evidence.admin import codebook, erasure, items, people, privacy  # noqa: F401  (registers the model admins)
