"""The sessions API under load: gunicorn with 2 workers, one person with ten years of sessions.

Usage: python -m bench.api_load [--clients 32] [--duration 30] [--rounds 3] [--database-url URL]
       [--worker-class sync|gthread --threads N] (default: gunicorn.conf.py's, as in production)

Each endpoint is driven in turn by the same number of concurrent clients for the same time
(the minimal JSON endpoint first, as the baseline), in rounds: the whole turn is repeated
`--rounds` times, each endpoint for its share of the duration, and the rounds are added up, so a
slow minute of this VM weighs on every endpoint alike. The load comes from one asyncio process
that speaks HTTP/1.1 itself (no client library to pin). Latency is measured from sending the request
(connecting first if needed) to the last byte of the body.
"""

import argparse
import asyncio
import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.common import (
    Browserless,
    Gunicorn,
    build_database,
    database_url,
    forget_person,
    load_note,
    rss_mb,
    verdict,
)
from tests.shared import session_payload

SESSIONS = 3650
WARM_UP_SECONDS = 2.0


@dataclass
class Endpoint:
    label: str
    method: str
    path: str
    expect: int
    body: object = None  # a function returning bytes, for POSTs


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    error_kinds: dict[str, int] = field(default_factory=dict)
    sizes: list[int] = field(default_factory=list)
    seconds: float = 0.0
    completed: int = 0  # every answer, the warm-up's too (for CPU per request)
    server_cpu: float = 0.0  # seconds of the workers' CPU while this endpoint was driven
    client_cpu: float = 0.0  # seconds of this process's CPU (the load generator) meanwhile

    def add(self, other: "Result") -> None:
        """Count another round of the same endpoint in."""
        self.latencies += other.latencies
        self.sizes += other.sizes
        self.errors += other.errors
        for kind, count in other.error_kinds.items():
            self.error_kinds[kind] = self.error_kinds.get(kind, 0) + count
        self.seconds += other.seconds
        self.completed += other.completed
        self.server_cpu += other.server_cpu
        self.client_cpu += other.client_cpu

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("inf")  # nothing finished within the window
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000


