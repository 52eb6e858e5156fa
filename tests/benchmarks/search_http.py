"""The search benchmark's HTTP load: gunicorn serving the JSON search API on 127.0.0.1, driven
by 1, 4 and 8 concurrent clients with a logged-in session."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from http.client import HTTPConnection
from pathlib import Path

from tests.benchmarks.common import percentile

ROOT = Path(__file__).resolve().parents[2]


def http_qps(database_url: str, session_cookie: str, seconds: float, queries: list[str]) -> dict:
    """Queries per second and latency over HTTP with 1, 4 and 8 clients (gunicorn, 2
    workers x 4 threads, production-like settings) against the JSON search API."""
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        # The same settings as the process that made the session (signing key included).
        "DJANGO_SETTINGS_MODULE": "jpl_site.settings.test",
        "LOG_LEVEL": "ERROR",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "jpl_site.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--worker-class",
            "gthread",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        _load(port, session_cookie, queries, 2, 2.0)  # warm both workers up
        out = {}
        for clients in (1, 4, 8):
            out[clients] = _load(port, session_cookie, queries, clients, seconds)
        return out
    finally:
        server.terminate()
        server.wait(timeout=20)


def _load(port: int, cookie: str, queries: list[str], clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def worker(offset: int) -> None:
        connection = HTTPConnection("127.0.0.1", port, timeout=30)
        n = offset
        while time.perf_counter() < stop_at:
            query = queries[n % len(queries)]
            n += 1
            start = time.perf_counter()
            try:
                connection.request(
                    "GET",
                    "/search/api/?" + urllib.parse.urlencode({"q": query}),
                    headers={"Cookie": f"sessionid={cookie}", "X-Forwarded-Proto": "https"},
                )
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection.close()
                connection = HTTPConnection("127.0.0.1", port, timeout=30)
            with lock:
                errors[0] += not ok
                if ok:
                    latencies.append(time.perf_counter() - start)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if latencies:
        p50, p95 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.95) * 1000
    else:
        p50 = p95 = float("nan")
    return {"qps": len(latencies) / elapsed, "p50_ms": p50, "p95_ms": p95, "errors": errors[0]}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
