#!/usr/bin/env python3
"""Chat load: N customers hold a chat WebSocket each against a local FirstCall server and
send messages at a human pace; prints connections held, the round trip of a message (sent
until the server's acknowledgement, which comes after the message is committed to the
database) as p50/p99/max, and the server's resident memory.

    python3 Benchmarks/chat_load.py --binary .build/release/firstcall --chats 10000

starts its own server on a temporary SQLite directory (or `--database-url` for PostgreSQL),
or measures a running one with `--url http://127.0.0.1:8080 --queue 在线客服 [--server-pid PID]`.
The server limits sockets and conversations per client address, so the customers come through
a "proxy": the started server trusts 127.0.0.1 and each customer sends its own X-Forwarded-For
(a running server needs `--trusted-proxy 127.0.0.1` for the same).

With `--beside-planning` it runs twice on fresh servers, first alone, then while two shift
schedules are built over and over (the week instance, 10 s each) and a login flood runs (from a
separate process at the lowest priority, as from other machines), and prints both reports and
the p99s side by side: the server's heavy work must not slow chat.
"""

import argparse
import asyncio
import json
import threading
import os
import random
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import websockets

ADMIN_PASSWORD = "chat-load-admin"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(method, url, token=None, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers, method=method), timeout=timeout) as answer:
        return json.loads(answer.read() or b"null")


def raise_file_limit():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return hard


