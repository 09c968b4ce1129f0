#!/usr/bin/env python3
"""Chat load: N customers hold a chat WebSocket each against a local FirstCall server and
send messages at a human pace; prints connections held, the round trip of a message (sent
until the server's acknowledgement, which comes after the message is committed to the
database) as p50/p99/max, and the server's resident memory.

    python3 Benchmarks/chat_load.py --binary .build/release/firstcall --chats 10000

starts its own server on a temporary SQLite directory (or `--database-url` for PostgreSQL),
or measures a running one with `--url http://127.0.0.1:8080 --queue 在线客服 [--server-pid PID]`.
"""

import argparse
import asyncio
import json
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
import urllib.request

import websockets

ADMIN_PASSWORD = "chat-load-admin"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(method, url, token=None, body=None):
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    with urllib.request.urlopen(urllib.request.Request(url, data=data, headers=headers, method=method), timeout=30) as answer:
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
            [binary, "serve", "--port", str(self.port), "--log-level", "warning", *storage],
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
        self.socket = await websockets.connect(url, open_timeout=60, ping_interval=None, max_queue=None)
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


async def run(arguments, base, queue, server_pid):
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
    chatting = time.perf_counter()
    await asyncio.gather(*(customer.chat(arguments.messages, arguments.interval, generator) for customer in customers))
    deadline = time.time() + 30
    while time.time() < deadline and any(customer.pending for customer in customers):
        await asyncio.sleep(0.1)
    chat_seconds = time.perf_counter() - chatting
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
    print(json.dumps(report, ensure_ascii=False, indent=2))


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
    arguments = parser.parse_args()
    limit = raise_file_limit()
    if arguments.chats + 100 > limit:
        sys.exit(f"chat_load: {arguments.chats} sockets need more than this process's file limit of {limit}")
    if arguments.url:
        if not arguments.queue:
            sys.exit("chat_load: --url needs --queue")
        asyncio.run(run(arguments, arguments.url, arguments.queue, arguments.server_pid))
        return
    server = Server(arguments.binary, arguments.database_url)
    try:
        asyncio.run(run(arguments, server.base, server.queue, server.process.pid))
    finally:
        server.stop()


if __name__ == "__main__":
    main()
