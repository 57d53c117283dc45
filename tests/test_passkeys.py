"""Passkeys on the server: the relying party, bad input, and each person's own passkeys only
(the whole ceremony runs in Chromium with a virtual authenticator: tests/e2e/test_passkeys.py)."""

from datetime import timedelta

import sqlalchemy as sa

from tests.conftest import AuthActions, dispose_engine, make_app
from tests.test_device_accounts import start
from webapp.auth.passkey_routes import CHALLENGE_KEY
from webapp.extensions import db
from webapp.models import Passkey, User, utcnow
from webapp.services import devices
from webapp.services.passkeys import relying_party


def test_the_relying_party_comes_from_the_host_unless_set():
    assert relying_party({}, "http://localhost:5000/") == ("localhost", "http://localhost:5000")
    assert relying_party({}, "https://back.example/") == ("back.example", "https://back.example")
    config = {"WEBAUTHN_RP_ID": "example.org", "WEBAUTHN_ORIGIN": "https://app.example.org"}
    assert relying_party(config, "http://10.0.0.5:8000/") == (
        "example.org",
        "https://app.example.org",
    )
    assert relying_party({"WEBAUTHN_ORIGIN": "https://a.example"}, "http://x/")[0] == "a.example"


def test_options_need_a_csrf_token_and_bad_credentials_answer_400(signed_in):
    client = signed_in.client
    assert client.post("/passkeys/new/options").status_code == 400
    headers = {"X-CSRFToken": signed_in.csrf()}
    options = client.post("/passkeys/new/options", headers=headers).get_json()
    assert options["rp"]["id"] == "localhost"
    assert options["authenticatorSelection"]["residentKey"] == "required"
    assert options["authenticatorSelection"]["userVerification"] == "required"
    for body in (b"not json", b"[]", b'{"id": "x", "rawId": "x", "response": {}}'):
        response = client.post("/passkeys/new", data=body, headers=headers)
        assert response.status_code == 400
        assert "passkey" in response.get_json()["errors"]
    client.post("/passkeys/sign-in/options", headers=headers)
    response = client.post("/passkeys/sign-in", data=b'{"rawId": "AAAA"}', headers=headers)
    assert response.status_code == 400
    assert client.get("/account").status_code == 200


def add_passkey_row(app, user_id: int) -> int:
    with app.app_context():
        passkey = Passkey(
            user_id=user_id, credential_id=b"cred-%d" % user_id, public_key=b"key", name="Phone"
        )
        db.session.add(passkey)
        db.session.commit()
        return passkey.id


def test_a_person_can_remove_only_their_own_passkeys(app, signed_in):
    other = app.test_client()
    start(other)
    with app.app_context():
        ada, device = db.session.scalars(sa.select(User).order_by(User.id)).all()
    theirs = add_passkey_row(app, device.id)
    token = signed_in.csrf()
    response = signed_in.client.post(
        f"/account/passkeys/{theirs}/remove", data={"csrf_token": token}
    )
    assert response.status_code == 404
    mine = add_passkey_row(app, ada.id)
    page = signed_in.client.get("/account").text
    assert "Phone" in page and "Remove" in page
    response = signed_in.client.post(f"/account/passkeys/{mine}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalars(sa.select(Passkey.id)).all() == [theirs]


def test_a_passkey_secures_a_device_account_for_good(app, client):
    start(client)
    with app.app_context():
        user = db.session.scalar(sa.select(User))
        user.created_at = utcnow() - timedelta(days=400)
        db.session.commit()
        user_id = user.id
    passkey_id = add_passkey_row(app, user_id)
    assert "Log out" in client.get("/account").text
    token = client.get("/api/csrf-token").get_json()["csrf_token"]
    refused = client.post(f"/account/passkeys/{passkey_id}/remove", data={"csrf_token": token})
    assert refused.status_code == 302
    assert "only way back" in client.get("/account").text
    with app.app_context():
        assert devices.prune(db.session, utcnow() + timedelta(days=400)) == 0
        assert db.session.get(User, user_id) is not None


def test_the_environment_names_the_relying_party(monkeypatch, database):
    from tests.conftest import make_app

    monkeypatch.setenv("WEBAUTHN_RP_ID", "back.example")
    monkeypatch.setenv("WEBAUTHN_ORIGIN", "https://back.example")
    app = make_app(database)
    assert relying_party(app.config, "http://127.0.0.1:8000/") == (
        "back.example",
        "https://back.example",
    )


def test_passkey_options_are_limited_per_address(database):
    app = make_app(database, PASSKEY_OPTIONS_PER_ADDRESS=3)
    auth = AuthActions(app.test_client())
    headers = {"X-CSRFToken": auth.csrf()}
    answers = [auth.client.post("/passkeys/sign-in/options", headers=headers) for _ in range(4)]
    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert "try again in 15 minutes" in answers[-1].get_json()["errors"]["passkey"]
    with app.app_context():
        dispose_engine()


def test_a_challenge_counts_once_and_only_for_five_minutes(client):
    headers = {"X-CSRFToken": AuthActions(client).csrf()}
    body = b'{"rawId": "AAAA"}'

    def answer():
        return client.post("/passkeys/sign-in", data=body, headers=headers).get_json()

    client.post("/passkeys/sign-in/options", headers=headers)
    with client.session_transaction() as kept:
        challenge = kept[CHALLENGE_KEY]
    # A fresh challenge is checked (this credential is then refused as not this site's).
    assert "not one of this site's" in answer()["errors"]["passkey"]
    for stale in (challenge, {**challenge, "at": challenge["at"] - 300}):
        # The same challenge again (as a copied cookie would bring it), or an old one.
        with client.session_transaction() as kept:
            kept[CHALLENGE_KEY] = stale
        assert "Start again" in answer()["errors"]["passkey"]
    client.post("/passkeys/sign-in/options", headers=headers)
    with client.session_transaction() as kept:
        kept[CHALLENGE_KEY] = {**kept[CHALLENGE_KEY], "at": kept[CHALLENGE_KEY]["at"] - 280}
    assert "not one of this site's" in answer()["errors"]["passkey"]
