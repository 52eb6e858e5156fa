"""Fixtures shared by the induction tests."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from procedures.roles import POLICE_STAFF

from .helpers import make_pathway


@pytest.fixture
def group():
    return lambda name: Group.objects.get(name=name)


@pytest.fixture
def newcomer(db):
    return get_user_model().objects.create_user("new.person", first_name="Ned", last_name="New")


@pytest.fixture
def mixed_pathway(library, group):
    """A pathway for police staff that includes an OFFICIAL-SENSITIVE document."""
    return make_pathway(
        "Match day", [(library["JOP-001"], 7), (library["FBI-004"], 7)],
        groups=[group(POLICE_STAFF)],
    )  # fmt: skip
