"""Passkeys (WebAuthn) with the `webauthn` package: options, verification, the relying party."""

import json
from datetime import datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
import webauthn
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from webapp.models import Passkey, User

RP_NAME = "Backpoint"


def relying_party(config, host_url: str) -> tuple[str, str]:
    """(RP ID, origin): WEBAUTHN_RP_ID / WEBAUTHN_ORIGIN when set (behind a proxy, set them),
    else from the request's own host, e.g. ("localhost", "http://localhost:5000")."""
    parts = urlsplit(host_url)
    origin = config.get("WEBAUTHN_ORIGIN") or f"{parts.scheme}://{parts.netloc}"
    rp_id = config.get("WEBAUTHN_RP_ID") or urlsplit(origin).hostname
    return rp_id, origin


def registration_options(user: User, rp_id: str) -> tuple[str, str]:
    """(options JSON for navigator.credentials.create, challenge as base64url)."""
    options = webauthn.generate_registration_options(
        rp_id=rp_id,
        rp_name=RP_NAME,
        user_id=f"backpoint-user-{user.id}".encode(),
        user_name=user.email or f"Backpoint log {user.id}",
        user_display_name=user.email or "My Backpoint log",
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED,
            user_verification=UserVerificationRequirement.REQUIRED,
        ),
        exclude_credentials=[
            PublicKeyCredentialDescriptor(id=key.credential_id) for key in user.passkeys
        ],
    )
    return webauthn.options_to_json(options), bytes_to_base64url(options.challenge)


def register(
    session,
    user: User,
    credential: dict,
    challenge: str,
    rp_id: str,
    origin: str,
    name: str,
    now: datetime,
) -> Passkey:
    """Verify a new credential and keep its public key; raises on anything wrong."""
    verified = webauthn.verify_registration_response(
        credential=credential,
        expected_challenge=base64url_to_bytes(challenge),
        expected_rp_id=rp_id,
        expected_origin=origin,
        require_user_verification=True,
    )
    passkey = Passkey(
        user=user,
        credential_id=verified.credential_id,
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        name=name,
        created_at=now,
    )
    session.add(passkey)
    return passkey


def authentication_options(rp_id: str) -> tuple[str, str]:
    """Options for a discoverable passkey (the device offers its own; no email asked)."""
    options = webauthn.generate_authentication_options(
        rp_id=rp_id, user_verification=UserVerificationRequirement.REQUIRED
    )
    return webauthn.options_to_json(options), bytes_to_base64url(options.challenge)


def authenticate(
    session, credential: dict, challenge: str, rp_id: str, origin: str, now: datetime
) -> User | None:
    """The person whose passkey signed this challenge, or None (unknown or not verified)."""
    try:
        raw_id = base64url_to_bytes(credential["rawId"])
    except (KeyError, TypeError, ValueError):
        return None
    passkey = session.scalar(sa.select(Passkey).where(Passkey.credential_id == raw_id))
    if passkey is None:
        return None
    try:
        verified = webauthn.verify_authentication_response(
            credential=credential,
            expected_challenge=base64url_to_bytes(challenge),
            expected_rp_id=rp_id,
            expected_origin=origin,
            credential_public_key=passkey.public_key,
            credential_current_sign_count=passkey.sign_count,
            require_user_verification=True,
        )
    except Exception:  # webauthn raises several kinds; each means "not this person"
        return None
    passkey.sign_count = verified.new_sign_count
    passkey.last_used_at = now
    return passkey.user


def parse(body: bytes) -> dict | None:
    try:
        value = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None
