"""`flask reminders send` with 10,000 due people against a local sink (no real push service).

Usage: python -m bench.reminders [--people 10000] [--database-url URL]

Builds a throwaway database (SQLite unless --database-url names PostgreSQL), gives every person
a due reminder and one subscribed device whose endpoint is a sink on 127.0.0.1 (answers 201 to
everything), then runs the real CLI in a subprocess and times it. Prints the time, the rate, and
PASS when all were sent in under 60 s. A second run must send nothing (each day goes once).
"""

import argparse
import base64
import os
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import flask_migrate
import sqlalchemy as sa
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from bench.common import MIGRATIONS, ROOT, SECRET_KEY, app_for, database_url, load_note, verdict
from webapp.extensions import db
from webapp.models import WEEKDAYS, PushSubscription, ReminderSetting, User
from webapp.services.catalog import read_seed, seed_catalog
from webapp.services.push import new_key_pair

TARGET_SECONDS = 60


class Sink:
    """Counts push requests and answers 201, as a push service that accepted them."""

    def __init__(self):
        self.count = 0
        self.lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with sink.lock:
                    sink.count += 1
                self.send_response(201)
                self.send_header("Content-Length", "0")
                self.end_headers()

        ThreadingHTTPServer.request_queue_size = 256
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def build(url: str, people: int, sink_url: str) -> None:
    """Migrate, seed, and insert `people` people with a reminder due a minute ago."""
    app = app_for(url)
    with app.app_context():
        flask_migrate.upgrade(directory=MIGRATIONS)
        seed_catalog(db.session, read_seed(app.config["SEED_DIR"]))
        db.session.commit()
        # One device key for all: the sink does not decrypt, and key generation is not measured.
        public = ec.generate_private_key(ec.SECP256R1()).public_key()
        p256dh = b64url(
            public.public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )
        auth = b64url(os.urandom(16))
        start = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(User.id), 0)))
        db.session.execute(
            sa.insert(User),
            [
                {
                    "email": f"bench-{start + n}@example.com",
                    "password_hash": "x",
                    "session_token": os.urandom(32).hex(),
                    "created_at": datetime.now(UTC),
                }
                for n in range(people)
            ],
        )
        ids = db.session.scalars(sa.select(User.id).where(User.id > start)).all()
        now = datetime.now(UTC)
        due = now - timedelta(minutes=1)
        # A minute ago on the UTC clock (00:00 just after midnight): due now, not "too late".
        clock = "00:00" if due.date() != now.date() else due.strftime("%H:%M")
        db.session.execute(
            sa.insert(ReminderSetting),
            [
                {
                    "user_id": user_id,
                    "enabled": True,
                    "local_time": clock,
                    "time_zone": "UTC",
                    "days": list(WEEKDAYS),
                    "skip_if_done": True,
                    "next_due_at": due,
                    "updated_at": due,
                }
                for user_id in ids
            ],
        )
        db.session.execute(
            sa.insert(PushSubscription),
            [
                {
                    "user_id": user_id,
                    "endpoint": f"{sink_url}/push/{user_id}",
                    "p256dh": p256dh,
                    "auth": auth,
                    "created_at": due,
                }
                for user_id in ids
            ],
        )
        db.session.commit()
        db.engine.dispose()


def run_send(url: str, private_key: str) -> tuple[float, str]:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET_KEY,
        "VAPID_PRIVATE_KEY": private_key,
        "VAPID_SUBJECT": "mailto:bench@example.com",
        "FLASK_APP": "webapp",
    }
    flask = str(Path(sys.executable).with_name("flask"))
    started = time.perf_counter()
    result = subprocess.run(
        [flask, "reminders", "send"], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    return time.perf_counter() - started, result.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    sink = Sink()
    with tempfile.TemporaryDirectory() as tmp:
        url = database_url(Path(tmp), args.database_url)
        build(url, args.people, sink.url)
        private, _ = new_key_pair()
        seconds, output = run_send(url, private)
        sent = sink.count
        again, second_output = run_send(url, private)
    rate = sent / seconds if seconds else 0
    ok = sent == args.people and seconds < TARGET_SECONDS and sink.count == sent
    print(f"flask reminders send: {args.people} due people, {sent} pushes received by the sink")
    print(f"  {output}")
    print(f"  {seconds:.1f} s, {rate:.0f} pushes/s (target < {TARGET_SECONDS} s)  {verdict(ok)}")
    print(f"  second run, {again:.1f} s: {second_output}  ({sink.count - sent} more pushes)")
    print(f"  {load_note()}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
