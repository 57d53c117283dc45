"""Gunicorn settings for the web process (read from the working directory at start)."""

import gc
import os
import sys

if not (os.environ.get("SECRET_KEY") or os.environ.get("FLASK_SECRET_KEY")):
    sys.exit(
        "Backpoint: SECRET_KEY is not set in the environment; refusing to start the web server."
    )

accesslog = "-"
# Chosen by measurement (README, "Benchmarks"): on SQLite, threads of one worker queue on the
# database's single write lock, so gthread workers answered POST /api/sessions at under half the
# rate of sync workers, with p99 several times longer. One process a core, one request each.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "sync")
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))


def post_worker_init(worker):
    """Once the worker has loaded the app, leave its long-lived objects out of garbage collection.

    Measured (bench/history.py): full collections over the app's ~150,000 objects cost a third
    of the time of drawing a long history; frozen, each collection looks at new objects only.
    """
    gc.freeze()


def worker_exit(server, worker):
    """A stopping worker first finishes the mail it started (a reset or registration link asked
    for a moment ago), for up to 10 s of gunicorn's 30 s graceful timeout."""
    from webapp.services import mail

    if not mail.finish_background_work(timeout=10):
        server.log.warning("Background mail still running as worker %s exits", worker.pid)
