"""How a person is named on every page, form, filter, export and report: by full name, with the
username in brackets only where two accounts share that name ("Sasha Patel (spatel)"); the username
alone for an account with no name.

`PeopleConfig.ready` makes this the user model's `str()`, so admin columns, choice labels, list
filters, autocompletes, history "by" columns and exports that print a user all say the same thing.
The set of shared names is kept per process and recomputed (one query) whenever an account's name
changes, so pages pay no query for it."""

from django.contrib.auth import get_user_model

_shared_names: set[str] | None = None


def _key(full_name: str) -> str:
    return " ".join(full_name.split()).casefold()


def shared_full_names(*, refresh: bool = False) -> set[str]:
    """Full names (case-folded) held by more than one account."""
    global _shared_names
    if _shared_names is None or refresh:
        named = get_user_model().objects.exclude(first_name="", last_name="")
        rows = named.values_list("first_name", "last_name")
        counts: dict[str, int] = {}
        for first, last in rows:
            key = _key(f"{first} {last}")
            if key:
                counts[key] = counts.get(key, 0) + 1
        _shared_names = {name for name, count in counts.items() if count > 1}
    return _shared_names


def person_label(user) -> str:
    """ "Sasha Patel"; "Sasha Patel (spatel)" where another account is also Sasha Patel; the username
    for an account without a name; "—" for nobody."""
    if user is None:
        return "—"
    full_name = " ".join(user.get_full_name().split())
    if not full_name:
        return user.get_username()
    if _key(full_name) in shared_full_names():
        return f"{full_name} ({user.get_username()})"
    return full_name


def names_changed(sender, instance, update_fields=None, **kwargs) -> None:
    """post_save/post_delete receiver: recompute the shared names when a name may have changed."""
    if update_fields is not None and not {"first_name", "last_name"} & set(update_fields):
        return  # e.g. last_login on every sign-in
    shared_full_names(refresh=True)
