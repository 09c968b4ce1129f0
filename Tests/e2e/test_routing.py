"""The ACD through the real binary: the WebSocket event stream in Chromium, and waiting
contacts and agents' states surviving a kill -9."""

import json
import re
import socket
import time

from playwright.sync_api import expect

from conftest import Server, log_in


def make_center(server, admin):
    """A queue, one agent with its skill, and the agent's token."""
    skill = server.api("POST", "/api/v1/skills", admin, json={"name": "退款"}).json()
    queue = server.api("POST", "/api/v1/queues", admin,
                       json={"name": "售后服务", "requiredSkills": [{"skillId": skill["id"], "minimumProficiency": 2}]})
    assert queue.status_code == 201, queue.text
    agent = server.api("POST", "/api/v1/users", admin,
                       json={"username": "agent1", "password": "agent-password", "role": "agent", "displayName": "王芳"})
    assert agent.status_code == 201, agent.text
    skills = server.api("PUT", f"/api/v1/users/{agent.json()['id']}/skills", admin,
                        json={"skills": [{"skillId": skill["id"], "proficiency": 4}]})
    assert skills.status_code == 200, skills.text
    return queue.json()["id"], agent.json()["id"], server.login("agent1", "agent-password")


def new_contact(server, token, queue_id, priority=50):
    created = server.api("POST", "/api/v1/contacts", token,
                         json={"queueId": queue_id, "channel": "voice", "priority": priority})
    assert created.status_code == 201, created.text
    return created.json()


def test_the_wallboard_stream_pushes_routing_events_to_the_browser(server, page_for):
    admin = server.login()
    queue_id, agent_id, agent_token = make_center(server, admin)
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    # The browser's own WebSocket, authenticated by the session cookie of the login.
    page.evaluate("""() => new Promise((resolve, reject) => {
        window.routingEvents = [];
        const socket = new WebSocket(location.origin.replace('http', 'ws') + '/api/v1/routing/stream');
        socket.onmessage = (message) => window.routingEvents.push(JSON.parse(message.data));
        socket.onopen = () => resolve();
        socket.onerror = () => reject(new Error('the stream refused the connection'));
    })""")
    state = server.api("POST", f"/api/v1/agents/{agent_id}/state", agent_token, json={"state": "available"})
    assert state.status_code == 200, state.text
    contact = new_contact(server, admin, queue_id)
    assert contact["status"] == "offered"
    page.wait_for_function("window.routingEvents.some(e => 'contactOffered' in e.event)")
    events = page.evaluate("window.routingEvents")
    kinds = [next(iter(item["event"])) for item in events]
    assert kinds.index("agentStateRequested") < kinds.index("contactCreated") < kinds.index("contactQueued") \
        < kinds.index("contactOffered")
    offered = next(item["event"]["contactOffered"] for item in events if "contactOffered" in item["event"])
    assert offered["contactID"] == contact["id"] and offered["agentID"] == agent_id
    sequences = [item["sequence"] for item in events]
    assert sequences == sorted(sequences) and len(set(sequences)) == len(sequences)
    assert not page.errors


def test_the_stream_needs_a_session(server):
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as connection:
        connection.sendall(
            b"GET /api/v1/routing/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        status_line = connection.recv(4096).split(b"\r\n", 1)[0]
    # Refused before the upgrade (the WebSocket layer answers a refused upgrade with 400).
    assert status_line.startswith(b"HTTP/1.1 4") and b"101" not in status_line, status_line


def test_waiting_contacts_and_agent_states_survive_kill_9(database):
    server = Server(database).start()
    admin = server.login()
    queue_id, agent_id, agent_token = make_center(server, admin)
    assert server.api("POST", f"/api/v1/agents/{agent_id}/state", agent_token,
                      json={"state": "notReady", "reason": "meeting"}).status_code == 200
    ids = [new_contact(server, admin, queue_id, priority)["id"] for priority in (50, 80, 50, 20)]
    callback = server.api("POST", f"/api/v1/contacts/{ids[2]}/callback", admin)
    assert callback.status_code == 200, callback.text
    before = server.api("GET", f"/api/v1/queues/{queue_id}/snapshot", admin).json()["waiting"]
    assert [item["contactId"] for item in before] == [ids[1], ids[0], ids[2], ids[3]]

    server.kill()
    restarted = Server(database, port=server.port).start()
    try:
        token = restarted.login()
        after = restarted.api("GET", f"/api/v1/queues/{queue_id}/snapshot", token).json()["waiting"]
        assert [item["contactId"] for item in after] == [ids[1], ids[0], ids[2], ids[3]]
        assert [item["callback"] for item in after] == [False, False, True, False]
        agent = restarted.api("GET", f"/api/v1/agents/{agent_id}/state", token).json()
        assert (agent["state"], agent.get("reason")) == ("notReady", "meeting"), json.dumps(agent)
        # Ready again, the agent gets the first in line.
        ready = restarted.api("POST", f"/api/v1/agents/{agent_id}/state", agent_token, json={"state": "available"})
        assert ready.json()["offered"] == [ids[1]], ready.text
    finally:
        restarted.stop()


def test_the_supervisor_live_view_follows_queues_and_agents(server, page_for):
    admin = server.login()
    queue_id, agent_id, agent_token = make_center(server, admin)
    lead = server.api("POST", "/api/v1/users", admin,
                      json={"username": "lead", "password": "lead-password", "role": "supervisor",
                            "displayName": "赵敏"})
    assert lead.status_code == 201, lead.text
    lead_token = server.login("lead", "lead-password")
    page = page_for("zh-CN")
    log_in(page, server, "lead", "lead-password")
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-live]")
    row = page.locator("[data-testid=queue-row][data-name=售后服务]")
    row.wait_for()
    assert row.locator("[data-testid=queue-waiting]").inner_text() == "0"
    page.locator("[data-testid=live-status][data-connected=true]").wait_for()

    # A contact arrives with nobody ready: the page shows it waiting without a reload.
    contact = new_contact(server, lead_token, queue_id)
    expect(row.locator("[data-testid=queue-waiting]")).to_have_text("1")
    # The agent logs in ready and is offered the contact; the agents table says so.
    server.api("POST", f"/api/v1/agents/{agent_id}/state", agent_token, json={"state": "available"})
    page.locator("[data-testid=agent-row][data-name=王芳] [data-testid=agent-row-state][data-state=reserved]").wait_for()
    expect(row.locator("[data-testid=queue-waiting]")).to_have_text("0")
    server.api("POST", f"/api/v1/contacts/{contact['id']}/accept", agent_token)
    page.locator("[data-testid=agent-row][data-name=王芳] [data-testid=agent-row-state][data-state=busy]").wait_for()
    assert "通话/会话中" in page.locator("[data-testid=agent-row][data-name=王芳]").inner_text()
    assert not page.errors


