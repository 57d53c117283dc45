"""A push service the tests run themselves on 127.0.0.1: it checks each request's VAPID JWT and
decrypts the body with http_ece, using the keys the test made for its fake subscriptions."""

import base64
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


@dataclass
class Device:
    """A browser's half of a subscription: its private key and auth secret stay in the test."""

    endpoint: str
    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    auth: bytes = field(default_factory=lambda: __import__("os").urandom(16))

    def to_json(self) -> dict:
        """What PushSubscription.toJSON() gives the page."""
        public = self.key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": b64url(public), "auth": b64url(self.auth)},
        }


@dataclass
class Delivery:
    path: str
    claims: dict
    vapid_key: str
    headers: dict
    message: dict


class PushService:
    """Answers 201 (or the status set for a path) and keeps every message it could decrypt."""

    def __init__(self, vapid_public_key: str | None = None):
        self.devices: dict[str, Device] = {}
        self.status: dict[str, int] = {}
        self.deliveries: list[Delivery] = []
        self.rejected: list[str] = []
        self.requests: list[str] = []
        self.vapid_public_key = vapid_public_key
        self.lock = threading.Lock()
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with service.lock:
                    service.requests.append(self.path)
                status = service.status.get(self.path)
                if status is None:
                    problem = service.receive(self.path, self.headers, body)
                    status = 400 if problem else 201
                    if problem:
                        with service.lock:
                            service.rejected.append(problem)
                self.send_response(status)
                if 300 <= status < 400:
                    self.send_header("Location", "/elsewhere")
                self.send_header("Content-Length", "0")
                self.end_headers()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def device(self, name: str) -> Device:
        device = Device(f"{self.url}/push/{name}")
        self.devices[f"/push/{name}"] = device
        return device

    def receive(self, path: str, headers, body: bytes) -> str | None:
        """Check one push request as a real push service would; a reason to reject, or None."""
        auth = headers.get("Authorization", "")
        if not auth.startswith("vapid t="):
            return "no VAPID authorization"
        parts = dict(item.split("=", 1) for item in auth.removeprefix("vapid ").split(","))
        if not Vapid02.verify(auth):
            return "bad VAPID signature"
        if self.vapid_public_key and parts["k"] != self.vapid_public_key:
            return "signed with another key"
        claims = json.loads(b64url_decode(parts["t"].split(".")[1]))
        if claims.get("aud") != self.url or claims.get("exp", 0) < time.time():
            return f"bad claims {claims}"
        if headers.get("Content-Encoding") != "aes128gcm" or "TTL" not in headers:
            return "missing headers"
        device = self.devices.get(path)
        if device is None:
            return "unknown subscription"
        plain = http_ece.decrypt(body, private_key=device.key, auth_secret=device.auth)
        with self.lock:
            self.deliveries.append(
                Delivery(path, claims, parts["k"], dict(headers), json.loads(plain))
            )
        return None

    def received(self, path: str) -> list[Delivery]:
        return [d for d in self.deliveries if d.path == path]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
