"""The customer's chat socket under bad input, as a hostile or broken client sends it: every
bad frame gets an error (or, if oversize, the socket closes), nothing is stored, the server
stays up and other conversations are not affected."""

import json
import random

import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from conftest import Database, Server

# These tests are about agents and customers; the bot, which would answer first, has its own.
WITHOUT_BOT = ("--no-chat-bot",)

QUEUE = "在线客服"


@pytest.fixture(scope="module")
def demo():
    database = Database("sqlite")
    running = Server(database, command="demo", extra=WITHOUT_BOT).start()
    yield running
    running.stop()
    database.remove()


class Widget:
    """One customer's socket, read frame by frame."""

    def __init__(self, server):
        # Entered as a context manager (closed in close()); an unbounded queue so a test that sends
        # many frames before reading the answers does not stall its own closing handshake.
        self.socket = connect(
            server.base.replace("http", "ws") + "/chat/socket", open_timeout=5, max_size=2**20, max_queue=None
        ).__enter__()

    def send(self, frame):
        self.socket.send(frame if isinstance(frame, (str, bytes)) else json.dumps(frame, ensure_ascii=False))

    def receive(self, wanted=None, timeout=5):
        """The next frame, or the next of type `wanted` (skipping others)."""
        while True:
            frame = json.loads(self.socket.recv(timeout=timeout))
            if wanted is None or frame["type"] == wanted:
                return frame

    def hello(self, **fields):
        self.send({"type": "hello", **(fields or {"queue": QUEUE})})
        welcome = self.receive()
        assert welcome["type"] == "welcome", welcome
        self.receive("state")
        return welcome

    def close(self):
        self.socket.close()


def stored_messages(server, conversation):
    token = server.login("supervisor", "demo")
    events = server.api("GET", f"/api/v1/contacts/{conversation}/events", token).json().get("items", [])
    return [item["event"]["chatMessage"]["message"] for item in events if "chatMessage" in item["event"]]


def test_bad_frames_get_an_error_and_the_socket_stays_usable(demo):
    widget = Widget(demo)
    for frame in ["not json", "[]", '{"type": "dance"}', '{"text": "no type"}', '{"type": 7}']:
        widget.send(frame)
        assert widget.receive()["type"] == "error"
    widget.send({"type": "message", "text": "before hello"})
    assert "hello" in widget.receive()["error"]
    widget.send(b"\x00\x01binary")
    assert widget.receive()["type"] == "error"
    widget.send({"type": "hello", "queue": "没有这个队列"})
    assert widget.receive()["error"] == "unknown queue"

    welcome = widget.hello()
    for bad in [{"type": "message", "text": "   "}, {"type": "message", "text": "长" * 2001},
                {"type": "message", "text": "bell\u0007"}, {"type": "message", "text": 42},
                {"type": "message", "text": "x", "clientId": "has space"},
                {"type": "identify", "email": "not-an-address"}, {"type": "survey", "satisfaction": 9},
                {"type": "formReply", "formId": "nope", "values": {"a": "b"}},
                {"type": "hello", "queue": QUEUE}]:
        widget.send(bad)
        frame = widget.receive()
        assert frame["type"] == "error", (bad, frame)
    widget.send({"type": "message", "text": "正常的消息", "clientId": "ok-1"})
    echo = widget.receive("message")
    assert (echo["text"], echo["clientId"], echo["author"]) == ("正常的消息", "ok-1", "customer")
    assert [message["body"] for message in stored_messages(demo, welcome["conversation"])] == [{"text": {"_0": "正常的消息"}}]
    widget.close()


def test_an_oversize_frame_closes_only_that_socket(demo):
    bystander = Widget(demo)
    bystander.hello()
    widget = Widget(demo)
    widget.hello()
    widget.send("x" * 100_000)
    with pytest.raises(ConnectionClosed) as closed:
        while True:
            widget.receive(timeout=5)
    assert closed.value.rcvd is None or closed.value.rcvd.code == 1009
    assert requests.get(demo.base + "/healthz", timeout=5).status_code == 200
    bystander.send({"type": "message", "text": "我还在", "clientId": "b-1"})
    assert bystander.receive("message")["text"] == "我还在"
    bystander.close()


