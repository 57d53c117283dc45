"""Gunicorn settings for the web process (read from the working directory at start)."""

import os
import sys

if not os.environ.get("SECRET_KEY"):
    sys.exit(
        "Backpoint: SECRET_KEY is not set in the environment; refusing to start the web server."
    )

# Behind a platform router: trust its X-Forwarded-* headers for scheme and client address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