def resident_megabytes(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


class Server:
    """A `firstcall serve` on a free port with a chat queue."""

    def __init__(self, binary, database_url):
        self.directory = tempfile.mkdtemp(prefix="firstcall-chat-load-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        storage = ["--database-url", database_url] if database_url else ["--data-dir", self.directory]
        environment = dict(os.environ, FIRSTCALL_ADMIN_PASSWORD=ADMIN_PASSWORD)
        self.log = open(os.path.join(self.directory, "server.log"), "w")
        self.process = subprocess.Popen(
            [binary, "serve", "--port", str(self.port), "--log-level", "warning", "--trusted-proxy", "127.0.0.1",
             *storage],
            stdout=self.log, stderr=subprocess.STDOUT, env=environment)
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                request("GET", self.base + "/healthz")
                break
            except OSError:
                time.sleep(0.2)
        token = request("POST", self.base + "/api/v1/auth/login",
                        body={"username": "admin", "password": ADMIN_PASSWORD})["token"]
        self.queue = request("POST", self.base + "/api/v1/queues", token,
                             body={"name": f"压测在线客服 {self.port}", "channels": ["chat"]})["name"]

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        shutil.rmtree(self.directory, ignore_errors=True)


class Customer:
    """One widget: a socket, its conversation, and the round trips of its messages."""

    def __init__(self, number):
        self.number = number
        self.pending = {}
        self.round_trips = []
        self.first_round_trip = None
        self.errors = 0
        self.socket = None

    async def open(self, url, queue):
        # Each customer comes from an address of its own, through the trusted "proxy".
        address = f"10.{self.number // 65536 % 256}.{self.number // 256 % 256}.{self.number % 256}"
        self.socket = await websockets.connect(url, open_timeout=60, ping_interval=None, max_queue=None,
                                               additional_headers={"X-Forwarded-For": address})
        await self.socket.send(json.dumps({"type": "hello", "queue": queue}))

    async def listen(self):
        async for raw in self.socket:
            frame = json.loads(raw)
            if frame["type"] == "message" and frame.get("clientId") in self.pending:
                trip = time.perf_counter() - self.pending.pop(frame["clientId"])
                self.round_trips.append(trip)
                if frame["clientId"].endswith("-0"):
                    self.first_round_trip = trip
            elif frame["type"] == "error":
                self.errors += 1

    async def chat(self, messages, interval_seconds, generator):
        await asyncio.sleep(generator.uniform(0, interval_seconds))
        for index in range(messages):
            client_id = f"{self.number}-{index}"
            self.pending[client_id] = time.perf_counter()
            await self.socket.send(json.dumps({"type": "message", "text": f"第{index}条消息：我的订单还没到", "clientId": client_id}))
            await asyncio.sleep(generator.expovariate(1 / interval_seconds))


def acknowledgement_buckets(base):
    """The server's histogram of message acknowledgements: upper bound in ms → count."""
    with urllib.request.urlopen(base + "/metrics", timeout=30) as answer:
        text = answer.read().decode()
    buckets = {}
    for line in text.splitlines():
        if line.startswith("firstcall_chat_acknowledgement_seconds_bucket{"):
            bound = line.split('le="', 1)[1].split('"', 1)[0]
            buckets[float("inf") if bound == "+Inf" else float(bound) * 1000] = float(line.rsplit(" ", 1)[1])
    return buckets


def server_share(before, after):
    """Where the server's own acknowledgement times fall, from its histogram."""
    counts = {bound: after.get(bound, 0) - before.get(bound, 0) for bound in after}
    total = counts.get(float("inf"), 0)
    if not total:
        return None
    bounds = sorted(counts)
    p99 = next(bound for bound in bounds if counts[bound] >= 0.99 * total)
    return {"acknowledged": int(total),
            "within10ms": round(counts.get(10.0, 0) / total, 4),
            "within50ms": round(counts.get(50.0, 0) / total, 4),
            "p99AtMostMilliseconds": p99}


def percentiles(sorted_milliseconds):
    if not sorted_milliseconds:
        return None
    return {"p50": round(statistics.median(sorted_milliseconds), 1),
            "p99": round(sorted_milliseconds[int(len(sorted_milliseconds) * 0.99) - 1], 1),
            "max": round(sorted_milliseconds[-1], 1)}


class HeavyWork:
    """Two shift schedules built over and over, in threads, and a flood of logins from a separate,
    low-priority process (as from other machines: the flood's own CPU is not the server's), while
    chat runs."""

    SCHEDULE = Path(__file__).resolve().parents[1] / "Tests" / "Fixtures" / "wfm" / "schedules" / "week30_247.json"

    def __init__(self, base, login_clients):
        self.base = base
        self.login_clients = login_clients
        self.stopping = threading.Event()
        self.counts = {"schedules": 0, "scheduleRefused": 0}
        self.lock = threading.Lock()
        self.flood = None
        token = request("POST", base + "/api/v1/auth/login", body={"username": "admin", "password": ADMIN_PASSWORD})["token"]
        instance = json.loads(self.SCHEDULE.read_text())
        self.threads = [threading.Thread(target=self.schedule, args=(token, instance), daemon=True) for _ in range(2)]

    def count(self, key):
        with self.lock:
            self.counts[key] += 1

    def schedule(self, token, instance):
        while not self.stopping.is_set():
            try:
                request("POST", self.base + "/api/v1/wfm/schedule", token,
                        body={"instance": instance, "timeLimitSeconds": 10}, timeout=120)
                self.count("schedules")
            except urllib.error.HTTPError:
                self.count("scheduleRefused")
                time.sleep(1)

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        if self.login_clients:
            self.flood = subprocess.Popen(
                ["nice", "-n", "19", sys.executable, __file__, "--flood-logins", self.base,
                 "--login-clients", str(self.login_clients)], stdout=subprocess.PIPE, text=True)
        return self

    def __exit__(self, *exception):
        self.stopping.set()
        if self.flood:
            self.flood.terminate()
            self.counts.update(json.loads(self.flood.communicate(timeout=60)[0] or "{}"))
        for thread in self.threads:
            thread.join(timeout=130)


def flood_logins(base, clients):
    """Logs in as fast as answered from `clients` threads until terminated; prints the counts."""
    counts = {"logins": 0, "loginRefused": 0}
    lock = threading.Lock()
    done = threading.Event()

    def log_in():
        while not done.is_set():
            try:
                request("POST", base + "/api/v1/auth/login", body={"username": "admin", "password": ADMIN_PASSWORD})
                key = "logins"
            except urllib.error.HTTPError:
                key = "loginRefused"
            with lock:
                counts[key] += 1

    import signal
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    threads = [threading.Thread(target=log_in, daemon=True) for _ in range(clients)]
    for thread in threads:
        thread.start()
    while not done.is_set():
        done.wait(0.2)
    print(json.dumps(counts))


async def run(arguments, base, queue, server_pid, beside=None):
    url = base.replace("http", "ws") + "/chat/socket"
    customers = [Customer(number) for number in range(arguments.chats)]
    started = time.perf_counter()
    # Connect in waves, as visitors arrive, not all in one instant.
    for wave in range(0, len(customers), 500):
        await asyncio.gather(*(customer.open(url, queue) for customer in customers[wave:wave + 500]))
    connected_seconds = time.perf_counter() - started
    listeners = [asyncio.create_task(customer.listen()) for customer in customers]
    memory_idle = resident_megabytes(server_pid) if server_pid else None
    generator = random.Random(arguments.seed)
    buckets_before = acknowledgement_buckets(base)
    heavy = HeavyWork(base, arguments.login_clients) if beside else None
    if heavy:
        heavy.__enter__()
    chatting = time.perf_counter()
    await asyncio.gather(*(customer.chat(arguments.messages, arguments.interval, generator) for customer in customers))
    deadline = time.time() + 30
    while time.time() < deadline and any(customer.pending for customer in customers):
        await asyncio.sleep(0.1)
    chat_seconds = time.perf_counter() - chatting
    if heavy:
        heavy.__exit__(None, None, None)
    buckets_after = acknowledgement_buckets(base)
    held = sum(1 for customer in customers if customer.socket.state == websockets.protocol.State.OPEN)
    memory_busy = resident_megabytes(server_pid) if server_pid else None
    for task in listeners:
        task.cancel()
    await asyncio.gather(*(customer.socket.close() for customer in customers), return_exceptions=True)
    trips = sorted(trip * 1000 for customer in customers for trip in customer.round_trips)
    firsts = sorted(customer.first_round_trip * 1000 for customer in customers if customer.first_round_trip)
    sent = arguments.chats * arguments.messages
    report = {
        "chats": arguments.chats,
        "connectionsHeld": held,
        "connectSeconds": round(connected_seconds, 1),
        "messagesSent": sent,
        "messagesAcknowledged": len(trips),
        "errors": sum(customer.errors for customer in customers),
        "messagesPerSecond": round(len(trips) / chat_seconds, 1),
        "roundTripMilliseconds": percentiles(trips),
        # A conversation's first message also makes it a contact and queues it for an agent.
        "firstMessageRoundTripMilliseconds": percentiles(firsts),
        # The server's own share, from its histogram (receipt to acknowledgement, commit included):
        # what the clients add on top is their own scheduling on a shared machine.
        "serverAcknowledgement": server_share(buckets_before, buckets_after),
        "serverResidentMegabytes": {"idle": memory_idle and round(memory_idle), "busy": memory_busy and round(memory_busy)},
    }
    if heavy:
        report["besideHeavyWork"] = heavy.counts
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return report


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", help="firstcall binary to start (default .build/release/firstcall)",
                        default=".build/release/firstcall")
    parser.add_argument("--database-url", help="run the started server on PostgreSQL")
    parser.add_argument("--url", help="measure a running server instead of starting one")
    parser.add_argument("--queue", help="chat queue name on the running server")
    parser.add_argument("--server-pid", type=int, help="pid of the running server, for its memory")
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--messages", type=int, default=3, help="messages per customer")
    parser.add_argument("--interval", type=float, default=10.0, help="mean seconds between a customer's messages")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--beside-planning", action="store_true",
                        help="run alone, then beside two schedule builds and a login flood, and compare")
    parser.add_argument("--login-clients", type=int, default=16,
                        help="clients logging in as fast as they are answered, beside planning")
    parser.add_argument("--flood-logins", metavar="URL", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.flood_logins:
        flood_logins(arguments.flood_logins, arguments.login_clients)
        return
    limit = raise_file_limit()
    if arguments.chats + 100 > limit:
        sys.exit(f"chat_load: {arguments.chats} sockets need more than this process's file limit of {limit}")
    if arguments.url:
        if not arguments.queue:
            sys.exit("chat_load: --url needs --queue")
        asyncio.run(run(arguments, arguments.url, arguments.queue, arguments.server_pid))
        return
    reports = []
    for beside in ([False, True] if arguments.beside_planning else [False]):
        server = Server(arguments.binary, arguments.database_url)
        try:
            reports.append(asyncio.run(run(arguments, server.base, server.queue, server.process.pid, beside)))
        finally:
            server.stop()
    if len(reports) == 2:
        alone, beside = reports
        print(json.dumps({
            "roundTripP99Milliseconds": {"alone": alone["roundTripMilliseconds"]["p99"],
                                         "besidePlanningAndLogins": beside["roundTripMilliseconds"]["p99"]},
            "serverAcknowledgementP99AtMostMilliseconds": {
                "alone": (alone["serverAcknowledgement"] or {}).get("p99AtMostMilliseconds"),
                "besidePlanningAndLogins": (beside["serverAcknowledgement"] or {}).get("p99AtMostMilliseconds")},
            "heavyWork": beside.get("besideHeavyWork"),
        }, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
