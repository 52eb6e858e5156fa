"""How the library names a person, wherever it shows or records one: history, audit trail,
e-mails, exports."""

from __future__ import annotations


def display_name(user) -> str:
    """Their full name, or their username if they have none; "" for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()
