"""The load generator: client processes, each with threads holding one HTTP connection.

A connection sends its next request when the last one's response has been read, and
records the start, the latency and the status of every request. It stops at the deadline,
after finishing the request in flight, or once its share of the URLs is done (`once`).
Keep-alive connections are reused; a server that closes them is reconnected to.
"""

import multiprocessing
import socket
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

TIMEOUT_SECONDS = 600


@dataclass
class Run:
    """Every request of one load phase: (start, latency, status) on the monotonic clock,
    with status 0 for a request that got no response."""

    requests: list = field(default_factory=list)
    client_cpu: float = 0.0  # seconds of CPU the client processes used
    processes: int = 1

    @property
    def elapsed(self):
        if not self.requests:
            return 0.0
        return max(start + latency for start, latency, _ in self.requests) - min(
            start for start, _, _ in self.requests
        )


class Connection:
    """A lean HTTP/1.1 client over one socket: the client must not be the bottleneck,
    and http.client spends several times the CPU per request."""

    def __init__(self, address, headers):
        self.address, self.socket = address, None
        host = f"{address[0]}:{address[1]}"
        self.extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        self.extra = f"Host: {host}\r\nUser-Agent: bench_search\r\n{self.extra}"

    def get(self, path):
        """The status of GET `path`, after reading the whole response."""
        if self.socket is None:
            self.socket = socket.create_connection(self.address, timeout=TIMEOUT_SECONDS)
            self.socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.socket.sendall(f"GET {path} HTTP/1.1\r\n{self.extra}\r\n".encode())
        data = b""
        while (end := data.find(b"\r\n\r\n")) < 0:
            data += self._receive()
        head, body = data[:end].decode("latin-1").lower(), data[end + 4 :]
        status = int(head[9:12])
        headers = dict(line.split(":", 1) for line in head.split("\r\n")[1:] if ":" in line)
        length = headers.get("content-length")
        if length is not None:
            while len(body) < int(length):
                body += self._receive()
        elif "chunked" in headers.get("transfer-encoding", ""):
            while not body.endswith(b"0\r\n\r\n"):
                body += self._receive()
        else:
            while chunk := self._receive(allow_close=True):
                body += chunk
        if (
            "close" in headers.get("connection", "")
            or length is None
            and not headers.get("transfer-encoding")
        ):
            self.close()
        return status

    def _receive(self, allow_close=False):
        chunk = self.socket.recv(65536)
        if not chunk and not allow_close:
            raise ConnectionError("the server closed the connection mid-response")
        return chunk

    def close(self):
        if self.socket is not None:
            self.socket.close()
            self.socket = None


def _connection(address, paths, deadline, once, headers, out):
    connection = Connection(address, headers)
    count = len(paths) if once else None
    index = 0
    while count is None or index < count:
        started = time.monotonic()
        if started >= deadline:
            break
        try:
            status = connection.get(paths[index % len(paths)])
        except (OSError, ValueError):
            connection.close()
            status = 0
        out.append((started, time.monotonic() - started, status))
        index += 1
    connection.close()


def _phase(address, shares, start_at, duration, once, headers):
    """One client process's part of a phase: a thread per connection, started together
    at `start_at`; its requests and the CPU seconds it used."""
    time.sleep(max(0.0, start_at - time.monotonic()))
    cpu = time.process_time()
    outs = [[] for _ in shares]
    threads = [
        threading.Thread(
            target=_connection, args=(address, paths, start_at + duration, once, headers, out)
        )
        for paths, out in zip(shares, outs, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [row for out in outs for row in out], time.process_time() - cpu


def _client(jobs, results):
    """A client process: runs phases until it gets None."""
    while (job := jobs.get()) is not None:
        results.put(_phase(*job))


def shares(paths, connections, once):
    """Each connection's list of paths: with `once`, every path goes to one connection;
    otherwise each connection cycles through all of them from its own starting point."""
    if once:
        return [paths[number::connections] for number in range(connections)]
    step = len(paths) / connections
    return [
        paths[round(number * step) :] + paths[: round(number * step)]
        for number in range(connections)
    ]


class Client:
    """Client processes, started once and reused by every phase (a context manager).

    Each runs its share of the connections in threads; several processes keep a Python
    client from being the bottleneck.
    """

    def __init__(self, *, connections, processes, headers=None):
        self.connections, self.headers = connections, headers or {}
        self.processes = max(1, min(processes, connections))
        context = multiprocessing.get_context("spawn")
        self.results = context.Queue()
        self.jobs = [context.Queue() for _ in range(self.processes)]
        self.workers = [
            context.Process(target=_client, args=(jobs, self.results), daemon=True)
            for jobs in self.jobs
        ]

    def __enter__(self):
        for worker in self.workers:
            worker.start()
        for jobs in self.jobs:  # an empty phase: every process has started
            jobs.put((None, [], 0, 0, False, {}))
        for _ in self.jobs:
            self.results.get()
        return self

    def __exit__(self, *exc):
        for jobs in self.jobs:
            jobs.put(None)
        for worker in self.workers:
            worker.join(timeout=TIMEOUT_SECONDS)

    def drive(self, base_url, paths, *, duration, once=False):
        """Requests for `paths` to `base_url` for `duration` seconds (with `once`, each
        path at most once): a Run of every request."""
        parts = urlsplit(base_url)
        address = (parts.hostname, parts.port)
        connection_paths = [share for share in shares(paths, self.connections, once) if share]
        busy = self.jobs[: len(connection_paths)]
        start_at = time.monotonic() + 0.05
        for number, jobs in enumerate(busy):
            own = connection_paths[number :: len(busy)]
            jobs.put((address, own, start_at, duration, once, self.headers))
        run = Run(processes=len(busy))
        for _ in busy:
            requests, cpu = self.results.get()
            run.requests += requests
            run.client_cpu += cpu
        return run
