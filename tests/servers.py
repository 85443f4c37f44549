"""Django in other processes: a database they share, servers, and plain HTTP to them."""

import contextlib
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = "tests.settings_subprocess"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def environment(database_url, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        **extra,
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def run_python(database_url, code, *args, **extra):
    """Runs `code` after django.setup() in a new process; returns what it printed."""
    script = f"import django\ndjango.setup()\n{code}"
    result = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=ROOT,
        env=environment(database_url, **extra),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def manage(database_url, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment(database_url),
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]


def test_database_url():
    """The URL of the database this test run uses, for other processes to share."""
    info = connection.settings_dict
    return (
        f"postgres://{info['USER']}:{info['PASSWORD']}@{info['HOST']}:{info['PORT']}/{info['NAME']}"
    )


def migrated_sqlite(directory):
    path = directory / "db.sqlite3"
    url = f"sqlite:///{path}"
    manage(url, "migrate", "--no-input", "-v0")
    manage(url, "createcachetable")
    return path


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def server(database_url, **extra):
    """A production-settings server in its own process; yields its base address."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=environment(database_url, **extra),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if request(port, "GET", "/health/live/").status == 200:
                    break
            except OSError:
                pass
            assert process.poll() is None, process.stderr.read()[-3000:]
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


class Response:
    def __init__(self, raw):
        self.status = raw.status
        self.headers = raw.headers
        self.text = raw.read().decode()


def request(port, method, path, data=None, cookies=None, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    sent = dict(headers or {})
    body = None
    if data is not None:
        body = urlencode(data, doseq=True)
        sent["Content-Type"] = "application/x-www-form-urlencoded"
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:
        conn.request(method, path, body=body, headers=sent)
        return Response(conn.getresponse())
    finally:
        conn.close()


def form_session(port, path):
    """GETs a page with a form: its CSRF cookie and the token to post with it."""
    page = request(port, "GET", path)
    assert page.status == 200, page.text[:500]
    cookie = SimpleCookie()
    for header in page.headers.get_all("Set-Cookie") or []:
        cookie.load(header)
    token = CSRF_INPUT.search(page.text).group(1)
    return {"csrftoken": cookie["csrftoken"].value}, token


def copy_database(template, directory):
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / "db.sqlite3"
    shutil.copy(template, path)
    return path


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A migrated SQLite database with the cache table, made once a session (it is slow)."""
    return migrated_sqlite(tmp_path_factory.mktemp("template"))


@pytest.fixture
def shared_database(request, tmp_path):
    """A database that this test's other processes share: the test database itself on
    PostgreSQL (the test must then be transactional), else a copy of the template."""
    if connection.vendor == "postgresql":
        url = test_database_url()
        manage(url, "createcachetable")
        return url
    template = request.getfixturevalue("migrated_template")
    return f"sqlite:///{copy_database(template, tmp_path / 'shared')}"


def published_listing(database_url):
    """Creates a published listing from another process; returns its profile's path."""
    return run_python(
        database_url,
        "from tests.factories import TherapistFactory\n"
        "print(TherapistFactory(name='Rosa Delgado').get_absolute_url())",
    ).strip()
