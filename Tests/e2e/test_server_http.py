"""The HTTP contract of `firstcall serve`, against SQLite and PostgreSQL, including a kill -9."""

import requests

from conftest import Server


def test_health_login_and_queue_lifecycle_survive_kill_9(database):
    server = Server(database).start()
    assert server.api("GET", "/healthz").json()["database"] == database.engine

    admin = server.login()
    created = server.api("POST", "/api/v1/queues", admin, json={"name": "售后服务"})
    assert created.status_code == 201, created.text
    queue = created.json()
    assert queue["name"] == "售后服务" and queue["id"]

    agent = server.api("POST", "/api/v1/users", admin,
                       json={"username": "agent1", "password": "agent-password", "role": "agent", "displayName": "王芳"})
    assert agent.status_code == 201, agent.text
    agent_token = server.login("agent1", "agent-password")
    forbidden = server.api("POST", "/api/v1/queues", agent_token, json={"name": "x"})
    assert forbidden.status_code == 403 and forbidden.json()["error"]

    anonymous = server.api("POST", "/api/v1/queues", json={"name": "x"})
    assert anonymous.status_code == 401 and anonymous.json()["error"]

    malformed = server.api("POST", "/api/v1/queues", admin, data='{"name": ', headers={"Content-Type": "application/json"})
    assert malformed.status_code == 400
    assert "JSON" in malformed.json()["error"]

    server.kill()
    restarted = Server(database, port=server.port).start()
    try:
        token = restarted.login()
        names = [item["name"] for item in restarted.api("GET", "/api/v1/queues", token).json()["items"]]
        assert names == ["售后服务"]
        # The agent's session was stored, so it survives the crash too.
        assert restarted.api("GET", "/api/v1/auth/me", agent_token).json()["username"] == "agent1"
    finally:
        restarted.stop()


def test_sigterm_shuts_down_gracefully(database):
    server = Server(database).start()
    token = server.login()
    assert server.api("POST", "/api/v1/skills", token, json={"name": "退款"}).status_code == 201
    assert server.stop() == 0
    assert "database closed" in server.log()


def test_every_error_is_a_json_problem(server):
    token = server.login()
    for method, path, body in [
        ("GET", "/api/v1/queues/00000000-0000-0000-0000-000000000000", None),
        ("GET", "/api/v1/nowhere", None),
        ("PUT", "/api/v1/queues", {}),
        ("POST", "/api/v1/teams", {"name": ""}),
        ("POST", "/api/v1/users", {"username": "a b", "password": "x", "role": "agent", "displayName": "x"}),
        ("POST", "/api/v1/users", {"username": "ok", "password": "long-enough", "role": "root", "displayName": "x"}),
    ]:
        response = server.api(method, path, token, json=body)
        assert 400 <= response.status_code < 500, (method, path, response.status_code)
        assert response.headers["Content-Type"].startswith("application/json")
        problem = response.json()
        assert {"error", "code"} <= set(problem) <= {"error", "code", "field", "params"}, problem


def test_login_is_throttled_after_repeated_failures(server):
    for _ in range(3):
        assert server.api("POST", "/api/v1/auth/login", json={"username": "admin", "password": "nope"}).status_code == 401
    throttled = server.api("POST", "/api/v1/auth/login", json={"username": "admin", "password": server.admin_password})
    assert throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) > 0


def test_metrics_count_requests(server):
    server.api("GET", "/healthz")
    metrics = requests.get(server.base + "/metrics", timeout=5).text
    assert 'http_route="/healthz"' in metrics
