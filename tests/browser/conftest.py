"""Browser tests: Playwright's Python API driving Debian's chromium against pytest-django's
live server. No browser is ever downloaded."""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
import time
from pathlib import Path

import axe_playwright_python
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from procedures.demo import content
from tests.support.live_server import SHARED_CONNECTION

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run
# inside one unless told the test thread is safe (it is: nothing else uses the loop).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Remember each phase's report on the test, so `page_for` can tell a failed test."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make browser-deps`.")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def live_library(fresh_demo_library, live_server):
    """The demo library in the live server's database (transactional tests start empty)."""
    return live_server


@pytest.fixture
def page_for(request, browser, live_library):
    """`page_for("planner")` gives a new browser page signed in as that demo account.

    When a test fails and SCREENSHOT_DIR is set, every page it opened is saved there as it
    was at the failure, so a failure on CI or a loaded machine can be seen, not guessed."""
    contexts = []

    def open_page(username: str | None = None, viewport: dict | None = None):
        context = browser.new_context(viewport=viewport or DESKTOP, base_url=live_library.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        page = context.new_page()
        if username:
            sign_in_without_the_form(context, username, live_library.url)
        return page

    yield open_page
    failed = getattr(request.node, "report_call", None)
    if failed is not None and failed.failed and os.environ.get("SCREENSHOT_DIR"):
        save_pages(contexts, Path(os.environ["SCREENSHOT_DIR"]) / request.node.name)
    for context in contexts:
        close_when_idle(context)
    wait_for_live_server_requests()


def save_pages(contexts, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    pages = [page for context in contexts for page in context.pages]
    for number, page in enumerate(pages, start=1):
        with contextlib.suppress(PlaywrightError):
            page.screenshot(path=str(folder / f"page-{number}.png"), full_page=True)


def wait_for_live_server_requests(timeout: float = 10.0) -> None:
    """Wait until the live server has finished every request it accepted (e.g. the editor's
    periodic ping sent just before the page closed). On PostgreSQL such a request, still in
    its transaction, deadlocked with the teardown's TRUNCATE."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(
        "process_request_thread" in thread.name for thread in threading.enumerate()
    ):
        time.sleep(0.05)


def close_when_idle(context) -> None:
    """Close a browser context once its pages have no request in flight. On SQLite the live
    server shares the test's database connection, and with ATOMIC_REQUESTS a request still
    being served when the test's teardown flushes the database leaves that connection inside
    a transaction ("no such savepoint", then later tests failing to migrate)."""
    for page in context.pages:
        # A page that never settles is closed anyway, as before.
        with contextlib.suppress(PlaywrightError):
            page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()


def sign_in_without_the_form(context, username: str, base_url: str) -> None:
    """Sign in as Django's test client does (`force_login`) and give the browser the session
    cookie. Signing in through the form has tests of its own (`sign_in` below, the browse,
    layout and staff-site tests, single sign-on); doing it for every account of every test
    cost seconds each on a loaded machine."""
    client = Client()
    with SHARED_CONNECTION:
        client.force_login(get_user_model().objects.get(username=username))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": base_url}]
    )


def sign_in(page, username: str, password: str = content.DEMO_PASSWORD) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def axe_violations(page) -> list[dict]:
    """Run axe-core (shipped inside the axe-playwright-python wheel) against WCAG 2.2 AA."""
    script = Path(axe_playwright_python.__file__).with_name("axe.min.js")
    # Evaluated through the browser's debugging protocol, which the page's
    # Content-Security-Policy does not govern (an injected <script> tag would be refused).
    page.evaluate(script.read_text(encoding="utf-8") + ";undefined")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {
            "id": violation["id"],
            "impact": violation["impact"],
            "help": violation["help"],
            "targets": [node["target"] for node in violation["nodes"]][:5],
        }
        for violation in result["violations"]
    ]
