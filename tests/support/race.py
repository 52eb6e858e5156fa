"""Firing the same write twice at once: threads released together by a barrier, each on its
own database connection (so, on PostgreSQL, in its own transaction)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections
from django.test import Client


def run_together(*jobs: Callable) -> list:
    """Run the jobs in threads released at the same instant; return their outcomes (a job's
    return value, or the exception it raised)."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list = [None] * len(jobs)

    def worker(index: int, job: Callable) -> None:
        try:
            barrier.wait()
            outcomes[index] = job()
        except Exception as error:  # noqa: BLE001 - reported back to the test
            outcomes[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def signed_in_clients(user, count: int = 2) -> list[Client]:
    """`count` browsers signed in as `user` (a double click sends the same session twice;
    separate clients make no difference to the server and keep the threads apart)."""
    clients = []
    for _ in range(count):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    return clients


def twice_at_once(user, method: str, path: str, data: dict | None = None) -> list:
    """The same request sent twice at the same instant by `user`; the two responses."""
    first, second = signed_in_clients(user)
    return run_together(
        lambda: getattr(first, method)(path, data or {}),
        lambda: getattr(second, method)(path, data or {}),
    )