def test_an_agent_takes_a_contact_from_offer_to_wrap_up_in_the_desktop(server, page_for):
    admin = server.login()
    queue_id, agent_id, agent_token = make_center(server, admin)
    page = page_for("zh-CN")
    log_in(page, server, "agent1", "agent-password")
    page.wait_for_url("**/agent")
    page.locator("[data-testid=live-status][data-connected=true]").wait_for()
    state = page.locator("[data-testid=agent-state]")
    expect(state).to_have_value("not-ready")
    page.select_option("[data-testid=agent-reason]", "training")
    expect(page.locator("[data-testid=agent-shown-state]")).to_have_text("示忙")
    # The page showed 示忙 before the change too (agents log in not ready): wait for the server.
    deadline = time.time() + 10
    while time.time() < deadline and server.api("GET", f"/api/v1/agents/{agent_id}/state", admin).json().get("reason") != "training":
        time.sleep(0.1)
    assert server.api("GET", f"/api/v1/agents/{agent_id}/state", admin).json()["reason"] == "training"
    state.select_option("ready")
    expect(page.locator("[data-testid=agent-shown-state]")).to_have_text("空闲")

    contact = new_contact(server, admin, queue_id)
    offer = page.locator("[data-testid=offer]")
    expect(offer).to_contain_text("售后服务")
    expect(page.locator("[data-testid=offer-countdown]")).to_have_text(re.compile(r"^1?\d s$"))
    page.click("[data-testid=offer-accept]")
    conversation = page.locator(f"[data-testid=conversation][data-contact-id='{contact['id']}']")
    expect(conversation).to_contain_text("已接听")
    expect(offer).to_have_count(0)

    conversation.locator("[data-testid=conversation-end]").click()
    page.fill("[data-testid=wrap-up-reason]", "退款进度<b>查询</b>")
    page.select_option("[data-testid=wrap-up-disposition]", "followUp")
    expect(page.locator("[data-testid=wrap-up-countdown]")).to_have_text(re.compile(r"^1\d\d s$"))
    page.click("[data-testid=wrap-up-submit]")
    expect(page.locator("[data-testid=conversation]")).to_have_count(0)
    expect(page.locator("[data-testid=agent-shown-state]")).to_have_text("空闲")

    history = server.api("GET", f"/api/v1/contacts/{contact['id']}/events", admin).json()["items"]
    closed = next(item["event"]["wrapUpCompleted"] for item in history if "wrapUpCompleted" in item["event"])
    assert closed["reason"] == "退款进度<b>查询</b>" and closed["disposition"] == "followUp"
    assert not page.errors


def test_the_stream_closes_when_the_session_ends(server, page_for):
    page = page_for("en")
    log_in(page, server)
    page.wait_for_url("**/admin")
    # Host the socket on a page that does not react to the logout itself (the admin page goes back to
    # /login on its next 401, which would close the socket for the wrong reason and lose the flag).
    page.goto(server.base + "/healthz")
    page.evaluate("""() => new Promise((resolve, reject) => {
        window.streamClosed = false;
        const socket = new WebSocket(location.origin.replace('http', 'ws') + '/api/v1/routing/stream');
        socket.onopen = () => resolve();
        socket.onclose = () => { window.streamClosed = true; };
        socket.onerror = () => reject(new Error('the stream refused the connection'));
    })""")
    # Log out without leaving the page: the open socket must not outlive its session.
    status = page.evaluate(
        "fetch('/api/v1/auth/logout', {method: 'POST', headers: {'X-FirstCall-CSRF': '1'}}).then(r => r.status)")
    assert status == 204
    deadline = time.time() + 10
    while time.time() < deadline and not page.evaluate("window.streamClosed"):
        time.sleep(0.2)
    assert page.evaluate("window.streamClosed"), "the stream stayed open after logout"
