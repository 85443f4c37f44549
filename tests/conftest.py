import os
import re
import shutil
import uuid
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

# Curator fixtures: curator, curator_client; databases and servers in other processes.
pytest_plugins = ["tests.curation_helpers", "tests.servers"]

# Playwright's sync API runs an event loop in the test thread; Django's ORM
# refuses to run there unless told it is safe (it is: tests are sequential).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
OWN_STATUS = re.compile(r"status of (400|429) ")
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


@pytest.fixture(scope="session", autouse=True)
def cache_of_this_session():
    """This session's own key prefix, so that clearing the cache between tests spares
    anything else in a shared cache (a Redis database, say). Yields a Redis client
    when the cache is Redis: Django's clear() would empty the whole database."""
    prefix = f"ipt-test-{uuid.uuid4().hex[:12]}"
    with override_settings(
        CACHES={"default": {**settings.CACHES["default"], "KEY_PREFIX": prefix}}
    ):
        if isinstance(caches["default"], RedisCache):
            client = redis.Redis.from_url(settings.CACHES["default"]["LOCATION"])
            yield client
            client.close()
        else:
            yield None


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def fresh_content_types():
    """A flush (transactional tests, or another process on the test database) makes content
    types again under new ids: never start a test with the old ones cached."""
    ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def clear_cache(request, cache_of_this_session, django_db_blocker):
    """The cache holds vocabularies, rate limits and shared facet counts: start each test empty.

    The database cache lives in the test database, which a test without database
    access can neither reach nor change: there, it is left alone.
    """
    redis_client = cache_of_this_session
    uses_database = request.node.get_closest_marker("django_db") or (
        DATABASE_FIXTURES & set(request.fixturenames)
    )

    def clear():
        if redis_client is not None:
            keys = list(redis_client.scan_iter(f"{cache.key_prefix}:*", count=1000))
            if keys:
                redis_client.delete(*keys)
        elif uses_database or not isinstance(caches["default"], DatabaseCache):
            with django_db_blocker.unblock():
                cache.clear()

    clear()
    yield
    clear()


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
def new_page(browser, live_server):
    """Opens pages, each in a new browser context with the given options, that fail
    the test on any request leaving 127.0.0.1 or any console error (which is how
    Chromium reports Content-Security-Policy violations).

    `bad_request=True` is for a page the server answers with 400 or 429 on
    purpose: Chromium logs the document's own status as a console error, and
    that one error is then allowed.
    """
    contexts, outside, errors = [], [], []

    def route(route):
        url = route.request.url
        if url.startswith(("data:", "blob:")) or urlsplit(url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    def open_page(bad_request=False, **options):
        context = browser.new_context(base_url=live_server.url, **options)
        contexts.append(context)
        context.route("**/*", route)
        page = context.new_page()

        def console(message):
            if message.type != "error":
                return
            own_status = bool(OWN_STATUS.search(message.text)) and (
                message.location.get("url", "").split("#")[0] == page.url.split("#")[0]
            )
            if not (bad_request and own_status):
                errors.append(message.text)

        page.on("console", console)
        return page

    yield open_page
    for context in contexts:
        context.close()
    assert outside == [], f"requests left 127.0.0.1: {outside}"
    assert errors == [], f"console errors: {errors}"


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def no_js_page(new_page):
    return new_page(java_script_enabled=False)


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
