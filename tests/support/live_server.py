"""The live server the browser and single sign-on tests talk to, taking one request at a time
when it shares the test's in-memory SQLite connection.

With an in-memory SQLite database, Django hands the test's one connection to the live server,
and its threaded WSGI server serves the browser's overlapping requests on it at once. In the
editor, Wagtail's editing-session ping and autosave overlap a submit: one request then releases
the other's savepoint and the submit fails with "no such savepoint" (seen on a loaded CI
machine). A lock around each request makes them take turns, as they would on separate
connections. On PostgreSQL every request thread has its own connection, so nothing changes."""

from __future__ import annotations

import threading

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import testcases
from pytest_django.live_server_helper import LiveServer

# Held by the live server for each request while it shares the test's SQLite connection, and
# by the test itself when it writes while a browser page may still be talking to the server.
SHARED_CONNECTION = threading.Lock()


class OneRequestAtATime:
    """A WSGI app that runs the wrapped app, body and `close()` included, under one lock.

    The body is read inside the lock, so a streaming response's database work is covered too;
    tests read small responses, so holding them in memory costs nothing."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        with SHARED_CONNECTION:
            result = self.app(environ, start_response)
            try:
                return list(result)
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()


class SharedConnectionWSGIServer(ThreadedWSGIServer):
    def set_app(self, application):
        if self.connections_override:
            application = OneRequestAtATime(application)
        super().set_app(application)


class SharedConnectionLiveServerThread(testcases.LiveServerThread):
    server_class = SharedConnectionWSGIServer


def start_live_server(addr: str) -> LiveServer:
    """pytest-django's `LiveServer`, built on the thread class above (it names Django's
    `LiveServerThread` at construction, so the class is swapped for that moment only)."""
    original = testcases.LiveServerThread
    testcases.LiveServerThread = SharedConnectionLiveServerThread
    try:
        return LiveServer(addr)
    finally:
        testcases.LiveServerThread = original
