"""The demo library's content: plain data in `data/library.toml` (home page, accounts,
sections) and `data/documents.toml` (documents, in the order they are built), read when the
demo builder is imported, so editing a demo paragraph is a change to data, not code.

`documents.toml` explains the outline form of a document's body (`builder.body_to_stream`).
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

DATA = Path(__file__).with_name("data")


def read(name: str) -> dict[str, Any]:
    with (DATA / name).open("rb") as file:
        return tomllib.load(file)


_library = read("library.toml")

HOME_TITLE: str = _library["home"]["title"]
HOME_INTRO: str = _library["home"]["intro"]
DEMO_PASSWORD: str = _library["password"]
# {username, first_name, last_name, groups, role[, superuser]}
USERS: list[dict[str, Any]] = _library["accounts"]
# {slug, title, intro}
SECTIONS: list[dict[str, str]] = _library["sections"]
DOCUMENTS: list[dict[str, Any]] = read("documents.toml")["documents"]
