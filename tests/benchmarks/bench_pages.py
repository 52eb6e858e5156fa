"""Benchmark: server time and database queries to render the staff site's pages.

Run it with `python -m tests.benchmarks pages` (or `make bench`). It builds a throwaway library
in a fresh database and renders, through Django's test client (the whole server side: URL
routing, middleware, session, access rules, templates), as a signed-in member of staff:

- a document page with 10 and with 50 numbered sections (plus related documents, guidance
  links and a policy owner, the parts of the page that query the database);
- a section page listing 20 and 200 documents;
- the browse page (first page of 50) over 20 and 200 documents, and the home page;
- the baseline, measured in the same run: the login page, rendered for an anonymous visitor.

For each it reports the median and 90th percentile time, the ratio of the median to the
baseline's, and the number of database queries. Times are never asserted (machines differ);
the number of queries must not grow with the number of documents or sections, and the run
exits with status 1 if it does.

The database is an SQLite file in a temporary folder. When DATABASE_URL points at PostgreSQL
(and it answers), the same measurements are repeated in a throwaway database created next to
it (`<name>_bench_pages`, dropped afterwards); the database DATABASE_URL names is never touched.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SMALL, LARGE = 20, 200  # documents in a section
FEW, MANY = 10, 50  # sections in a document
REPEAT = 15


def document_body(sections: int) -> list[tuple]:
    """An outline (see `procedures.demo.builder.body_to_stream`) with `sections` headings,
    a third of them sub-sections, each with text, and steps, tables or callouts in between."""
    outline: list[tuple] = []
    major = 0
    for n in range(sections):
        if n % 3 == 2:
            number = f"{major}.{n % 3}"
        else:
            major += 1
            number = str(major)
        outline.append(("h", number, f"Section heading number {n + 1}"))
        outline.append(
            ("p", "Commanders of both services agree the plan before crews are committed. " * 3)
        )
        if n % 4 == 0:
            outline.append(("steps", ["Tell control.", "Set the RVP.", "Co-locate at the FCP."]))
        elif n % 4 == 1:
            outline.append(
                ("table", "Roles", [["Role", "Service"], ["IC", "Fire"], ["TC", "Police"]])
            )
        elif n % 4 == 2:
            outline.append(("callout", "safety", "PPE", "Wear the right PPE in the inner cordon."))
        else:
            outline.append(("check", "Checks", ["Briefed", "Logged in", "PPE on"]))
    return outline


def build(counts: dict) -> dict:
    """Create the benchmark library; return the URLs to render."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from procedures.demo.builder import body_to_stream, ensure_home, indexing_deferred
    from procedures.models import (
        DocumentPage,
        DocumentType,
        GuidanceLink,
        ProtectiveMarking,
        SectionPage,
        Service,
    )
    from procedures.roles import JOINT_OPERATIONS_PLANNING, POLICE_STAFF, ensure_roles

    home = ensure_home()
    groups = ensure_roles(home)
    users = get_user_model().objects
    owner = users.get_or_create(username="bench.owner", first_name="Olu", last_name="Owens")[0]
    reader = users.get_or_create(username="bench.reader")[0]
    reader.groups.add(groups[POLICE_STAFF], groups[JOINT_OPERATIONS_PLANNING])
    secret_group = Group.objects.get_or_create(name="Bench: nobody")[0]
    services, types = list(Service.values), list(DocumentType.values)
    urls: dict[str, str] = {}
    made = DocumentPage.objects.count()

    def add_document(section, n: int, sections: int = 2, related=()) -> DocumentPage:
        nonlocal made
        made += 1
        # Every seventh document is OFFICIAL-SENSITIVE: some the reader is cleared for,
        # some not, so the access rules do real work in every listing.
        sensitive = n % 7 == 3
        page = DocumentPage(
            title=f"Benchmark document {made}",
            slug=f"bench-{made}",
            reference=f"BEN-{made:04d}",
            service=services[n % len(services)],
            document_type=types[n % len(types)],
            summary="A document made for the page-rendering benchmark. " * 4,
            owner_role="Head of Joint Operations",
            policy_owner=owner,
            protective_marking=(
                ProtectiveMarking.OFFICIAL_SENSITIVE if sensitive else ProtectiveMarking.OFFICIAL
            ),
            body=body_to_stream(document_body(sections)),
            version_major=1,
            version_minor=n % 4,
        )
        if sensitive:
            page.access_groups = [groups[JOINT_OPERATIONS_PLANNING] if n % 2 else secret_group]
        page.related_documents = list(related)
        page.guidance_links = [GuidanceLink(kind="jesip", title=f"Guidance {i}") for i in range(3)]
        section.add_child(instance=page)
        return page

    with indexing_deferred():  # the benchmark does not search: skip indexing altogether
        for label, size in counts.items():
            section = home.add_child(instance=SectionPage(title=f"Bench {label}", slug=label))
            documents = [add_document(section, n) for n in range(size)]
            related = documents[:8]
            sections = FEW if label == "small" else MANY
            document = add_document(section, 0, sections=sections, related=related)
            urls[f"section ({size} documents)"] = section.url
            urls[f"document ({sections} sections)"] = document.url
    urls["browse (all documents)"] = "/browse/"
    urls["home"] = "/"
    return urls


