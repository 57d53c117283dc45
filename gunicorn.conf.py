"""Gunicorn settings for the web process (read from the working directory at start)."""

import os
import sys

if not (os.environ.get("SECRET_KEY") or os.environ.get("FLASK_SECRET_KEY")):
    sys.exit(
        "Backpoint: SECRET_KEY is not set in the environment; refusing to start the web server."
    )

accesslog = "-"
