"""Builds the demo library from the plain data `procedures.demo.content` reads (TOML files in
`procedures/demo/data/`).

Documents are written in a tiny outline form (see `body_to_stream`) so the content reads
like a procedure, not like StreamField JSON. Everything is keyed (site by root, sections by
slug, documents by reference, users by username), so running it again changes nothing.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from modelsearch import index as search_index
from modelsearch.signal_handlers import post_save_signal_handler as search_post_save
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from importers.demo import import_legacy_demo
from procedures.induction.demo import build_induction_demo
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
from procedures.people import display_name
from procedures.publication import publication_outside_workflow
from procedures.roles import ensure_roles
from search.demo import load_demo_glossary

from . import content

# One item per block: [kind, arguments...] (see `body_to_stream`).
Outline = list[list[Any]]


def heading_level(number: str) -> str:
    """`3` is a section (h2), `3.1` a sub-section (h3), `3.1.2` a paragraph (h4)."""
    return str(min(2 + number.count("."), 4))


def body_to_stream(outline: Outline) -> list[dict[str, Any]]:
    """Turn the demo outline into StreamField data.

    ["h", "3.1", "Cordons"] | ["p", "html"] | ["ul", [items]] | ["steps", [items], start=1]
    | ["check", "title", [items]] | ["table", "caption", [[header], [row], ...]]
    | ["callout", "safety"|"warning"|"note", "title", "html"]
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
    for spec in content.SECTIONS:
        slug = spec["slug"]
        section = SectionPage.objects.child_of(home).filter(slug=slug).first()
        if section is None:
            section = home.add_child(
                instance=SectionPage(title=spec["title"], slug=slug, intro=spec["intro"])
            )
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


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def _approved_on(spec: dict) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=spec.get("approved_days_ago", 120))


def _version(spec: dict) -> tuple[int, int]:
    major, minor = (int(part) for part in spec.get("version", "1.0").split("."))
    return major, minor


def new_document(spec: dict, section: SectionPage, users: dict, groups: dict) -> DocumentPage:
    """Add the page for `spec` under `section`, with its access groups and guidance links.

    It is published (with its related documents) by `publish_documents`, once every page
    it may link to exists, so its first revision is complete."""
    today = timezone.localdate()
    approved_on = today - datetime.timedelta(days=spec.get("approved_days_ago", 120))
    major, minor = (int(part) for part in spec.get("version", "1.0").split("."))
    page = DocumentPage(
        title=spec["title"],
        reference=spec["ref"],
        document_type=spec["type"],
        service=spec["service"],
        summary=spec["summary"],
        owner_role=spec["owner_role"],
        policy_owner=users.get(spec.get("owner", "owner")),
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
        body=body_to_stream(spec["body"]),
        version_major=major,
        version_minor=minor,
        approved_at=_at(approved_on),
    )
    earlier = earlier_versions(major, minor)
    if earlier:
        # The page starts as the previous version; `publish_documents` publishes that, then
        # the current one, so both texts are held and can be compared.
        page.body = body_to_stream(previous_outline(spec["body"]))
        page.version_major, page.version_minor = earlier[-1]
        page.approved_at = _at(approved_on - datetime.timedelta(days=365))
    review = spec.get("review")
    if review == "overdue":
        page.next_review_date = today - datetime.timedelta(days=spec.get("overdue_days", 45))
    elif review == "due-soon":
        page.next_review_date = today + datetime.timedelta(days=spec.get("due_in_days", 20))
    else:
        page.next_review_date = add_months(approved_on, page.review_months)
    # A sensitive page must never exist, even inside this transaction, without its groups:
    # set them before the first save.
    if spec.get("sensitive"):
        page.access_groups = [groups[name] for name in spec["access"]]
    page.guidance_links = [
        GuidanceLink(kind=kind, title=title) for kind, title in spec.get("guidance", [])
    ]
    section.add_child(instance=page)
    return page


