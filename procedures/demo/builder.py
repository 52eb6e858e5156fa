"""Builds the demo library from the plain data in `procedures.demo.content`.

Documents are written in a tiny outline form (see `body_to_stream`) so the content reads
like a procedure, not like StreamField JSON. Everything is keyed (site by root, sections by
slug, documents by reference, users by username), so running it again changes nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from procedures.models import (
    ChangeKind,
    DocumentPage,
    DocumentVersion,
    GuidanceLink,
    LibraryHomePage,
    ProtectiveMarking,
    SectionPage,
    add_months,
)
from procedures.roles import ensure_roles

from . import content

Outline = list[tuple]


def heading_level(number: str) -> str:
    """`3` is a section (h2), `3.1` a sub-section (h3), `3.1.2` a paragraph (h4)."""
    return str(min(2 + number.count("."), 4))


def body_to_stream(outline: Outline) -> list[dict[str, Any]]:
    """Turn the demo outline into StreamField data.

    ("h", "3.1", "Cordons") | ("p", "html") | ("ul", [items]) | ("steps", [items], start=1)
    | ("check", "title", [items]) | ("table", "caption", [[header], [row], ...])
    | ("callout", "safety"|"warning"|"note", "title", "html")
    """
    stream: list[dict[str, Any]] = []
    for item in outline:
        kind, *args = item
        if kind == "h":
            number, text = args
            value = {"text": text, "number": number, "level": heading_level(number), "anchor": ""}
            stream.append({"type": "heading", "value": value})
        elif kind == "p":
            stream.append({"type": "text", "value": f"<p>{args[0]}</p>"})
        elif kind == "ul":
            items = "".join(f"<li>{entry}</li>" for entry in args[0])
            stream.append({"type": "text", "value": f"<ul>{items}</ul>"})
        elif kind == "steps":
            steps, start = args[0], (args[1] if len(args) > 1 else 1)
            value = {"start": start, "steps": [f"<p>{step}</p>" for step in steps]}
            stream.append({"type": "steps", "value": value})
        elif kind == "check":
            title, items = args
            stream.append({"type": "checklist", "value": {"title": title, "items": items}})
        elif kind == "table":
            caption, rows = args
            value = {
                "table": {
                    "data": rows,
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": caption,
                }
            }
            stream.append({"type": "table", "value": value})
        elif kind == "callout":
            style, title, text = args
            value = {"kind": style, "title": title, "body": f"<p>{text}</p>"}
            stream.append({"type": "callout", "value": value})
        else:
            raise ValueError(f"Unknown demo outline item {kind!r}")
    for block in stream:
        block["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, repr(block)))
    return stream


def ensure_home() -> LibraryHomePage:
    """The library home becomes the default site's root page."""
    home = LibraryHomePage.objects.first()
    if home is None:
        # A flushed database (e.g. after a live-server test) has no tree root or locale.
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant("en"))
        root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
        home = root.add_child(
            instance=LibraryHomePage(
                title=content.HOME_TITLE, slug="library", intro=content.HOME_INTRO
            )
        )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="Joint Procedures Library")  # fmt: skip
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.site_name = "Joint Procedures Library"
        site.save()
        # Wagtail's welcome page is of no use once the library is the site root.
        if old_root.specific_class is Page and old_root.depth == 2 and not old_root.get_children():
            old_root.delete()
    return home


def ensure_users(groups: dict[str, Group]) -> dict[str, Any]:
    user_model = get_user_model()
    users = {}
    for account in content.USERS:
        user, created = user_model.objects.get_or_create(
            username=account["username"],
            defaults={
                "first_name": account["first_name"],
                "last_name": account["last_name"],
                "email": f"{account['username']}@example.org",
                "is_superuser": account.get("superuser", False),
                "is_staff": account.get("superuser", False),
            },
        )
        if created:
            user.set_password(content.DEMO_PASSWORD)
            user.save()
        user.groups.add(*[groups[name] for name in account["groups"]])
        users[user.username] = user
    return users


def ensure_sections(home: LibraryHomePage) -> dict[str, SectionPage]:
    sections = {}
    for slug, title, intro in content.SECTIONS:
        section = SectionPage.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = home.add_child(instance=SectionPage(title=title, slug=slug, intro=intro))
            section.save_revision().publish()
        sections[slug] = section
    return sections


EARLIER_SUMMARIES = [
    "First issue.",
    "Brought into line with current national guidance; roles and contacts updated.",
    "Restructured after the annual review; responsibilities clarified.",
]


def earlier_versions(major: int, minor: int) -> list[tuple[int, int]]:
    """Plausible earlier numbers for a demo document at `major.minor`, oldest first (at most
    three): 3.1 -> 1.0, 2.0, 3.0; 1.2 -> 1.0, 1.1."""
    labels = [(m, 0) for m in range(1, major + 1)] + [(major, n) for n in range(1, minor + 1)]
    return labels[:-1][-3:]


def demo_approvers(spec: dict, users: dict) -> list:
    names = {"police": ["police.approver"], "fire": ["fire.approver"]}.get(
        spec["service"], ["police.approver", "fire.approver"]
    )
    return [user for user in (users.get(name) for name in [spec.get("owner", "owner"), *names])
            if user is not None]  # fmt: skip


