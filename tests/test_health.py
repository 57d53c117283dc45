"""/healthz: a load balancer learns whether the app can reach its database."""

from tests.conftest import dispose_engine, make_app


def test_health_check_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Set-Cookie" not in response.headers


def test_health_check_answers_503_without_details_when_the_database_is_unreachable(
    databases, caplog
):
    app = make_app(databases.unreachable())
    response = app.test_client().get("/healthz")
    with app.app_context():
        dispose_engine()
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable"}
    assert response.headers["Cache-Control"] == "no-store"
    assert "Health check: the database did not answer" in caplog.text