class Client:
    """One HTTP/1.1 connection, reused while the server keeps it open (gunicorn's sync
    workers close it after every response, so this reconnects as a browser would)."""

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.reader = self.writer = None

    async def request(self, raw: bytes) -> tuple[int, int]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        self.writer.write(raw)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        if "content-length" in headers:
            body = await self.reader.readexactly(int(headers["content-length"]))
        else:
            body = await self.reader.read()
        if headers.get("connection", "").lower() == "close" or "content-length" not in headers:
            await self.close()
        return status, len(body)

    async def close(self):
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def raw_request(endpoint: Endpoint, host: str, cookie: str, token: str) -> bytes:
    body = endpoint.body() if endpoint.body else b""
    lines = [
        f"{endpoint.method} {endpoint.path} HTTP/1.1",
        f"Host: {host}",
        "Connection: keep-alive",
        "Accept: application/json",
        f"Cookie: {cookie}",
    ]
    if endpoint.method == "POST":
        lines += [
            "Content-Type: application/json",
            f"X-CSRFToken: {token}",
            f"Content-Length: {len(body)}",
        ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def new_session() -> bytes:
    """A valid POST /api/sessions body with a new id: a 7-minute session that just ended."""
    return json.dumps(session_payload()).encode()


async def drive(endpoint, base, cookie, token, clients: int, seconds: float) -> Result:
    """Keep `clients` requests in flight; count those that end within `seconds` after a warm-up."""
    host_port = base.removeprefix("http://")
    host, port = host_port.split(":")
    result = Result()
    start = time.perf_counter()
    counting_from = start + WARM_UP_SECONDS
    stop = counting_from + seconds

    async def one_client():
        client = Client(host, int(port))
        while (now := time.perf_counter()) < stop:
            raw = raw_request(endpoint, host_port, cookie, token)
            try:
                status, size = await asyncio.wait_for(client.request(raw), timeout=30)
                result.completed += 1
                problem = None if status == endpoint.expect else f"HTTP {status}"
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
                problem = type(exc).__name__
                await client.close()
            if now < counting_from or time.perf_counter() > stop:
                continue  # started in the warm-up or finished after the window
            if problem:
                result.errors += 1
                result.error_kinds[problem] = result.error_kinds.get(problem, 0) + 1
            else:
                result.latencies.append(time.perf_counter() - now)
                result.sizes.append(size)
        await client.close()

    await asyncio.gather(*(one_client() for _ in range(clients)))
    result.seconds = seconds
    return result


def cpu_seconds(pid: int) -> float:
    """A process's CPU time so far (user and system), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def minimal_endpoint(server: Browserless) -> Endpoint:
    """/healthz when the app has it, else /api/csrf-token (no database, a few bytes of JSON)."""
    status, body = server.call("GET", "/healthz")
    if status == 200:
        try:
            json.loads(body)
            return Endpoint("GET /healthz", "GET", "/healthz", 200)
        except ValueError:
            pass
    return Endpoint("GET /api/csrf-token", "GET", "/api/csrf-token", 200)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--duration", type=float, default=30.0, help="seconds per endpoint")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="drive the endpoints in turn this many times, duration/rounds each (this VM's "
        "speed drifts within a minute: interleaved, each ratio compares like with like)",
    )
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--sessions", type=int, default=SESSIONS)
    parser.add_argument("--worker-class", help="sync or gthread (default: gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, help="threads a gthread worker")
    parser.add_argument(
        "--since-days",
        type=int,
        default=30,
        help="also drive GET /api/sessions?since= this many days ago (0: skip; no target)",
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL"),
        help="a database to use instead of a new SQLite file (migrated and seeded; the bench "
        "person is deleted afterwards), e.g. postgresql://user:pw@127.0.0.1/backpoint_bench",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="backpoint-bench-") as tmp:
        url = database_url(Path(tmp), args.database_url)
        email = build_database(url, args.sessions)
        options = ("--worker-class", args.worker_class) if args.worker_class else ()
        options += ("--threads", str(args.threads)) if args.threads else ()
        server = Gunicorn(url, args.workers, Path(tmp) / "gunicorn.log", options).start()
        try:
            person = Browserless(server.base).login(email)
            token = person.csrf_token()
            cookie = person.cookie_header()
            baseline = minimal_endpoint(person)
            endpoints = [
                baseline,
                Endpoint("GET /api/sessions (a page)", "GET", "/api/sessions", 200),
                Endpoint("POST /api/sessions", "POST", "/api/sessions", 201, new_session),
            ]
            if args.since_days:
                # What an incremental client would ask for: only the last weeks (no target).
                since = (datetime.now(UTC) - timedelta(days=args.since_days)).strftime(
                    "%Y-%m-%dT00:00:00Z"
                )
                path = f"/api/sessions?since={since}"
                label = f"GET /api/sessions?since=-{args.since_days}d"
                # Before the POSTs, which add sessions of today (in the first round).
                endpoints.insert(2, Endpoint(label, "GET", path, 200))
            dialect = url.split(":", 1)[0].split("+")[0]
            model = " ".join(options) or "gunicorn.conf.py's worker model"
            print(
                f"API under load: {args.clients} clients, {args.duration:g} s per endpoint "
                f"(in {args.rounds} rounds, interleaved), "
                f"{args.workers} gunicorn workers ({model}), {dialect}, {args.sessions} sessions; "
                f"{load_note()}"
            )
            results = {endpoint.label: Result() for endpoint in endpoints}
            for _round in range(args.rounds):
                for endpoint in endpoints:
                    workers, client = server.workers(), time.process_time()
                    before = sum(cpu_seconds(pid) for pid in workers)
                    seconds = args.duration / args.rounds
                    part = asyncio.run(
                        drive(endpoint, server.base, cookie, token, args.clients, seconds)
                    )
                    part.server_cpu = sum(cpu_seconds(pid) for pid in workers) - before
                    part.client_cpu = time.process_time() - client
                    results[endpoint.label].add(part)
            memory = {pid: rss_mb(pid) for pid in server.workers()}
        finally:
            server.stop()
        if args.database_url:
            forget_person(url, email)

    base_rate = results[baseline.label].rate or float("nan")
    header = f"{'endpoint':30} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
    print(header + f" {'errors':>7} {'ratio':>6} {'bytes/resp':>11}")
    for label, r in results.items():
        size = round(sum(r.sizes) / len(r.sizes)) if r.sizes else 0
        print(
            f"{label:30} {r.rate:8.1f} {r.percentile(50):8.1f} {r.percentile(95):8.1f} "
            f"{r.percentile(99):8.1f} {r.errors:7d} {r.rate / base_rate:6.2f} {size:11,d}"
        )
        if r.error_kinds:
            print(f"  errors: {r.error_kinds}")
    print("CPU per request (ms), all answers, warm-up included:")
    for label, r in results.items():
        if r.completed:
            server_ms, client_ms = (
                r.server_cpu * 1000 / r.completed,
                r.client_cpu * 1000 / r.completed,
            )
            print(f"  {label:30} workers {server_ms:5.2f}  load generator {client_ms:5.2f}")
    for pid, (now, peak) in memory.items():
        print(f"worker {pid}: RSS {now:.1f} MB after the run (peak {peak:.1f} MB)")
    print(f"after the run: {load_note()}")

    errors = sum(r.errors for r in results.values())  # every endpoint, the extra one too
    post = results["POST /api/sessions"]
    targeted = {label: r for label, r in results.items() if "?since=" not in label}
    worst_p99 = max(r.percentile(99) for r in targeted.values())
    worst_rss = max(now for now, _ in memory.values())
    print(f"{verdict(errors == 0)} zero errors: {errors}")
    ratio = post.rate / base_rate
    print(f"{verdict(ratio >= 0.5)} POST rate >= half the minimal endpoint's: {ratio:.2f}")
    for label, r in targeted.items():
        p99 = r.percentile(99)
        print(f"{verdict(p99 < 100)} p99 < 100 ms, {label}: {p99:.1f} ms")
    page = results["GET /api/sessions (a page)"]
    page_kb = max(page.sizes, default=0) / 1024
    print(f"{verdict(page_kb < 50)} GET /api/sessions < 50 KB a response: {page_kb:.1f} KB")
    print(f"{verdict(worst_rss < 150)} worker memory < 150 MB: {worst_rss:.1f} MB")
    met = errors == 0 and ratio >= 0.5 and worst_p99 < 100 and worst_rss < 150 and page_kb < 50
    print(f"overall: {verdict(met)}")


if __name__ == "__main__":
    main()
