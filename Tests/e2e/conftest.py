"""Fixtures that run the real `firstcall` binary on loopback, on SQLite and PostgreSQL,
and a real Chromium through Playwright."""

import functools
import glob
import http.server
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
ADMIN_PASSWORD = "e2e-admin-password"


def binary() -> str:
    path = os.environ.get("FIRSTCALL_BINARY") or str(ROOT / ".build" / "debug" / "firstcall")
    if not os.path.exists(path):
        pytest.exit(f"firstcall binary not found at {path}; run `swift build` or scripts/test", returncode=2)
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql() -> str:
    found = shutil.which("psql") or next(iter(sorted(glob.glob("/usr/lib/postgresql/*/bin/psql"))), None)
    if not found:
        pytest.exit("psql not found although FIRSTCALL_TEST_DATABASE_URL is set", returncode=2)
    return found


class Database:
    """Where a server keeps its data: a temporary SQLite directory or a fresh PostgreSQL database."""

    def __init__(self, engine: str):
        self.engine = engine
        self.directory = tempfile.mkdtemp(prefix="firstcall-e2e-")
        self.url = None
        if engine == "postgres":
            base = os.environ["FIRSTCALL_TEST_DATABASE_URL"]
            self.name = "firstcall_e2e_" + uuid.uuid4().hex
            subprocess.run([psql(), base, "-q", "-c", f"CREATE DATABASE {self.name}"], check=True)
            parts = urlsplit(base)
            self.url = urlunsplit((parts.scheme, parts.netloc, "/" + self.name, parts.query, parts.fragment))

    def arguments(self) -> list[str]:
        if self.url:
            return ["--database-url", self.url]
        return ["--data-dir", self.directory]

    def remove(self):
        shutil.rmtree(self.directory, ignore_errors=True)
        if self.url:
            subprocess.run(
                [psql(), os.environ["FIRSTCALL_TEST_DATABASE_URL"], "-q", "-c",
                 f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)"], check=False)


class Server:
    """A running `firstcall serve` (or `demo`) process on a free loopback port."""

    def __init__(self, database: Database, command: str = "serve", admin_password: str | None = ADMIN_PASSWORD,
                 port: int | None = None, extra: tuple[str, ...] = ()):
        self.database = database
        self.extra = list(extra)
        self.command = command
        self.admin_password = admin_password
        self.port = port or free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = None
        self.stdout_path = Path(database.directory) / f"{command}-{self.port}-{time.time_ns()}.out"

    def start(self):
        environment = dict(os.environ)
        environment.pop("FIRSTCALL_DATABASE_URL", None)
        environment.pop("FIRSTCALL_ADMIN_PASSWORD", None)
        environment.update(getattr(self, "start_environment", {}))
        if self.admin_password:
            environment["FIRSTCALL_ADMIN_PASSWORD"] = self.admin_password
        arguments = [binary(), self.command, "--port", str(self.port), *self.extra]
        if self.command == "demo":
            # The demo runs on its own SQLite store only, whatever the database is.
            arguments += ["--data-dir", self.database.directory]
        else:
            arguments += self.database.arguments()
        self.output = open(self.stdout_path, "w")
        self.process = subprocess.Popen(arguments, stdout=self.output, stderr=subprocess.STDOUT, env=environment)
        deadline = time.time() + 60
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log()}")
            try:
                if requests.get(self.base + "/healthz", timeout=1).status_code == 200:
                    return self
            except requests.ConnectionError:
                pass
            time.sleep(0.1)
        raise RuntimeError(f"server did not become healthy:\n{self.log()}")

    def restarted(self) -> "Server":
        """The same command on the same database and port, started again (after a stop or a kill)."""
        again = Server(self.database, command=self.command, admin_password=self.admin_password, port=self.port,
                       extra=tuple(self.extra))
        again.__dict__.update({key: value for key, value in self.__dict__.items()
                               if key in ("password", "shop", "shop_site")})
        return again.start()

    def log(self) -> str:
        self.output.flush()
        return self.stdout_path.read_text(errors="replace")

    def kill(self):
        """Ends the process with SIGKILL: no shutdown code runs."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> int:
        """SIGTERM, the way a service manager stops it; returns the exit code."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        return self.process.returncode

    def login(self, username: str = "admin", password: str | None = None) -> str:
        response = requests.post(self.base + "/api/v1/auth/login",
                                 json={"username": username, "password": password or self.admin_password}, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()["token"]

    def api(self, method: str, path: str, token: str | None = None, **kwargs) -> requests.Response:
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return requests.request(method, self.base + path, headers=headers, timeout=30, **kwargs)


def engines() -> list[str]:
    return ["sqlite", "postgres"] if os.environ.get("FIRSTCALL_TEST_DATABASE_URL") else ["sqlite"]


@pytest.fixture(params=engines())
def database(request):
    created = Database(request.param)
    yield created
    created.remove()


@pytest.fixture
def server(database):
    running = Server(database).start()
    yield running
    running.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    executable = os.environ.get("FIRSTCALL_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.exit("Chromium not found; scripts/test installs it", returncode=2)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page_for(browser):
    contexts = []

    def open_page(locale: str):
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        page.errors = []
        page.on("pageerror", lambda error: page.errors.append(str(error)))
        return page

    yield open_page
    for context in contexts:
        context.close()


def log_in(page, server, username="admin", password=None, succeeds=True):
    """Signs in through the login page and, unless told it fails, waits for the page it leads to. A
    login hashes the password on threads that give way to the server's own work, so on a busy machine
    it takes longer than an expectation's few seconds: the minute here only guards against a hang."""
    page.goto(server.base + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password or server.admin_password)
    page.click("[data-testid=login-submit]")
    if succeeds:
        page.wait_for_url(lambda url: not url.endswith("/login"), timeout=60_000)


CENTER_PASSWORD = "center-password"


class ShopSite:
    """A shop's web site on its own origin carrying the chat widget of a FirstCall server, as a
    customer's site does in production (the demo shop is served by FirstCall itself)."""

    def __init__(self, server_base: str, queue: str = "在线客服"):
        self.directory = tempfile.mkdtemp(prefix="firstcall-shop-")
        Path(self.directory, "index.html").write_text(
            '<!doctype html><html><head><meta charset="utf-8"><title>Shop</title></head><body><h1>Shop</h1>'
            f'<script src="{server_base}/widget.js" data-queue="{queue}" async></script></body></html>',
            encoding="utf-8")
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=self.directory)
        handler.log_message = lambda *arguments: None
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/index.html"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        shutil.rmtree(self.directory, ignore_errors=True)


def start_chat_center(database: Database, extra: tuple[str, ...] = (), demo: bool = True) -> Server:
    """A center with the chat queue 在线客服, agents agent1 (王芳, two chats) and agent10 (吴婷, one) and
    a supervisor. On SQLite it is the demo (password `demo`, the shop at /demo/shop) unless `demo` is
    false; the demo runs on its own SQLite store only, so on PostgreSQL, or with options only `serve`
    has, it is `serve` set up through the API with a shop on its own origin. `server.password` and
    `server.shop` say which."""
    if database.engine == "sqlite" and demo:
        server = Server(database, command="demo", extra=extra).start()
        server.password, server.shop = "demo", server.base + "/demo/shop"
        return server
    server = Server(database, extra=extra).start()
    admin = server.login()

    def create(path, body):
        response = server.api("POST", path, admin, json=body)
        assert response.status_code == 201, response.text

    create("/api/v1/queues", {"name": "在线客服", "channels": ["chat"], "strategy": "least-occupied"})
    create("/api/v1/users", {"username": "supervisor", "displayName": "赵敏", "role": "supervisor",
                             "password": CENTER_PASSWORD, "canPlanWorkforce": True})
    for username, name, capacity in [("agent1", "王芳", 2), ("agent10", "吴婷", 1)]:
        create("/api/v1/users", {"username": username, "displayName": name, "role": "agent",
                                 "password": CENTER_PASSWORD, "chatCapacity": capacity})
    server.shop_site = ShopSite(server.base)
    server.password, server.shop = CENTER_PASSWORD, server.shop_site.url
    return server


def stop_chat_center(server: Server):
    server.stop()
    if getattr(server, "shop_site", None):
        server.shop_site.close()
