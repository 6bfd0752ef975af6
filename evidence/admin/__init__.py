from evidence.admin import codebook, erasure, items, people, privacy, screening  # noqa: F401  (registers the model admins)
