"""The generated library the search benchmark searches: `documents` live DocumentPages of
`sections` sections each, written straight into the page tree (no signals, no revisions), the
text a filler of common procedure words with one topic woven through each section."""

from __future__ import annotations

import random
import time
import uuid

TOPICS = [
    "cordon", "breathing apparatus", "decontamination", "road traffic collision", "wildfire",
    "water rescue", "stadium evacuation", "lockdown", "rendezvous point", "casualty clearing",
    "hazardous materials", "firearms", "missing person", "football fixture", "flooding",
    "building collapse", "crowd safety", "vehicle workshop", "training assessment", "METHANE",
    "strategic command", "tactical command", "forward command post", "search warrant",
    "home fire safety", "smoke alarm", "control room", "radio procedure", "body worn video",
    "safeguarding", "public order", "chemical release", "explosive device", "marine incident",
]  # fmt: skip
_FILLER_TEXT = (
    "the fire service and the police officer must record each decision in the incident log "
    "and brief the crew on safety before entering the scene with the right equipment and "
    "agree the plan with partner agencies review the risk assessment at regular intervals "
    "report changes to control keep the public informed and hand over at the end of the shift"
)
FILLER = _FILLER_TEXT.split()


def _words(rng: random.Random, n: int, topic: str) -> str:
    out = []
    for _ in range(n):
        out.append(topic if rng.random() < 0.04 else rng.choice(FILLER))
    return " ".join(out)


def generate(documents: int, sections: int, progress) -> float:
    """Insert `documents` live DocumentPages straight into the tree (fast path, no signals)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction
    from django.utils import timezone
    from wagtail.models import Page

    from procedures.demo.builder import body_to_stream
    from procedures.models import DocumentPage, SectionPage

    rng = random.Random(2026)
    started = time.perf_counter()
    parents = list(SectionPage.objects.order_by("path"))
    content_type = ContentType.objects.get_for_model(DocumentPage)
    now = timezone.now()
    made = 0
    batch = 500
    with transaction.atomic():
        for parent in parents:
            parent.refresh_from_db()
        counters = {parent.pk: parent.numchild for parent in parents}
        while made < documents:
            pages, extras = [], []
            for _ in range(min(batch, documents - made)):
                parent = parents[made % len(parents)]
                counters[parent.pk] += 1
                topic = rng.choice(TOPICS)
                n = made + 1
                title = f"{topic.capitalize()} procedure {n}"
                outline = []
                for s in range(1, sections):
                    heading_topic = rng.choice(TOPICS)
                    outline.append(("h", str(s), f"{heading_topic.capitalize()} {s}"))
                    outline.append(("p", _words(rng, 60, heading_topic)))
                slug = f"bench-{n}"
                pages.append(
                    {
                        "title": title,
                        "slug": slug,
                        "parent": parent,
                        "ordinal": counters[parent.pk],
                        "topic": topic,
                        "outline": outline,
                        "n": n,
                    }
                )
                made += 1
            page_rows = []
            for spec in pages:
                parent = spec["parent"]
                path = parent.path + _step(spec["ordinal"])
                page_rows.append(
                    Page(
                        title=spec["title"],
                        slug=spec["slug"],
                        path=path,
                        depth=parent.depth + 1,
                        numchild=0,
                        url_path=f"{parent.url_path}{spec['slug']}/",
                        content_type=content_type,
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        locale_id=parent.locale_id,
                        draft_title=spec["title"],
                        translation_key=uuid.uuid4(),
                    )
                )
            Page.objects.bulk_create(page_rows)
            for spec, row in zip(pages, page_rows, strict=True):
                document = DocumentPage(
                    page_ptr_id=row.pk, reference=f"BEN-{spec['n']:04d}"[:16],
                    document_type="procedure", service=("police", "fire", "joint")[spec["n"] % 3],
                    summary=_words(rng, 30, spec["topic"]), owner_role="Head of Joint Operations",
                    body=body_to_stream(spec["outline"]), version_major=1, version_minor=0,
                    approved_at=now,
                )  # fmt: skip
                document.__dict__.update(
                    {f.attname: getattr(row, f.attname) for f in Page._meta.concrete_fields}
                )
                extras.append(document)
            for document in extras:
                document.save_base(raw=True, force_insert=True)
            progress(f"  generated {made}/{documents} documents")
        for parent in parents:
            Page.objects.filter(pk=parent.pk).update(numchild=counters[parent.pk])
    return time.perf_counter() - started


def _step(ordinal: int) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        ordinal, rest = divmod(ordinal, 36)
        out = alphabet[rest] + out
    return out