def test_a_conversation_is_only_readable_with_its_own_secret(demo):
    owner = Widget(demo)
    mine = owner.hello()
    owner.send({"type": "message", "text": "我的手机号 13800138000", "clientId": "p-1"})
    owner.receive("message")
    other = Widget(demo)
    theirs = other.hello()
    for attempt in [{"conversation": mine["conversation"], "token": theirs["token"]},
                    {"conversation": mine["conversation"], "token": ""},
                    {"conversation": mine["conversation"]},
                    {"conversation": "../../etc/passwd", "token": mine["token"]}]:
        intruder = Widget(demo)
        intruder.send({"type": "hello", **attempt})
        assert intruder.receive()["error"] == "unknown conversation"
        intruder.close()
    # With its own secret, a new socket gets the whole conversation again.
    again = Widget(demo)
    again.send({"type": "hello", "conversation": mine["conversation"], "token": mine["token"], "after": 0})
    assert again.receive()["type"] == "welcome"
    assert again.receive("message")["text"] == "我的手机号 13800138000"
    for widget in (owner, other, again):
        widget.close()


def test_a_resend_after_a_lost_acknowledgement_is_stored_once(demo):
    widget = Widget(demo)
    welcome = widget.hello()
    for _ in range(3):
        widget.send({"type": "message", "text": "只存一次", "clientId": "same-id"})
        assert widget.receive("message")["clientId"] == "same-id"
    assert len(stored_messages(demo, welcome["conversation"])) == 1
    widget.close()


def test_a_flooding_customer_is_refused_while_others_chat_on(demo):
    flooder = Widget(demo)
    flood = flooder.hello()
    calm = Widget(demo)
    calm.hello()
    for index in range(40):
        flooder.send({"type": "message", "text": f"刷屏{index}", "clientId": f"f-{index}"})
    answers = [flooder.receive() for _ in range(40)]
    accepted = [frame for frame in answers if frame["type"] == "message"]
    refused = [frame for frame in answers if frame["type"] == "error"]
    assert 10 <= len(accepted) < 40 and refused and "too many" in refused[0]["error"]
    calm.send({"type": "message", "text": "你好", "clientId": "c-1"})
    assert calm.receive("message")["text"] == "你好"
    # Exactly what was acknowledged is stored, nothing of what was refused.
    assert len(stored_messages(demo, flood["conversation"])) == len(accepted)
    flooder.close()
    calm.close()


def test_random_frames_never_take_the_server_down(demo):
    generator = random.Random(20261202)
    kinds = ["hello", "message", "typing", "human", "identify", "formReply", "survey", "end", "bogus"]
    values = [None, 0, -1, 2**63, 1.5, "", "字" * 300, [], {}, {"a": 1}, True, "\u0000", "<script>x</script>"]
    for round_number in range(5):
        widget = Widget(demo)
        if round_number % 2:
            widget.hello()
        for _ in range(60):
            frame = {"type": generator.choice(kinds)}
            for field in generator.sample(["queue", "conversation", "token", "after", "text", "clientId", "name",
                                           "phone", "email", "formId", "values", "satisfaction", "firstContact"], 3):
                frame[field] = generator.choice(values)
            widget.send(frame if generator.random() > 0.1 else json.dumps(frame)[: generator.randrange(1, 40)])
        widget.close()
    assert requests.get(demo.base + "/healthz", timeout=5).status_code == 200
    survivor = Widget(demo)
    survivor.hello()
    survivor.send({"type": "message", "text": "服务正常", "clientId": "s-1"})
    assert survivor.receive("message")["text"] == "服务正常"
    survivor.close()
