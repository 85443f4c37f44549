import os
import shutil
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

# Curator fixtures: curator, curator_client, fresh_cache.
pytest_plugins = ["tests.curation_helpers"]

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run there unless told it is safe (it is: tests are sequential).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def test_settings(tmp_path_factory):
    # Session-wide, so the live server's middleware sees them when it starts.
    with override_settings(
        SECURE_SSL_REDIRECT=False,
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    ):
        yield


@pytest.fixture(autouse=True)
def clear_cache():
    """The cache holds vocabularies, rate limits and shared facet counts: start each test empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        message = "Chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: browser tests must run in CI", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page that fails the test on any request leaving 127.0.0.1, or any console error
    (which is how Chromium reports Content-Security-Policy violations)."""
    context = browser.new_context(base_url=live_server.url, java_script_enabled=True)
    outside = []

    def guard(route):
        host = urlsplit(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in {"127.0.0.1", "localhost"}:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    yield page
    context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    yield context.new_page()
    context.close()


@pytest.fixture
def axe_violations():
    """Run axe on a page; returns a readable list of violations (empty when clean)."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def run(page):
        results = axe.run(page)
        return [
            f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes: "
            f"{', '.join(n['target'][0] for n in v['nodes'][:3])})"
            for v in results.response["violations"]
        ]

    return run
