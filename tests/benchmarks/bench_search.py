"""Search at library scale: a generated library (default 10,000 documents, ~100,000 sections;
`search_library.py`).

For each database (SQLite, and PostgreSQL when reachable) in a fresh database of its own:
  * generation time, then the section index build time (`rebuild_section_index`) next to
    Wagtail's own `update_index` (modelsearch database backend) on the same pages;
  * server-side p50/p95 of `run_search` over a mixed query set (rare and common words,
    phrases, acronyms, typos) against plain Wagtail page search (`DocumentPage.objects
    .search`, modelsearch's database backend) for the same queries;
  * queries per second over HTTP with 1, 4 and 8 concurrent clients (gunicorn on 127.0.0.1,
    the JSON API, production settings; `search_http.py`);
  * the delay from publishing a new version to finding a word it added.

    python -m tests.benchmarks.bench_search --documents 10000 [--databases sqlite,postgres]

Environment: BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/jpl_search_bench; the
database is dropped and re-created). Benchmarks report; they never assert times.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from tests.benchmarks.search_http import http_qps
from tests.benchmarks.search_library import generate

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/jpl_search_bench"

QUERIES = [
    # rare or specific
    "cordon", "breathing apparatus", "METHANE", "decontamination", "stadium lockdown",
    # common words (appear in most sections)
    "fire", "police", "incident", "safety procedure", "officer", "the fire service",
    # phrases, acronyms and other services' words, typos
    '"inner cordon"', '"road traffic collision"', "RTC", "BA", "gold command", "HazMat",
    "brething aparatus", "evacuaton", "rendezvous point",
]  # fmt: skip
WAGTAIL_QUERIES = ["cordon", "breathing apparatus", "fire", "incident", "RTC", "police"]


# -- the per-database run (a child process with DATABASE_URL set) ---------------------------


def percentiles(samples: list[float]) -> tuple[float, float]:
    from tests.benchmarks.common import percentile

    return percentile(samples, 0.5) * 1000, percentile(samples, 0.95) * 1000


def engine_only(user):
    """The same-run baseline: the engine's own all-words match and its snippets for the first
    page, as search did before the relevance work's additions (no stop words dropped, no term
    statistics, spelling correction, gradual relaxation, best bets, facets or counting)."""
    from search import glossary
    from search.engines import SECTIONS_PER_DOCUMENT, get_engine
    from search.query import parse
    from search.service import MAX_MATCHED_DOCUMENTS, PER_PAGE, make_scope

    engine = get_engine()

    def search(raw: str) -> None:
        query = parse(raw, glossary.synonyms())
        matches = engine.match_documents(query, make_scope(user, False), MAX_MATCHED_DOCUMENTS)
        ids = [pk for pk, _score in matches[:PER_PAGE]]
        engine.top_sections(query, ids, SECTIONS_PER_DOCUMENT, matches)

    return search


def server_side(user, repeats: int) -> dict:
    """`run_search` and the same-run baseline (`engine_only`), interleaved query by query so
    that whatever else loads the machine weighs on both alike."""
    import gc

    from search.service import run_search

    baseline = engine_only(user)
    # As a gunicorn worker does after loading (jpl_site.wsgi): long-lived objects, here also
    # what generating the library left, are kept out of the collector's full passes.
    gc.collect()
    gc.freeze()
    samples, base_samples, per_query = [], [], {}
    for query in QUERIES:
        run_search(user, query)  # warm-up
        baseline(query)
        times, base_times = [], []
        for _ in range(repeats):
            start = time.perf_counter()
            run_search(user, query)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            baseline(query)
            base_times.append(time.perf_counter() - start)
        per_query[query] = (*percentiles(times), *percentiles(base_times))
        samples += times
        base_samples += base_times
    p50, p95 = percentiles(samples)
    base_p50, base_p95 = percentiles(base_samples)
    return {
        "p50_ms": p50, "p95_ms": p95, "baseline_p50_ms": base_p50, "baseline_p95_ms": base_p95,
        "per_query": per_query,
    }  # fmt: skip


def wagtail_side(budget_s: float) -> dict:
    """Plain Wagtail page search over the same pages; stops when the time budget runs out."""
    from procedures.models import DocumentPage

    results = {}
    spent = 0.0
    for query in WAGTAIL_QUERIES:
        if spent > budget_s:
            results[query] = None
            continue
        start = time.perf_counter()
        list(DocumentPage.objects.live().search(query)[:10])
        elapsed = time.perf_counter() - start
        spent += elapsed
        results[query] = elapsed * 1000
    return results


def publish_delay(user) -> dict:
    from procedures.models import DocumentPage
    from procedures.publication import publication_outside_workflow
    from search.service import run_search

    page = DocumentPage.objects.filter(reference__startswith="BEN-").order_by("pk").first()
    word = "zq" + secrets.token_hex(4)
    page.summary = f"{page.summary} {word}"
    start = time.perf_counter()
    # The delay measured is indexing's, not the approval workflow's: the version goes live
    # directly, which the publication guard allows only inside this named block.
    with publication_outside_workflow("search benchmark: publish-to-findable delay"):
        page.save_revision().publish()
    published = time.perf_counter() - start
    while run_search(user, word).total == 0:
        if time.perf_counter() - start > 60:
            return {"publish_ms": published * 1000, "findable_ms": None}
        time.sleep(0.01)
    return {"publish_ms": published * 1000, "findable_ms": (time.perf_counter() - start) * 1000}


def run_one(args) -> dict:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.db import connection

    from procedures.demo.builder import build_demo_library
    from search import indexing

    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    call_command("migrate", verbosity=0)
    build_demo_library()
    say(f"[{connection.vendor}] generating {args.documents} documents")
    result: dict = {"vendor": connection.vendor, "documents": args.documents}
    result["generate_s"] = generate(args.documents, args.sections, say)
    if connection.vendor == "postgresql":
        # Statistics for the bulk-inserted pages, as autovacuum would gather in production
        # (it is off on some machines; without them the planner's choices for the document
        # tables were 4x slower). The section index ANALYZEs its own table on rebuild.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    start = time.perf_counter()
    counts = indexing.rebuild(progress=lambda m: None)
    result["index_build_s"] = time.perf_counter() - start
    result["sections"] = counts["sections"]
    say(f"[{connection.vendor}] section index built: {result['index_build_s']:.1f}s")
    start = time.perf_counter()
    call_command("update_index", verbosity=0)
    result["wagtail_update_index_s"] = time.perf_counter() - start
    say(f"[{connection.vendor}] wagtail update_index: {result['wagtail_update_index_s']:.1f}s")

    user = get_user_model().objects.get(username="firefighter")
    result["server"] = server_side(user, args.repeats)
    say(f"[{connection.vendor}] server-side p50/p95 done")
    result["wagtail"] = wagtail_side(args.wagtail_budget)
    say(f"[{connection.vendor}] wagtail search done")
    result["publish"] = publish_delay(user)

    if not args.skip_http:
        session = SessionStore()
        session["_auth_user_id"] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.create()
        connection.close()
        result["http"] = http_qps(
            os.environ["DATABASE_URL"], session.session_key, args.seconds, QUERIES
        )
    return result


# -- the parent: one child per database, then the report ------------------------------------
def report(results: list[dict]) -> None:
    from tests.benchmarks.common import print_table

    rows = [
        [
            r["vendor"],
            r["documents"],
            r["sections"],
            f"{r['generate_s']:.1f}",
            f"{r['index_build_s']:.1f}",
            f"{r['wagtail_update_index_s']:.1f}",
        ]
        for r in results
    ]
    print_table("Index build (seconds)", ["db", "documents", "sections", "generate",
                "section index", "wagtail update_index"], rows)  # fmt: skip
    rows = []
    for r in results:
        server = r["server"]
        rows.append([r["vendor"], "library search (run_search, all queries)",
                     f"{server['p50_ms']:.1f}", f"{server['p95_ms']:.1f}"])  # fmt: skip
        rows.append([r["vendor"], "baseline: engine match + snippets only",
                     f"{server['baseline_p50_ms']:.1f}",
                     f"{server['baseline_p95_ms']:.1f}"])  # fmt: skip
        rows.append([r["vendor"], "ratio library search / baseline",
                     f"{server['p50_ms'] / server['baseline_p50_ms']:.2f}",
                     f"{server['p95_ms'] / server['baseline_p95_ms']:.2f}"])  # fmt: skip
    print_table("Server-side latency, ms (same run, interleaved)", ["db", "what", "p50", "p95"],
                rows)  # fmt: skip
    for r in results:
        per = [[q, f"{p50:.1f}", f"{p95:.1f}", f"{b50:.1f}", f"{b95:.1f}",
                _fmt(r["wagtail"].get(q))]
               for q, (p50, p95, b50, b95) in r["server"]["per_query"].items()]  # fmt: skip
        print_table(f"{r['vendor']}: per query, ms (Wagtail: one run, top 10 pages)",
                    ["query", "p50", "p95", "baseline p50", "baseline p95", "wagtail search"],
                    per)  # fmt: skip
    rows = []
    for r in results:
        for clients, figures in (r.get("http") or {}).items():
            rows.append([r["vendor"], clients, f"{figures['qps']:.1f}",
                         f"{figures['p50_ms']:.1f}", f"{figures['p95_ms']:.1f}",
                         figures["errors"]])  # fmt: skip
    if rows:
        print_table("HTTP /search/api/ (gunicorn, 2 workers x 4 threads, 127.0.0.1)",
                    ["db", "clients", "qps", "p50 ms", "p95 ms", "errors"], rows)  # fmt: skip
    rows = [[r["vendor"], f"{r['publish']['publish_ms']:.0f}", _fmt(r["publish"]["findable_ms"])]
            for r in results]  # fmt: skip
    print_table("Publish to findable, ms", ["db", "publish", "first found"], rows)


def _fmt(value) -> str:
    return "skipped (budget)" if value is None else f"{value:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--sections", type=int, default=10, help="sections per document")
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10.0, help="per HTTP load level")
    parser.add_argument("--wagtail-budget", type=float, default=60.0,
                        help="seconds to spend on plain Wagtail search per database")  # fmt: skip
    parser.add_argument("--skip-http", action="store_true")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.child:
        print(json.dumps(run_one(args), default=str))
        return 0

    results = []
    for database in args.databases.split(","):
        if database == "sqlite":
            folder = tempfile.mkdtemp(prefix="jpl-bench-")
            url = f"sqlite:///{folder}/bench.sqlite3"
        else:
            url = os.environ.get("BENCH_PG_URL", DEFAULT_PG)
            if not _reset_postgres(url):
                print(f"PostgreSQL not reachable at {url}: skipped")
                continue
        env = {**os.environ, "DATABASE_URL": url,
               "DJANGO_SETTINGS_MODULE": "jpl_site.settings.test",
               "PRIVATE_MEDIA_ROOT": tempfile.mkdtemp(prefix="jpl-bench-media-")}  # fmt: skip
        child_args = [
            f"--documents={args.documents}", f"--sections={args.sections}",
            f"--repeats={args.repeats}", f"--seconds={args.seconds}",
            f"--wagtail-budget={args.wagtail_budget}", *(["--skip-http"] if args.skip_http else []),
        ]  # fmt: skip
        output = subprocess.run(
            [sys.executable, "-m", "tests.benchmarks.bench_search", "--child", *child_args],
            cwd=ROOT, env=env, capture_output=False, stdout=subprocess.PIPE, text=True,
            check=False,
        )  # fmt: skip
        if output.returncode != 0:
            print(f"{database}: benchmark failed (exit {output.returncode})")
            continue
        results.append(json.loads(output.stdout.strip().splitlines()[-1]))
    if results:
        report(results)
    return 0


def _reset_postgres(url: str) -> bool:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    try:
        with psycopg.connect(admin, autocommit=True, connect_timeout=3) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
            connection.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