def previous_outline(outline: Outline) -> Outline:
    """The demo's idea of the previous version: the same text without its last section, so
    "what changed" has something to show."""
    headings = [i for i, item in enumerate(outline) if item[0] == "h"]
    return outline[: headings[-1]] if len(headings) > 1 else outline


def build_document(spec: dict, section: SectionPage, users: dict, groups: dict) -> DocumentPage:
    """Create and publish one demo document with a version history consistent with its
    version: earlier versions as history rows (the previous one with its own text, so it can
    be opened and compared), published directly rather than through the approval workflow."""
    today = timezone.localdate()
    approved_on = today - datetime.timedelta(days=spec.get("approved_days_ago", 120))
    major, minor = (int(part) for part in spec.get("version", "1.0").split("."))
    earlier = earlier_versions(major, minor)
    owner = users.get(spec.get("owner", "owner"))
    approvers = demo_approvers(spec, users)
    page = DocumentPage(
        title=spec["title"],
        reference=spec["ref"],
        document_type=spec["type"],
        service=spec["service"],
        summary=spec["summary"],
        owner_role=spec["owner_role"],
        policy_owner=owner,
        author_name=spec.get("author", ""),
        protective_marking=(
            ProtectiveMarking.OFFICIAL_SENSITIVE
            if spec.get("sensitive")
            else ProtectiveMarking.OFFICIAL
        ),
        effective_date=approved_on,
        equality_impact_assessed=spec.get("eia", True),
        equality_impact_assessment_date=approved_on if spec.get("eia", True) else None,
        foi_publishable=not spec.get("sensitive") and spec.get("foi", True),
        body=body_to_stream(previous_outline(spec["body"]) if earlier else spec["body"]),
        version_major=earlier[-1][0] if earlier else major,
        version_minor=earlier[-1][1] if earlier else minor,
        approved_at=_at(approved_on - datetime.timedelta(days=365) if earlier else approved_on),
    )
    review = spec.get("review")
    if review == "overdue":
        page.next_review_date = today - datetime.timedelta(days=spec.get("overdue_days", 45))
    elif review == "due-soon":
        page.next_review_date = today + datetime.timedelta(days=spec.get("due_in_days", 20))
    else:
        page.next_review_date = add_months(approved_on, page.review_months)
    section.add_child(instance=page)
    if spec.get("sensitive"):
        page.access_groups.set([groups[name] for name in spec["access"]])
    for kind, title in spec.get("guidance", []):
        GuidanceLink(page=page, kind=kind, title=title).save()
    revisions = {}
    if earlier:
        revisions[earlier[-1]] = page.save_revision(user=owner)
        revisions[earlier[-1]].publish()
        page.body = body_to_stream(spec["body"])
        page.version_major, page.version_minor = major, minor
        page.approved_at = _at(approved_on)
        # Publication keeps the stored number (it is never part of a revision's content).
        DocumentPage.objects.filter(pk=page.pk).update(
            version_major=major, version_minor=minor, approved_at=page.approved_at
        )
    revisions[(major, minor)] = page.save_revision(user=owner)
    revisions[(major, minor)].publish()
    history = [*earlier, (major, minor)]
    for age, (v_major, v_minor) in enumerate(reversed(history)):
        if (v_major, v_minor) == (major, minor):
            summary = spec.get("change_summary") or (
                "Added the final section after the last review." if earlier else "First issue."
            )
        else:
            summary = EARLIER_SUMMARIES[min(v_major - 1 + v_minor, len(EARLIER_SUMMARIES) - 1)]
        version = DocumentVersion.objects.create(
            page=page,
            major=v_major,
            minor=v_minor,
            change_kind=ChangeKind.MINOR if v_minor else ChangeKind.MAJOR,
            change_summary=summary,
            published_at=_at(approved_on - datetime.timedelta(days=365 * age)),
            revision=revisions.get((v_major, v_minor)),
            author_name=spec.get("author", ""),
            approver_names=", ".join(user.get_full_name() for user in approvers),
        )
        version.approvers.set(approvers)
    return page


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def link_related(specs: Iterable[dict]) -> None:
    by_ref = {page.reference: page for page in DocumentPage.objects.all()}
    for spec in specs:
        page = by_ref[spec["ref"]]
        wanted = [by_ref[ref] for ref in spec.get("related", []) if ref in by_ref]
        if wanted and set(page.related_documents.all()) != set(wanted):
            page.related_documents.set(wanted)
            page.save()


def build_demo_library(progress: Callable[[str], None] = lambda message: None) -> dict:
    """Create whatever part of the demo library is missing. Returns counts of what it made."""
    with transaction.atomic():
        home = ensure_home()
        groups = ensure_roles(home)
        users = ensure_users(groups)
        sections = ensure_sections(home)
        existing = set(DocumentPage.objects.values_list("reference", flat=True))
        created = 0
        for spec in content.DOCUMENTS:
            if spec["ref"] in existing:
                continue
            build_document(spec, sections[spec["section"]], users, groups)
            created += 1
            progress(f"{spec['ref']} {spec['title']}")
        link_related(content.DOCUMENTS)
    return {"documents_created": created, "documents_total": DocumentPage.objects.count()}
