"""The server as an attacker meets it, over real TCP: parallel password guesses, guesses behind a
proxy, login CSRF with a plain form, and staff sockets opened from another site's page."""

import concurrent.futures
import contextlib

import pytest
import requests
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from conftest import Database, Server


@contextlib.contextmanager
def serving(*extra):
    """`firstcall serve` with these options on a fresh SQLite store."""
    database = Database("sqlite")
    server = Server(database, extra=extra).start()
    try:
        yield server
    finally:
        server.stop()
        database.remove()


@pytest.fixture
def sqlite_server():
    with serving() as server:
        yield server


def guess(server, username, password="not-the-password", forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    return requests.post(server.base + "/api/v1/auth/login", json={"username": username, "password": password},
                         headers=headers, timeout=30)


def test_parallel_guesses_are_counted_before_any_password_is_checked(sqlite_server):
    with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
        statuses = [response.status_code for response in pool.map(lambda _: guess(sqlite_server, "admin"), range(40))]
    # Three free guesses per username and address, then 1, 2, 4 … seconds between tries: however
    # slowly the burst arrives, only a few reach the password check (the delays themselves are
    # checked on a manual clock in LoginThrottleTests).
    assert 3 <= statuses.count(401) <= 5, statuses
    assert statuses.count(429) == 40 - statuses.count(401), statuses


def test_login_takes_json_only_so_a_foreign_form_cannot_log_a_browser_in(sqlite_server):
    form = requests.post(sqlite_server.base + "/api/v1/auth/login",
                         data={"username": "nobody", "password": "whatever-1"}, timeout=10)
    assert form.status_code == 415 and set(form.json()) == {"error", "code"}
    text = requests.post(sqlite_server.base + "/api/v1/auth/login", data='{"username": "nobody", "password": "x"}',
                         headers={"Content-Type": "text/plain"}, timeout=10)
    assert text.status_code == 415


def staff_socket(server, path, origin=None, cookie=None, token=None):
    headers = {}
    if origin:
        headers["Origin"] = origin
    if cookie:
        headers["Cookie"] = cookie
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return connect(server.base.replace("http", "ws") + path, additional_headers=headers, open_timeout=5)


def test_staff_sockets_open_only_from_firstcalls_own_pages(sqlite_server):
    login = requests.post(sqlite_server.base + "/api/v1/auth/login",
                          json={"username": "admin", "password": sqlite_server.admin_password}, timeout=10)
    cookie = "firstcall_session=" + login.cookies["firstcall_session"]
    token = login.json()["token"]
    for path in ["/api/v1/chats/stream", "/api/v1/routing/stream"]:
        with staff_socket(sqlite_server, path, origin=sqlite_server.base, cookie=cookie):
            pass
        for foreign in ["http://shop.localhost:8080", "null", "http://127.0.0.1:1"]:
            # Refused before the upgrade (the WebSocket layer answers a refused upgrade with 400).
            with pytest.raises(InvalidStatus) as refused:
                staff_socket(sqlite_server, path, origin=foreign, cookie=cookie)
            assert 400 <= refused.value.response.status_code < 500
        # No Origin: a program, allowed with its bearer token and not with a cookie alone.
        with staff_socket(sqlite_server, path, token=token):
            pass
        with pytest.raises(InvalidStatus):
            staff_socket(sqlite_server, path, cookie=cookie)


def test_behind_a_trusted_proxy_each_client_is_throttled_on_its_own():
    with serving("--trusted-proxy", "127.0.0.1/32", "::1") as server:
        for _ in range(3):
            assert guess(server, "admin", forwarded_for="198.51.100.1").status_code == 401
        assert guess(server, "admin", forwarded_for="198.51.100.1").status_code == 429
        # Another customer of the same proxy is not the guesser.
        assert guess(server, "admin", server.admin_password, forwarded_for="198.51.100.2").status_code == 200
        # A forged hop on the left changes nothing: the proxy's own entry is the one believed, so
        # these are the guesser's tries and one of them waits (a new address would have three
        # free ones). Which one depends on whether the second-long answer to the refusal above
        # outlasted the first delay.
        statuses = [guess(server, "admin", forwarded_for="203.0.113.9, 198.51.100.1").status_code for _ in range(2)]
        assert 429 in statuses, statuses


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(sqlite_server):
    for number in range(3):
        assert guess(sqlite_server, "admin", forwarded_for=f"198.51.100.{number}").status_code == 401
    assert guess(sqlite_server, "admin", forwarded_for="198.51.100.99").status_code == 429


def test_an_https_public_address_makes_the_session_cookie_secure():
    with serving("--public-url", "https://cc.example.com") as server:
        login = requests.post(server.base + "/api/v1/auth/login",
                              json={"username": "admin", "password": server.admin_password}, timeout=10)
        assert "Secure" in login.headers["Set-Cookie"]
        token = login.json()["token"]
        with staff_socket(server, "/api/v1/chats/stream", origin="https://cc.example.com", token=token):
            pass