def publish_documents(created: list[tuple[dict, DocumentPage]], users: dict) -> None:
    """Give each new page its related documents and publish it, with a version history
    consistent with its version: earlier versions as history rows (the previous one with its
    own text, so it can be opened and compared), published directly rather than through the
    approval workflow."""
    by_ref = {page.reference: page for page in DocumentPage.objects.only("id", "reference")}
    for spec, page in created:
        owner = users.get(spec.get("owner", "owner"))
        page.related_documents = [by_ref[ref] for ref in spec.get("related", []) if ref in by_ref]
        major, minor = _version(spec)
        approved_on = _approved_on(spec)
        earlier = earlier_versions(major, minor)
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
        record_demo_history(spec, page, revisions, users)


def record_demo_history(spec: dict, page: DocumentPage, revisions: dict, users: dict) -> None:
    major, minor = _version(spec)
    approved_on = _approved_on(spec)
    earlier = earlier_versions(major, minor)
    approvers = demo_approvers(spec, users)
    for age, (v_major, v_minor) in enumerate(reversed([*earlier, (major, minor)])):
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
            approver_names=", ".join(display_name(user) for user in approvers),
        )
        version.approvers.set(approvers)


def link_related(specs: Iterable[dict]) -> None:
    """Catch up related links to documents added after a page was first built."""
    by_ref = {page.reference: page for page in DocumentPage.objects.all()}
    links = DocumentPage.related_documents.through.objects.values_list(
        "from_documentpage_id", "to_documentpage_id"
    )
    existing: dict[int, set[int]] = {}
    for from_id, to_id in links:
        existing.setdefault(from_id, set()).add(to_id)
    for spec in specs:
        page = by_ref[spec["ref"]]
        wanted = [by_ref[ref] for ref in spec.get("related", []) if ref in by_ref]
        if wanted and existing.get(page.pk, set()) != {document.pk for document in wanted}:
            page.related_documents = wanted
            page.save()


@contextmanager
def indexing_deferred() -> Iterator[list[DocumentPage]]:
    """Index each new document once, at the end, instead of on each of its saves.

    Building a page saves it three times (add, revision, publish) and every save updates the
    search index and Wagtail's reference index; deferring that saves a quarter of the build. Callers
    append the pages they create to the yielded list. Signals are process-wide, so only use
    this where nothing else saves documents at the same time (the demo loader)."""
    pages: list[DocumentPage] = []
    reconnect = post_save.disconnect(search_post_save, sender=DocumentPage)
    try:
        with disable_reference_index_auto_update():
            yield pages
    finally:
        if reconnect:
            post_save.connect(search_post_save, sender=DocumentPage)
    for page in pages:
        page.refresh_from_db()
        search_index.insert_or_update_object(page)
        ReferenceIndex.create_or_update_for_object(page)


def missing_parts() -> dict[str, list[str]]:
    """What `build_demo_library` would create now: document references and usernames."""
    have_refs = set(DocumentPage.objects.values_list("reference", flat=True))
    have_users = set(get_user_model().objects.values_list("username", flat=True))
    return {
        "documents": [spec["ref"] for spec in content.DOCUMENTS if spec["ref"] not in have_refs],
        "accounts": [a["username"] for a in content.USERS if a["username"] not in have_users],
    }


def build_demo_library(progress: Callable[[str], None] = lambda message: None) -> dict:
    """Create whatever part of the demo library is missing. Returns counts of what it made.

    The demo's documents arrive with a ready-made, already approved history, so they are
    published directly: the one publication outside the approval workflow."""
    with transaction.atomic(), publication_outside_workflow("demo library, history included"):
        home = ensure_home()
        groups = ensure_roles(home)
        users = ensure_users(groups)
        sections = ensure_sections(home)
        existing = set(DocumentPage.objects.values_list("reference", flat=True))
        with indexing_deferred() as indexed:
            created = []
            for spec in content.DOCUMENTS:
                if spec["ref"] in existing:
                    continue
                page = new_document(spec, sections[spec["section"]], users, groups)
                created.append((spec, page))
                indexed.append(page)
                progress(f"{spec['ref']} {spec['title']}")
            publish_documents(created, users)
        link_related(content.DOCUMENTS)
        legacy_created = import_legacy_demo(sections, users.get("coordinator"), progress)
        load_demo_glossary()
        build_induction_demo()
    return {
        "documents_created": len(created) + legacy_created,
        "documents_total": DocumentPage.objects.count(),
    }
