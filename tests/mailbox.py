"""Reading the mail the app sends: a real SMTP server (aiosmtpd on 127.0.0.1) for the mail
tests, and, for every other test, the messages the test apps hand to Flask-Mail (which sends
nothing under TESTING), so helpers can follow the real links in them."""

import email
import re
import threading
import time

from flask_mail import email_dispatched


def link_path(text: str, path: str) -> str | None:
    """The path (and query) of the first link to /path/... in a message body, if any."""
    found = re.search(rf"https?://[^/\s]+(/{path}/[\w.-]+(?:\?\S*)?)", text)
    return found.group(1) if found else None


class Inbox:
    """An aiosmtpd handler that keeps every message the SMTP server is handed."""

    def __init__(self):
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        message = email.message_from_bytes(envelope.content)
        message["X-Rcpt"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def wait_for(self, count: int, timeout: float = 10) -> list[email.message.Message]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        assert len(self.messages) >= count, f"{len(self.messages)} of {count} messages arrived"
        return self.messages


class Outbox:
    """Every message any app of this run gave Flask-Mail (sent or, under TESTING, not)."""

    def __init__(self):
        self.sent: list[tuple[object, object]] = []
        self.lock = threading.Lock()
        email_dispatched.connect(self._record, weak=False)

    def _record(self, app, message, **_):
        with self.lock:
            self.sent.append((app, message))

    def count(self) -> int:
        with self.lock:
            return len(self.sent)

    def next_to(self, address: str, after: int, app=None, timeout: float = 10):
        """The first message to address (of app, if given) after the first `after` ones."""
        address = address.strip().lower()
        deadline = time.monotonic() + timeout
        while True:
            with self.lock:
                for sender, message in self.sent[after:]:
                    if address in message.recipients and (app is None or sender is app):
                        return message
            assert time.monotonic() < deadline, f"no message to {address} arrived"
            time.sleep(0.01)


OUTBOX = Outbox()
