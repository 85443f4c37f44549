"""Gunicorn, started on a free local port with production settings, for one benchmark run."""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings

# The load generator sends this header, as a TLS-terminating proxy would.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
STARTUP_SECONDS = 60


def production_environment(**extra):
    """The child's environment: DEBUG off and benchmark-only secrets."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ipt_finder.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_BEHIND_PROXY": "true",
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def collect_static():
    """Production serves hashed static files from a manifest, and pages fail without it:
    collect them unless the manifest is newer than every static file of our own."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    sources = [Path(source[-1] if isinstance(source, tuple) else source)
               for source in settings.STATICFILES_DIRS]  # fmt: skip
    newest = max(
        (path.stat().st_mtime for source in sources for path in source.rglob("*")), default=0
    )
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=settings.BASE_DIR,
        env=production_environment(),
        check=True,
    )


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """`gunicorn -c gunicorn.conf.py <app>`, as a context manager; `url` is its address."""

    def __init__(self, app, workers, timeout=None):
        self.app, self.workers, self.timeout = app, workers, timeout
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        # The server's own output, shown if it fails; closed in __exit__.
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115
        self.process = None

    def __enter__(self):
        environment = production_environment(
            GUNICORN_BIND=f"127.0.0.1:{self.port}",
            WEB_CONCURRENCY=str(self.workers),
            **({"GUNICORN_TIMEOUT": str(self.timeout)} if self.timeout else {}),
        )
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", self.app],
            cwd=settings.BASE_DIR,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_ready()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _wait_until_ready(self):
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn for {self.app} exited:\n{self.log_tail()}")
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=1)
                connection.request("HEAD", "/robots.txt", headers=PROXY_HEADERS)
                connection.getresponse().read()
                connection.close()
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn for {self.app} did not start:\n{self.log_tail()}")

    def log_tail(self, lines=40):
        self.log.flush()
        self.log.seek(0)
        return "".join(self.log.readlines()[-lines:])

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
