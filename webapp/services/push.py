"""Web Push: VAPID keys, checking a browser's subscription, and sending one message."""

import base64
import ipaddress
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from pywebpush import WebPusher

from webapp.config import instance_secret
from webapp.i18n import gettext as _

VAPID_FILE = "vapid_private_key"
ENDPOINT_MAX = 2048
LOOPBACK_NAMES = ("localhost",)


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def new_key_pair() -> tuple[str, str]:
    """A fresh VAPID pair: the raw private scalar and the uncompressed public point, base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    return b64url(private), b64url(public)


def public_key_of(private: str) -> str:
    key = Vapid02.from_raw(private.encode()).public_key
    return b64url(
        key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    )


def development_private_key(instance_path: str) -> str:
    """The development VAPID private key, made once in instance/."""
    return instance_secret(instance_path, VAPID_FILE, lambda: new_key_pair()[0])


@dataclass(frozen=True)
class VapidKeys:
    private: str
    public: str
    subject: str


def vapid_keys(config: dict, instance_path: str) -> VapidKeys:
    """The keys from settings (VAPID_PRIVATE_KEY, VAPID_PUBLIC_KEY), else the development file."""
    private = (config.get("VAPID_PRIVATE_KEY") or "").strip()
    if not private:
        private = development_private_key(instance_path)
    public = (config.get("VAPID_PUBLIC_KEY") or "").strip() or public_key_of(private)
    return VapidKeys(private, public, config.get("VAPID_SUBJECT") or "mailto:admin@localhost")


def _is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def validate_subscription(data, allow_loopback: bool) -> tuple[dict | None, dict[str, str]]:
    """Check PushSubscription.toJSON(); the endpoint and keys, or errors by field."""
    if not isinstance(data, dict):
        return None, {
            "body": _("Send the subscription as a JSON object (PushSubscription.toJSON()).")
        }
    errors: dict[str, str] = {}
    endpoint = data.get("endpoint")
    if not isinstance(endpoint, str) or not endpoint or len(endpoint) > ENDPOINT_MAX:
        errors["endpoint"] = _(
            "Give the push service's URL (at most %(max)d characters).", max=ENDPOINT_MAX
        )
    else:
        try:
            parts = urlsplit(endpoint)
            host = parts.hostname or ""
        except ValueError:
            parts, host = None, ""
        loopback = _is_loopback(host)
        if parts is None or not host or parts.username or parts.password:
            errors["endpoint"] = _("Must be an https URL of a push service.")
        elif parts.scheme == "http" and loopback and allow_loopback:
            pass
        elif parts.scheme != "https" or loopback or _is_ip(host):
            # Push services have names; an address or loopback would point the sender inward.
            errors["endpoint"] = _("Must be an https URL of a push service.")
    keys = data.get("keys")
    if not isinstance(keys, dict):
        errors["keys"] = _("Give keys.p256dh and keys.auth from the browser.")
        keys = {}
    for field, size in (("p256dh", 65), ("auth", 16)):
        value = keys.get(field)
        try:
            raw = b64url_decode(value) if isinstance(value, str) and len(value) < 200 else b""
        except ValueError:
            raw = b""
        if len(raw) != size or (field == "p256dh" and raw[0] != 4):
            errors[f"keys.{field}"] = _(
                "Must be the browser's %(field)s key, base64url.", field=field
            )
    if errors:
        return None, errors
    return {"endpoint": endpoint, "p256dh": keys["p256dh"], "auth": keys["auth"]}, {}


class _NoRedirectSession:
    """What pywebpush posts through: a requests session per thread that never follows redirects."""

    def __init__(self):
        self.local = threading.local()

    def post(self, url, **kwargs):
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = requests.Session()
            session.trust_env = False
        return session.post(url, allow_redirects=False, **kwargs)


class Pusher:
    """Sends encrypted messages with VAPID headers; signs once per push service per 12 hours."""

    LIFETIME = 12 * 60 * 60

    def __init__(self, keys: VapidKeys, timeout: float = 10.0, ttl: int = 4 * 60 * 60):
        self.vapid = Vapid02.from_raw(keys.private.encode())
        self.subject = keys.subject
        self.timeout = timeout
        self.ttl = ttl
        self.http = _NoRedirectSession()
        self.signed: dict[str, tuple[float, dict]] = {}
        self.lock = threading.Lock()

    def _headers(self, endpoint: str) -> dict:
        parts = urlsplit(endpoint)
        audience = f"{parts.scheme}://{parts.netloc}"
        now = time.time()
        with self.lock:
            cached = self.signed.get(audience)
            if cached is None or cached[0] < now + 60 * 60:
                expires = int(now) + self.LIFETIME
                claims = {"aud": audience, "sub": self.subject, "exp": expires}
                cached = self.signed[audience] = (expires, self.vapid.sign(claims))
        return dict(cached[1])

    def send(self, info: dict, payload: bytes) -> int:
        """Post one message; the push service's status code (0 when it could not be reached)."""
        headers = self._headers(info["endpoint"])
        headers["Urgency"] = "normal"
        try:
            response = WebPusher(info, requests_session=self.http).send(
                payload, headers, ttl=self.ttl, timeout=self.timeout
            )
        except requests.RequestException:
            return 0
        response.close()
        return response.status_code
