"""Soak: the site under gunicorn with the documented configuration (`gunicorn.conf.py`) and
the production settings, on PostgreSQL, with N staff clients (8 by default) browsing, searching
and reading for a while (5 minutes by default), and a health check probing once a second.

    DATABASE_URL=postgres://user@host:5432/name python -m tests.benchmarks soak [--duration 300]
        [--clients 8]

It builds the demo library in a throwaway database next to the one DATABASE_URL names
(`<name>_bench_soak`, dropped afterwards; the named database is never touched), collects the
static files, starts gunicorn on a free local port, and reports requests, errors (any answer
other than the expected one, or no answer within 30 s: 0 expected), throughput and p50/p95
per kind of request. Clients send `X-Forwarded-Proto: https`, as the reverse proxy does.
Skipped (exit 0) when DATABASE_URL does not name a PostgreSQL database that answers.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent.parent
READERS = ["newjoiner", "firefighter", "police.officer", "planner", "coordinator", "owner"]
QUERIES = ["cordon", "breathing apparatus", "flood water", "radio", "JOP-001", "evacuation",
           "command", "hazardous materials", "rendezvous point", "incident"]  # fmt: skip
REQUEST_TIMEOUT = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """One signed-in member of staff, over one keep-alive connection (as a browser)."""

    def __init__(self, port: int, session: str) -> None:
        self.port = port
        self.cookie = f"sessionid={session}"
        self.connection: http.client.HTTPConnection | None = None

    def get(self, path: str) -> int:
        headers = {"Cookie": self.cookie, "X-Forwarded-Proto": "https",
                   "Host": f"127.0.0.1:{self.port}"}  # fmt: skip
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=REQUEST_TIMEOUT
                )
            try:
                self.connection.request("GET", path, headers=headers)
                response = self.connection.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.connection.close()
                    self.connection = None
                return response.status
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # The server closed an idle keep-alive connection: a browser reconnects.
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")


class Results:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, list[str]] = defaultdict(list)

    def record(self, kind: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if error:
                self.errors[kind].append(error)


def timed_get(client: Client, kind: str, path: str, results: Results, expect=(200,)) -> None:
    started = time.perf_counter()
    error = None
    try:
        status = client.get(path)
        if status not in expect:
            error = f"{path} answered {status}"
    except (OSError, http.client.HTTPException) as exc:
        error = f"{path}: {type(exc).__name__} {exc}"
        client.connection = None
    results.record(kind, time.perf_counter() - started, error)


def staff_client(port: int, session: str, urls: dict, stop: float, results: Results,
                 seed: int) -> None:  # fmt: skip
    rng = random.Random(seed)
    client = Client(port, session)
    while time.monotonic() < stop:
        try:
            one_click(client, rng, urls, results)
        except Exception as exc:  # noqa: BLE001 - counted, and the client carries on
            results.record("client failure", 0.0, f"{type(exc).__name__}: {exc}")
        time.sleep(rng.uniform(0, 0.05))  # a person clicks; no pause would be a load test


def one_click(client: Client, rng: random.Random, urls: dict, results: Results) -> None:
    """One thing a member of staff does: mostly reading and searching."""
    choice = rng.random()
    query = quote(rng.choice(QUERIES))
    if choice < 0.30:
        timed_get(client, "document page", rng.choice(urls["documents"]), results)
    elif choice < 0.50:
        timed_get(client, "search page", f"/search/?q={query}", results, (200, 302))
    elif choice < 0.60:
        timed_get(client, "search API", f"/search/api/?q={query}", results)
    elif choice < 0.70:
        timed_get(client, "suggestions", f"/search/suggest/?q={query[:4]}", results)
    elif choice < 0.80:
        timed_get(client, "section page", rng.choice(urls["sections"]), results)
    elif choice < 0.90:
        timed_get(client, "home", "/", results)
    else:
        timed_get(client, "my induction", "/induction/", results)


def health_probe(port: int, stop: float, results: Results) -> None:
    client = Client(port, "")
    while time.monotonic() < stop:
        timed_get(client, "health check", "/healthz", results)
        time.sleep(1)


def percentile_ms(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))] * 1000


def prepare(env: dict) -> tuple[dict, dict[str, str]]:
    """Migrate, build the demo library, collect static files; (urls, sessions by user)."""
    for command in (["migrate", "--verbosity", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    script = (
        "import django, json; django.setup()\n"
        "from django.contrib.auth import get_user_model\n"
        "from django.test import Client\n"
        "from procedures.demo.builder import build_demo_library\n"
        "from procedures.models import DocumentPage, SectionPage\n"
        "build_demo_library()\n"
        "sessions = {}\n"
        "for name in %r:\n"
        "    client = Client()\n"
        "    client.force_login(get_user_model().objects.get(username=name))\n"
        "    sessions[name] = client.cookies['sessionid'].value\n"
        "urls = {'documents': [p.url for p in DocumentPage.objects.live()\n"
        "                      .filter(protective_marking='official')],\n"
        "        'sections': [p.url for p in SectionPage.objects.live()]}\n"
        "print('SOAK' + json.dumps({'urls': urls, 'sessions': sessions}))\n"
    ) % (READERS,)
    output = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True,
        text=True,
    ).stdout  # fmt: skip
    import json

    found = json.loads(next(line for line in output.splitlines() if line.startswith("SOAK"))[4:])
    urls = {key: [re.sub(r"^https?://[^/]+", "", url) for url in value]
            for key, value in found["urls"].items()}  # fmt: skip
    return urls, found["sessions"]


def wait_until_up(port: int, server: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            if Client(port, "").get("/healthz") == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("gunicorn did not answer /healthz in time")


def soak(database_url: str, duration: float, clients: int) -> int:
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="jpl-bench-soak-") as folder:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "jpl_site.settings.production",
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "STATIC_ROOT": f"{folder}/static",
            "MEDIA_ROOT": f"{folder}/media",
            "PRIVATE_MEDIA_ROOT": f"{folder}/private",
            "EMAIL_URL": "consolemail://",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_ACCESSLOG": os.devnull,
            "GUNICORN_LOGLEVEL": "warning",
        }
        print("Preparing: migrate, demo library, collectstatic...", flush=True)
        urls, sessions = prepare(env)
        server = subprocess.Popen(
            [str(Path(sys.executable).with_name("gunicorn")), "-c", str(ROOT / "gunicorn.conf.py"),
             "jpl_site.wsgi:application"],
            cwd=ROOT, env=env,
        )  # fmt: skip
        try:
            wait_until_up(port, server)
            workers = os.environ.get("GUNICORN_WORKERS", "config default")
            threads = os.environ.get("GUNICORN_THREADS", "config default")
            print(f"gunicorn up on port {port} (workers: {workers}, threads: {threads}); "
                  f"{clients} clients for {duration:.0f} s...", flush=True)  # fmt: skip
            results = Results()
            stop = time.monotonic() + duration
            names = list(sessions)
            threads_ = [
                threading.Thread(target=staff_client, args=(port, sessions[names[i % len(names)]],
                                                            urls, stop, results, i))
                for i in range(clients)
            ] + [threading.Thread(target=health_probe, args=(port, stop, results))]  # fmt: skip
            started = time.monotonic()
            for thread in threads_:
                thread.start()
            for thread in threads_:
                thread.join()
            elapsed = time.monotonic() - started
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
    return report(results, elapsed, clients)


def report(results: Results, elapsed: float, clients: int) -> int:
    everything = [t for times in results.times.values() for t in times]
    errors = sum(len(e) for e in results.errors.values())
    print(f"\n== Soak: {clients} clients + health check, {elapsed:.0f} s")
    headers = ["request", "count", "errors", "p50 ms", "p95 ms", "max ms"]
    rows = [
        [kind, len(times), len(results.errors[kind]), f"{percentile_ms(times, 0.5):.0f}",
         f"{percentile_ms(times, 0.95):.0f}", f"{max(times) * 1000:.0f}"]
        for kind, times in sorted(results.times.items())
    ] + [["all", len(everything), errors, f"{percentile_ms(everything, 0.5):.0f}",
          f"{percentile_ms(everything, 0.95):.0f}", f"{max(everything) * 1000:.0f}"]]  # fmt: skip
    from tests.benchmarks.common import print_table

    print_table("Requests", headers, rows)
    print(f"\nRequests: {len(everything)} ({len(everything) / elapsed:.1f}/s); errors: {errors}")
    for kind, messages in results.errors.items():
        for message in messages[:5]:
            print(f"  {kind}: {message}")
    return 1 if errors else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks soak")
    parser.add_argument("--duration", type=float, default=300, help="seconds (default 300)")
    parser.add_argument("--clients", type=int, default=8, help="staff clients (default 8)")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        print("DATABASE_URL does not name a PostgreSQL database: soak skipped.")
        return 0
    import psycopg

    parts = urlsplit(url.replace("postgresql://", "postgres://", 1))
    name = f"{parts.path.lstrip('/') or 'postgres'}_bench_soak"
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    try:
        psycopg.connect(admin, connect_timeout=3).close()
    except psycopg.Error as error:
        print(f"PostgreSQL at {parts.hostname} does not answer ({error}); soak skipped.")
        return 0
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        return soak(urlunsplit(parts._replace(path=f"/{name}")), args.duration, args.clients)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


if __name__ == "__main__":
    sys.exit(main())
