"""A small load generator: logged-in HTTP sessions and fixed numbers of requests, one after the
other or from several threads at once.

A `Session` keeps its cookies (the session and the CSRF cookie) and its connection; gunicorn's
sync workers close the connection after each answer, and http.client opens a new one. Each
request is timed from sending it to reading the last byte of the answer.
"""

import html
import http.client
import re
import statistics
import threading
import time
import urllib.parse
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HREF = re.compile(r'\bhref="([^"]*)"')
READ_SIZE = 1 << 16


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    form: dict[str, str | list[str]] | None = None
    expect: tuple[int, ...] = (200,)


@dataclass
class Response:
    status: int
    ms: float
    headers: dict[str, str]
    body: bytes  # empty when the answer was only counted (`keep=False`)
    size: int = 0
    lines: int = 0


class Session:
    """One person's browser: cookies and a connection to the server."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
        self.cookies: dict[str, str] = {}

    def send(self, request: Request, *, keep: bool = True) -> Response:
        headers = {"Host": "127.0.0.1", "User-Agent": "breachdesk-bench"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if request.form is not None:
            body = urllib.parse.urlencode(request.form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.connection.request(request.method, request.path, body=body, headers=headers)
            answer = self.connection.getresponse()
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
            # The server closed the kept connection just before we used it: once more.
            self.connection.close()
            self.connection.request(request.method, request.path, body=body, headers=headers)
            answer = self.connection.getresponse()
        chunks: list[bytes] = []
        size = lines = 0
        while chunk := answer.read(READ_SIZE):
            size += len(chunk)
            lines += chunk.count(b"\n")
            if keep:
                chunks.append(chunk)
        ms = (time.perf_counter() - start) * 1000
        if answer.will_close:
            self.connection.close()
        for raw in answer.msg.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(raw)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        received = {k.lower(): v for k, v in answer.getheaders()}
        return Response(answer.status, ms, received, b"".join(chunks), size, lines)

    def get(self, path: str) -> Response:
        return self.send(Request("GET", path))

    def csrf_token(self, path: str) -> str:
        """The CSRF token of the form on the page at `path`."""
        page = self.get(path)
        found = CSRF_INPUT.search(page.body.decode())
        if page.status != 200 or found is None:
            raise RuntimeError(f"No form with a CSRF token at {path} ({page.status}).")
        return found.group(1)

    def login(self, username: str, password: str) -> None:
        """Log in through the login form, as a person would."""
        token = self.csrf_token("/login/")
        form: dict[str, str | list[str]] = {
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
        }
        answer = self.send(Request("POST", "/login/", form, expect=(302,)))
        if answer.status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"The login of {username} failed ({answer.status}).")


def next_link(body: bytes, base: str) -> str | None:
    """The target of the page's `<a rel="next" href="…">`, as a path, or None."""
    for tag in re.findall(r"<a\b[^>]*>", body.decode(), re.IGNORECASE):
        if re.search(r'\brel="next"', tag):
            href = HREF.search(tag)
            if href:
                target = urllib.parse.urljoin(base, html.unescape(href.group(1)))
                parts = urllib.parse.urlsplit(target)
                return parts.path + (f"?{parts.query}" if parts.query else "")
    return None


@dataclass
class Run:
    """The timings of a run of requests and its errors."""

    ms: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    rows: int = 0  # lines of the answers (an export's rows and its header)
    size: int = 0

    def merge(self, other: "Run") -> None:
        """Add `other`'s requests to these (its wall time too)."""
        self.ms += other.ms
        self.errors += other.errors
        self.wall_s += other.wall_s
        self.rows += other.rows
        self.size += other.size

    @property
    def count(self) -> int:
        return len(self.ms)

    @property
    def median(self) -> float:
        return statistics.median(self.ms) if self.ms else float("nan")

    @property
    def p95(self) -> float:
        if len(self.ms) < 2:
            return self.median
        return statistics.quantiles(self.ms, n=20, method="inclusive")[18]

    @property
    def per_second(self) -> float:
        return self.count / self.wall_s if self.wall_s else float("nan")


def run(
    sessions: Sequence[Session],
    requests: Sequence[Request],
    *,
    keep: bool = False,
    check: Callable[[Request, Response], str | None] | None = None,
) -> Run:
    """Send `requests` in order, from one thread per session (concurrency = len(sessions))."""
    result = Run()
    lock = threading.Lock()
    queue = iter(requests)

    def worker(session: Session) -> None:
        while True:
            with lock:
                request = next(queue, None)
            if request is None:
                return
            try:
                answer = session.send(request, keep=keep or check is not None)
            except (OSError, http.client.HTTPException) as failure:
                with lock:
                    result.errors.append(f"{request.method} {request.path}: {failure!r}")
                continue
            problem = None
            if answer.status not in request.expect:
                problem = f"{request.method} {request.path}: {answer.status}"
            elif check is not None:
                problem = check(request, answer)
            with lock:
                result.ms.append(answer.ms)
                result.rows += answer.lines
                result.size += answer.size
                if problem:
                    result.errors.append(problem)

    threads = [threading.Thread(target=worker, args=(s,)) for s in sessions]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall_s = time.perf_counter() - start
    return result
