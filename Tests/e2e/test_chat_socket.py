"""The customer's chat socket under bad input, as a hostile or broken client sends it: every
bad frame gets an error (or, if oversize, the socket closes), nothing is stored, the server
stays up and other conversations are not affected."""

import json
import random

import pytest
import requests
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from conftest import Database, start_chat_center, stop_chat_center

# These tests are about agents and customers; the bot, which would answer first, has its own.
WITHOUT_BOT = ("--no-chat-bot",)

QUEUE = "在线客服"


@pytest.fixture(scope="module")
def demo():
    # serve behind a "proxy" on loopback, so each simulated customer has an address of its own
    # (the socket's limits are per address).
    database = Database("sqlite")
    running = start_chat_center(database, WITHOUT_BOT + ("--trusted-proxy", "127.0.0.1"), demo=False)
    yield running
    stop_chat_center(running)
    database.remove()


def new_address() -> str:
    return f"198.51.{random.randrange(256)}.{random.randrange(1, 255)}"


class Widget:
    """One customer's socket, read frame by frame, from its own address (or `address`)."""

    def __init__(self, server, address=None, origin=None):
        headers = {"X-Forwarded-For": address or new_address()}
        if origin:
            headers["Origin"] = origin
        # Entered as a context manager (closed in close()); an unbounded queue so a test that sends
        # many frames before reading the answers does not stall its own closing handshake.
        self.socket = connect(
            server.base.replace("http", "ws") + "/chat/socket", open_timeout=5, max_size=2**20, max_queue=None,
            additional_headers=headers).__enter__()

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
    token = server.login("supervisor", server.password)
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
    refused = widget.receive()
    assert refused["error"] == "unknown queue" and refused["code"] == "unknownQueue"

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


def test_one_address_holds_a_bounded_number_of_sockets(demo):
    address = new_address()
    held = [Widget(demo, address) for _ in range(30)]
    for widget in held[:3]:
        widget.hello()
    refused = Widget(demo, address)
    assert "too many chat windows" in refused.receive()["error"]
    with pytest.raises(ConnectionClosed):
        refused.receive(timeout=5)
    # Another address is not affected, and a closed socket frees a place.
    elsewhere = Widget(demo)
    elsewhere.hello()
    held.pop().close()
    # The server counts the close once it has read it: each refused try is a round trip later.
    for _ in range(100):
        again = Widget(demo, address)
        again.send({"type": "hello", "queue": QUEUE})
        if again.receive()["type"] == "welcome":
            break
        again.close()
    else:
        pytest.fail("a closed socket never freed its place")
    held.append(again)
    for widget in held + [elsewhere]:
        widget.close()


def test_one_address_opens_a_bounded_number_of_conversations(demo):
    address = new_address()
    opened, refusals = [], []
    for _ in range(14):
        widget = Widget(demo, address)
        widget.send({"type": "hello", "queue": QUEUE})
        frame = widget.receive()
        (opened if frame["type"] == "welcome" else refusals).append(frame)
        widget.close()
    assert len(opened) == 10, (opened, refusals)
    assert all("too many new conversations" in frame["error"] for frame in refusals)
    Widget(demo).hello()


def test_identity_claims_and_typing_are_limited_per_address(demo):
    widget = Widget(demo)
    widget.hello()
    answers = []
    for number in range(8):
        widget.send({"type": "identify", "name": f"访客{number}", "phone": f"1380000{number:04d}"})
        answers.append(widget.receive()["type"])
    assert answers.count("identified") == 5 and answers.count("error") == 3, answers
    # Typing past its limit is dropped without a word; the socket stays usable.
    for _ in range(100):
        widget.send({"type": "typing"})
    widget.send({"type": "message", "text": "还在", "clientId": "t-1"})
    assert widget.receive()["type"] == "message"
    widget.close()


def test_a_socket_flooding_frames_is_closed_and_the_address_chats_on(demo):
    address = new_address()
    flooder = Widget(demo, address)
    with pytest.raises(ConnectionClosed) as closed:
        for number in range(1_000):
            flooder.send("garbage" if number % 2 else {"type": "bogus"})
        while True:
            flooder.receive(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1008
    calm = Widget(demo, address)
    calm.hello()
    calm.send({"type": "message", "text": "我没刷屏", "clientId": "c-2"})
    assert calm.receive("message")["text"] == "我没刷屏"
    calm.close()


def test_a_queue_can_take_chats_only_from_its_own_sites(demo):
    admin = demo.login()
    created = demo.api("POST", "/api/v1/queues", admin, json={
        "name": "官网客服", "channels": ["chat"], "widgetOrigins": ["https://Shop.example.com/"]})
    assert created.status_code == 201, created.text
    assert created.json()["widgetOrigins"] == ["https://shop.example.com"]
    bad = demo.api("PATCH", f"/api/v1/queues/{created.json()['id']}", admin, json={"widgetOrigins": ["shop.example.com/x"]})
    assert bad.status_code == 400
    for origin in ["https://evil.example.com", "http://shop.example.com", None]:
        widget = Widget(demo, origin=origin)
        widget.send({"type": "hello", "queue": "官网客服"})
        assert widget.receive()["error"] == "this site may not open chats in this queue", origin
        widget.close()
    allowed = Widget(demo, origin="https://shop.example.com")
    welcome = allowed.hello(queue="官网客服")
    allowed.close()
    # The conversation resumes only from the queue's sites too.
    elsewhere = Widget(demo, origin="https://evil.example.com")
    elsewhere.send({"type": "hello", "conversation": welcome["conversation"], "token": welcome["token"]})
    assert elsewhere.receive()["type"] == "error"
    elsewhere.close()