class QueryCounter:
    """Counts the queries run on a connection (`connection.execute_wrapper(counter)`).

    Unlike CaptureQueriesContext it does not read `connection.queries_log`, which Django
    empties at the start of every request."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def measure(database_url: str) -> int:
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "jpl_site.settings.test"
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from tests.benchmarks.common import median_ms, percentile, print_table, timed

    setup_test_environment()
    print(f"Database: {connection.vendor}. Migrating a fresh database...", flush=True)
    call_command("migrate", verbosity=0)

    rows, queries = [], {}
    # The small library first, measured, then grown to the large one and measured again, so
    # the site-wide pages (browse, home) are measured at both sizes too.
    plan = [("small", SMALL), ("large", LARGE)]
    anonymous = Client()
    baseline = median_ms(timed(lambda: anonymous.get("/accounts/login/"), repeat=REPEAT))
    rows.append(["login page (baseline)", "-", f"{baseline:.1f}", "-", "1.0", "-"])
    for label, size in plan:
        print(f"Building the {label} library ({size} documents)...", flush=True)
        urls = build({label: size})
        client = Client()
        client.force_login(get_user_model().objects.get(username="bench.reader"))
        for name, url in urls.items():
            if name.startswith(("browse", "home")):
                name = f"{name.split(' ')[0]} ({label} library)"
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                response = client.get(url)
            if response.status_code != 200:
                print(f"{url} answered {response.status_code}; cannot measure it.")
                return 1
            samples = timed(lambda url=url: client.get(url), repeat=REPEAT)
            median = median_ms(samples)
            queries[name] = counter.count
            rows.append(
                [
                    name,
                    url,
                    f"{median:.1f}",
                    f"{percentile(samples, 0.9) * 1000:.1f}",
                    f"{median / baseline:.1f}",
                    queries[name],
                ]
            )
    rows.append(["login page (baseline, again)", "-",
                 f"{median_ms(timed(lambda: anonymous.get('/accounts/login/'))):.1f}",
                 "-", "-", "-"])  # fmt: skip
    headers = ["page", "url", "median ms", "p90 ms", "x baseline", "queries"]
    print_table(f"Page rendering on {connection.vendor} ({REPEAT} runs each)", headers, rows)

    pairs = [
        (f"document ({FEW} sections)", f"document ({MANY} sections)"),
        (f"section ({SMALL} documents)", f"section ({LARGE} documents)"),
        ("browse (small library)", "browse (large library)"),
        ("home (small library)", "home (large library)"),
    ]
    grown = [(a, b) for a, b in pairs if queries[b] > queries[a]]
    print("\nQueries, small -> large: " + "; ".join(f"{b}: {queries[a]} -> {queries[b]}"
                                                     for a, b in pairs))  # fmt: skip
    if grown:
        print("FAIL: the number of queries grows with size for: "
              + ", ".join(b for _, b in grown))  # fmt: skip
        return 1
    print("OK: the number of queries does not grow with the number of documents or sections.")
    return 0


def _run_child(database_url: str) -> int:
    command = [sys.executable, "-m", "tests.benchmarks.bench_pages", "--database", database_url]
    root = Path(__file__).resolve().parent.parent.parent
    return subprocess.call(command, cwd=root)


def _postgres(url: str) -> tuple[str, str] | None:
    """(admin URL, throwaway URL) next to `url`, or None if PostgreSQL does not answer."""
    import psycopg

    parts = urlsplit(url.replace("postgresql://", "postgres://", 1))
    name = parts.path.lstrip("/") or "postgres"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    throwaway = urlunsplit(parts._replace(path=f"/{name}_bench_pages"))
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.Error as error:
        print(f"PostgreSQL at {parts.hostname} does not answer ({error}); skipped.")
        return None
    return admin, throwaway


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--database"]:
        return measure(argv[1])
    failures = 0
    with tempfile.TemporaryDirectory(prefix="jpl-bench-pages-") as folder:
        failures += _run_child(f"sqlite:///{folder}/bench.sqlite3") != 0
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")) and (found := _postgres(url)):
        import psycopg

        admin, throwaway = found
        name = urlsplit(throwaway).path.lstrip("/")
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
        try:
            failures += _run_child(throwaway) != 0
        finally:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        print("\nDATABASE_URL does not name a PostgreSQL database: PostgreSQL run skipped.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
