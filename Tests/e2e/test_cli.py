"""The `firstcall` command line: help, migrate, first-start admin, demo, readable errors."""

import os
import re
import subprocess

import requests

from conftest import ADMIN_PASSWORD, Database, Server, binary, free_port


def run(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), *arguments], capture_output=True, text=True, timeout=120, env=env)


def test_help_explains_each_command():
    overview = run("--help")
    assert overview.returncode == 0
    for command in ["serve", "demo", "migrate"]:
        assert command in overview.stdout
    for command, words in [("serve", ["--port", "--data-dir", "--database-url", "FIRSTCALL_ADMIN_PASSWORD"]),
                           ("demo", ["--port", "--data-dir", "demo"]),
                           ("migrate", ["--data-dir", "--database-url"])]:
        text = run(command, "--help").stdout
        for word in words:
            assert word in text, (command, word)


def test_migrate_records_the_schema_version(database):
    first = run("migrate", *database.arguments())
    assert first.returncode == 0, first.stderr
    assert re.search(r"schema version \d+", first.stdout)
    again = run("migrate", *database.arguments())
    assert again.stdout.split("(")[0] == first.stdout.split("(")[0]


def test_a_bad_database_url_is_one_readable_line():
    result = run("migrate", "--database-url", "postgres://nobody@127.0.0.1:1/none")
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("firstcall: error:")]
    assert len(errors) == 1
    bad_option = run("serve", "--port", "99999")
    assert bad_option.returncode != 0 and "port" in bad_option.stderr


def test_a_port_already_taken_is_one_readable_line_and_never_reported_as_listening(tmp_path):
    import socket
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    try:
        port = taken.getsockname()[1]
        result = run("serve", "--data-dir", str(tmp_path), "--port", str(port),
                     env={**os.environ, "FIRSTCALL_ADMIN_PASSWORD": ADMIN_PASSWORD})
    finally:
        taken.close()
    assert result.returncode == 1
    assert "is listening" not in result.stdout
    errors = [line for line in result.stderr.splitlines() if line.startswith("firstcall: error:")]
    assert len(errors) == 1 and "is taken" in errors[0], result.stderr[-2000:]
    # Closed cleanly: no crash report after the error.
    assert "Crash" not in result.stderr and "Fatal" not in result.stderr


def test_first_start_prints_a_generated_admin_password_once():
    database = Database("sqlite")
    try:
        server = Server(database, admin_password=None).start()
        server.stop()
        match = re.search(r"password: (\S+)", server.log())
        assert match, server.log()
        again = Server(database, admin_password=None).start()
        again.login("admin", match.group(1))
        again.stop()
        assert "password:" not in again.log()
    finally:
        database.remove()


def test_demo_seeds_the_center_and_prints_the_logins():
    database = Database("sqlite")
    try:
        demo = Server(database, command="demo", admin_password="demo").start()
        try:
            log = demo.log()
            for account in ["admin", "supervisor", "agent1", "agent10"]:
                assert re.search(rf"^\s+{account}\s", log, re.MULTILINE), log
            token = demo.login("agent3", "demo")
            queues = {item["name"] for item in demo.api("GET", "/api/v1/queues", token).json()["items"]}
            assert {"售前咨询", "售后服务", "VIP"} <= queues
            supervisor = demo.login("supervisor", "demo")
            users = demo.api("GET", "/api/v1/users", supervisor).json()["items"]
            assert any(user["displayName"] == "王芳" for user in users)
        finally:
            demo.stop()
    finally:
        database.remove()


def test_the_demo_never_runs_on_a_real_centers_store():
    """The demo publishes its passwords: pointed at a real center's data directory it refuses, leaving
    the center as it was; it ignores FIRSTCALL_DATABASE_URL and serves on loopback only."""
    database = Database("sqlite")
    try:
        real = Server(database).start()
        real.stop()
        refused = run("demo", "--port", str(free_port()), "--data-dir", database.directory)
        assert refused.returncode != 0
        errors = [line for line in refused.stderr.splitlines() if line.startswith("firstcall: error:")]
        assert len(errors) == 1 and "not a demo store" in errors[0], refused.stderr
        again = Server(database).start()
        try:
            assert again.login("admin", ADMIN_PASSWORD)
            wrong = requests.post(again.base + "/api/v1/auth/login", json={"username": "admin", "password": "demo"},
                                  timeout=10)
            assert wrong.status_code == 401
        finally:
            again.stop()
        assert "--host" not in run("demo", "--help").stdout
        assert run("demo", "--host", "0.0.0.0").returncode != 0
    finally:
        database.remove()


def test_the_demo_ignores_the_database_variable_and_serve_refuses_the_demos_store():
    database = Database("sqlite")
    try:
        demo = Server(database, command="demo")
        # A database URL nobody listens on: the demo must not even try it.
        demo.start_environment = {"FIRSTCALL_DATABASE_URL": "postgres://nobody@127.0.0.1:1/production"}
        demo.start()
        try:
            assert demo.login("admin", "demo")
        finally:
            demo.stop()
        served = run("serve", "--port", str(free_port()), "--data-dir", database.directory,
                     env={**os.environ, "FIRSTCALL_ADMIN_PASSWORD": ADMIN_PASSWORD})
        assert served.returncode != 0
        assert "demo's store" in served.stderr, served.stderr
    finally:
        database.remove()
