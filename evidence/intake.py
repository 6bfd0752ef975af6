"""Things other apps offer to do when evidence comes in (logged in the admin, or imported).

evidence may not import the apps built on it, so an app registers an `IntakeOption` from its
AppConfig.ready() (correspondence: "email the submitter an acknowledgement"). The item's add page and
the import's confirm step show each option as a checkbox; after the items are written, the ticked
options are applied to them and what they report is shown to the user."""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class IntakeOption:
    name: str  # the form field's name
    label: str
    help_text: str
    # Ticked by default on the add page of one item / on an import's confirm step.
    initial_on_log: bool
    initial_on_import: bool
    # Called with items=[...] (saved) and by=user inside the logging transaction; returns a message
    # for the user (empty: nothing to say, e.g. no item had a submitter).
    apply: Callable[..., str]
    # Who may tick it (given the user); others do not see the checkbox.
    allowed: Callable[..., bool] = lambda user: True


_options: dict[str, IntakeOption] = {}


def intake_option_register(option: IntakeOption) -> None:
    if option.name in _options:
        raise ValueError(f"Intake option {option.name!r} is registered twice.")
    _options[option.name] = option


def intake_options(user=None) -> list[IntakeOption]:
    """Registered options `user` may use, in registration order."""
    return [option for option in _options.values() if user is None or option.allowed(user)]
