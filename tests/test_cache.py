"""The cache that CACHE_URL names, and that separate processes share it."""

import os
import uuid

import pytest
import redis
from django.core.exceptions import ImproperlyConfigured

from ipt_finder.settings import cache_from_url
from tests.test_settings import run_manage

DATABASE_CACHE = "django.core.cache.backends.db.DatabaseCache"
REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
LOCMEM_CACHE = "django.core.cache.backends.locmem.LocMemCache"
REDIS_URL = (
    os.environ["CACHE_URL"]
    if os.environ.get("CACHE_URL", "").startswith("redis://")
    else "redis://127.0.0.1:6379/1"
)


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        (None, DATABASE_CACHE, "ipt_finder_cache"),
        ("", DATABASE_CACHE, "ipt_finder_cache"),
        ("db://", DATABASE_CACHE, "ipt_finder_cache"),
        ("db://shared_cache", DATABASE_CACHE, "shared_cache"),
        ("locmem://", LOCMEM_CACHE, ""),
        ("locmem://one", LOCMEM_CACHE, "one"),
        ("redis://127.0.0.1:6379/1", REDIS_CACHE, "redis://127.0.0.1:6379/1"),
        (
            "rediss://:pw@cache.example.org:6380/0",
            REDIS_CACHE,
            "rediss://:pw@cache.example.org:6380/0",
        ),
    ],
)
def test_cache_url_names_the_backend(url, backend, location):
    cache = cache_from_url(url)

    assert (cache["BACKEND"], cache["LOCATION"]) == (backend, location)


def test_redis_gives_up_on_a_stalled_server_in_seconds():
    options = cache_from_url("redis://127.0.0.1:6379/1")["OPTIONS"]

    assert 0 < options["socket_connect_timeout"] <= 5
    assert 0 < options["socket_timeout"] <= 5


@pytest.mark.parametrize(
    "url", ["memcached://user:secret@127.0.0.1:11211", "redis", "127.0.0.1:6379", "file:///tmp"]
)
def test_an_unknown_cache_url_is_a_clear_configuration_error(url):
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL has the unknown scheme") as error:
        cache_from_url(url)

    assert "secret" not in str(error.value)


def test_the_site_refuses_to_start_with_an_unknown_cache_url():
    result = run_manage("check", CACHE_URL="memcached://127.0.0.1:11211")

    assert result.returncode != 0
    assert "CACHE_URL has the unknown scheme 'memcached'" in result.stderr


def in_a_process(code, **env):
    """Run `code` with `cache` in a new process of the site; what it prints."""
    script = f"from django.core.cache import cache; {code}"
    result = run_manage("shell", "--no-imports", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def shared_between_processes(key, **env):
    """One process writes and counts, a second reads and counts, the first reads again."""
    in_a_process(f"cache.set({key!r}, 41, 60)", **env)
    seen = in_a_process(f"print(cache.get({key!r})); cache.incr({key!r})", **env)
    return seen, in_a_process(f"print(cache.get({key!r}))", **env)


def test_the_default_database_cache_is_shared_between_processes(tmp_path):
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}", "CACHE_URL": ""}
    for _ in range(2):  # createcachetable is safe to run again
        result = run_manage("createcachetable", **env)
        assert result.returncode == 0, result.stderr

    assert shared_between_processes("counter", **env) == ("41", "42")


@pytest.fixture
def redis_key():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        message = f"Redis is not running at {REDIS_URL}"
        if os.environ.get("CI"):
            pytest.fail(f"{message}: the Redis tests must run in CI", pytrace=False)
        pytest.skip(message)
    key = f"cross-process-{uuid.uuid4().hex}"
    yield key
    client.delete(*client.keys(f"*{key}"))
    client.close()


def test_the_redis_cache_is_shared_between_processes(redis_key):
    assert shared_between_processes(redis_key, CACHE_URL=REDIS_URL) == ("41", "42")


def test_a_locmem_cache_is_each_process_own():
    env = {"CACHE_URL": "locmem://"}
    in_a_process("cache.set('counter', 41, 60)", **env)

    assert in_a_process("print(cache.get('counter'))", **env) == "None"
