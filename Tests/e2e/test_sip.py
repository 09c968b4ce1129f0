"""FirstCall's SIP side against real peers: sipp (Debian's sip-tester) as a monitoring peer
sending OPTIONS before and after a flood of garbage and RFC 4475 torture datagrams, as agents'
phones registering and answering, and as callers in the IVR, the queue and a bridged call."""

import json
import math
import random
import shutil
import socket
import sqlite3
import struct
import subprocess
import tempfile
import threading
import time
import wave
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import Database, Server, free_port, log_in

HERE = Path(__file__).parent
TORTURE = HERE.parent / "Fixtures" / "sip" / "rfc4475"


def sip_enabled(command: str):
    """`firstcall serve` or `demo` with SIP on a free port, stopped and removed afterwards."""
    if shutil.which("sipp") is None:
        pytest.fail("sipp is not installed: scripts/test installs sip-tester")
    database = Database("sqlite")
    sip_port = free_port()
    server = Server(database, command=command, extra=("--sip-port", str(sip_port))).start()
    server.sip_port = sip_port
    yield server
    server.stop()
    database.remove()


@pytest.fixture
def sip_server():
    yield from sip_enabled("serve")


def sipp_options(port: int, calls: int) -> subprocess.CompletedProcess:
    """sipp sends `calls` OPTIONS requests at 20 a second; it exits 0 only if every one got 200."""
    return subprocess.run(
        ["sipp", f"127.0.0.1:{port}", "-sf", str(HERE / "sip" / "options.xml"), "-m", str(calls), "-r", "20",
         "-l", "10", "-timeout", "60s", "-timeout_error", "-nostdin", "-trace_err",
         "-error_file", "/dev/stderr"],
        capture_output=True, text=True, timeout=120)


def test_options_are_answered_and_garbage_survived(sip_server):
    first = sipp_options(sip_server.sip_port, 20)
    assert first.returncode == 0, first.stdout[-2000:] + first.stderr[-2000:]

    # Random bytes and every torture message, some of them refused with a 400, none a crash.
    generator = random.Random(4475)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sender:
        for _ in range(300):
            sender.sendto(bytes(generator.randrange(256) for _ in range(generator.randrange(1, 1400))),
                          ("127.0.0.1", sip_server.sip_port))
        for message in sorted(TORTURE.glob("*.dat")):
            sender.sendto(message.read_bytes(), ("127.0.0.1", sip_server.sip_port))

    second = sipp_options(sip_server.sip_port, 20)
    assert second.returncode == 0, second.stdout[-2000:] + second.stderr[-2000:]
    assert sip_server.process.poll() is None
    assert "dropped a malformed SIP datagram" in sip_server.log()


@pytest.fixture
def sip_demo():
    yield from sip_enabled("demo")


def sipp_register(port: int, scenario: str, user: str, password: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["sipp", f"127.0.0.1:{port}", "-sf", str(HERE / "sip" / f"{scenario}.xml"), "-m", "1", "-s", user,
         "-au", user, "-ap", password, "-timeout", "30s", "-timeout_error", "-nostdin", "-trace_err",
         "-error_file", "/dev/stderr"],
        capture_output=True, text=True, timeout=60)


def test_a_demo_agents_phone_registers_with_its_digest_password_and_a_wrong_one_is_refused(sip_demo):
    registered = sipp_register(sip_demo.sip_port, "register", "agent1", "demo")
    assert registered.returncode == 0, registered.stdout[-2000:] + registered.stderr[-2000:]
    refused = sipp_register(sip_demo.sip_port, "register-refused", "agent2", "not-demo")
    assert refused.returncode == 0, refused.stdout[-2000:] + refused.stderr[-2000:]
    assert "refused REGISTER: wrong password" in sip_demo.log()


def test_an_agent_sets_her_phones_password_on_the_desktop_and_it_takes_effect(sip_demo, page_for):
    agent = page_for("zh-CN")
    log_in(agent, sip_demo, "agent1", "demo")
    agent.wait_for_url("**/agent")
    # No phone yet: she is told she will get no calls.
    expect(agent.locator("[data-testid=phone-status]")).to_have_attribute("data-registered", "false")
    agent.click("[data-testid=phone-settings] summary")
    expect(agent.locator("[data-testid=sip-account]")).to_contain_text("agent1")
    form = agent.locator("[data-testid=sip-password-form]")
    # Too short: refused in Chinese, with the field's name, and nothing changes.
    form.locator("input[name=sipPassword]").evaluate("input => input.removeAttribute('minlength')")
    form.locator("input[name=sipPassword]").fill("123")
    agent.click("[data-testid=sip-password-save]")
    expect(agent.locator("[data-testid=sip-password-status]")).to_have_attribute("data-state", "error")
    expect(agent.locator("[data-testid=sip-password-status]")).to_contain_text("话机密码")
    form.locator("input[name=sipPassword]").fill("phone-secret-1")
    agent.click("[data-testid=sip-password-save]")
    expect(agent.locator("[data-testid=sip-password-status]")).to_have_attribute("data-state", "saved")
    assert not agent.errors
    # The phone now registers with the new password only.
    assert sipp_register(sip_demo.sip_port, "register", "agent1", "phone-secret-1").returncode == 0
    assert sipp_register(sip_demo.sip_port, "register-refused", "agent1", "demo").returncode == 0
    expect(agent.locator("[data-testid=phone-status]")).to_have_attribute("data-registered", "true", timeout=20000)
    expect(agent.locator("[data-testid=phone-status]")).to_have_text("话机已注册")


def sipp(port: int, scenario: str, *arguments: str, timeout: int = 90) -> subprocess.CompletedProcess:
    """One sipp run of a scenario in Tests/e2e/sip against FirstCall's SIP port."""
    return subprocess.run(
        ["sipp", f"127.0.0.1:{port}", "-sf", str(HERE / "sip" / f"{scenario}.xml"), "-m", "1",
         "-timeout", "60s", "-timeout_error", "-nostdin", "-trace_err", "-error_file", "/dev/stderr",
         *arguments],
        capture_output=True, text=True, timeout=timeout)


def voice_contacts(server) -> list[list[tuple[str, dict]]]:
    """Each voice contact's events in log order, read from the demo's SQLite store."""
    path = Path(server.database.directory) / "firstcall.sqlite"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT contact_id, kind, payload FROM events WHERE contact_id IS NOT NULL ORDER BY sequence").fetchall()
    contacts: dict[str, list[tuple[str, dict]]] = {}
    for contact, kind, payload in rows:
        contacts.setdefault(contact, []).append((kind, json.loads(payload)[kind]))
    return [events for events in contacts.values()
            if events[0][0] == "contactCreated" and events[0][1]["contact"]["channel"] == "voice"]


def voice_contacts_once(server, last_kind: str) -> list[list[tuple[str, dict]]]:
    """The voice contacts once each one's events include `last_kind`: the call's end is recorded
    just after the caller's last message is answered."""
    for _ in range(200):
        contacts = voice_contacts(server)
        if contacts and all(any(kind == last_kind for kind, _ in events) for events in contacts):
            return contacts
        time.sleep(0.05)
    return voice_contacts(server)


def queue_id(server, token: str, name: str) -> str:
    queues = server.api("GET", "/api/v1/queues", token).json()["items"]
    return next(queue["id"] for queue in queues if queue["name"] == name)


def test_a_caller_presses_0_in_the_menu_waits_in_the_phone_queue_and_hanging_up_there_is_an_abandon(sip_demo):
    call = sipp(sip_demo.sip_port, "ivr-call", "-s", "4008001234", "-mp", str(free_port()))
    assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "contactAbandoned")
    assert [kind for kind, _ in events] == ["contactCreated", "identityClaimed", "selfServiceEntered", "contactQueued",
                                            "contactAbandoned"]
    # The caller's number is kept as what the caller says (no customer has it).
    assert events[1][1]["claim"] == {"name": "Caller", "phone": "13800138000"}
    admin = sip_demo.login("admin", "demo")
    assert events[3][1]["queueID"] == queue_id(sip_demo, admin, "电话客服")
    assert events[4][1]["stage"] == "queue"


def answering_phone(port: int, scenario: str, user: str = "agent1") -> tuple[threading.Thread, dict]:
    """An agent's phone (sipp) on `port`, answering in a thread; its run lands in the dict."""
    result: dict[str, subprocess.CompletedProcess] = {}
    thread = threading.Thread(target=lambda: result.setdefault("run", subprocess.run(
        ["sipp", "-sf", str(HERE / "sip" / f"{scenario}.xml"), "-s", user, "-m", "1", "-p", str(port),
         "-mp", str(free_port()), "-timeout", "60s", "-timeout_error", "-nostdin", "-trace_err",
         "-error_file", "/dev/stderr"], capture_output=True, text=True, timeout=90)))
    thread.start()
    return thread, result


def finish(*runs: tuple[threading.Thread, dict]) -> None:
    """Waits for sipp runs started in threads; each must have passed its scenario."""
    for thread, result in runs:
        thread.join()
    for _, result in runs:
        run = result["run"]
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]


def calling_in(port: int, scenario: str = "caller-talks") -> tuple[threading.Thread, dict]:
    """A caller (sipp) dialling the demo's number in a thread; its run lands in the dict."""
    result: dict[str, subprocess.CompletedProcess] = {}
    thread = threading.Thread(target=lambda: result.setdefault(
        "run", sipp(port, scenario, "-s", "4008001234", "-mp", str(free_port()))))
    thread.start()
    return thread, result


def register_agent1(server, user: str = "agent1") -> int:
    phone_port = free_port()
    registered = sipp(server.sip_port, "register", "-s", user, "-au", user, "-ap", "demo", "-p", str(phone_port))
    assert registered.returncode == 0, registered.stdout[-2000:] + registered.stderr[-2000:]
    return phone_port


def ready_agent(server, user: str) -> tuple[str, str]:
    """Logs `user` in by the API and makes her ready; her token and id."""
    token = server.login(user, "demo")
    me = server.api("GET", "/api/v1/auth/me", token).json()
    agent_id = me.get("id") or me["user"]["id"]
    ready = server.api("POST", f"/api/v1/agents/{agent_id}/state", token, json={"state": "available"})
    assert ready.status_code == 200, ready.text
    return token, agent_id


def test_a_caller_who_presses_0_is_bridged_to_the_ready_agents_registered_phone_until_she_hangs_up(sip_demo, page_for):
    # agent3 has been ready longest, but no phone of hers is registered: she is not offered the call.
    ready_agent(sip_demo, "agent3")
    phone_port = register_agent1(sip_demo)
    token, agent_id = ready_agent(sip_demo, "agent1")

    answering, phone = answering_phone(phone_port, "agent-answers")
    call = sipp(sip_demo.sip_port, "caller-talks", "-s", "4008001234", "-mp", str(free_port()))
    answering.join()
    assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
    assert phone["run"].returncode == 0, phone["run"].stdout[-2000:] + phone["run"].stderr[-2000:]

    [events] = voice_contacts_once(sip_demo, "contactEnded")
    kinds = [kind for kind, _ in events]
    assert kinds[:7] == ["contactCreated", "identityClaimed", "selfServiceEntered", "contactQueued", "contactOffered",
                         "offerAccepted", "contactEnded"], kinds
    assert events[4][1]["agentID"] == agent_id and events[5][1]["agentID"] == agent_id
    assert events[6][1]["endedBy"] == "agent"

    # Both legs are recorded to one stereo WAV: the caller left, the agent right, both heard.
    contact = events[0][1]["contact"]["id"]
    listed = sip_demo.api("GET", f"/api/v1/contacts/{contact}/recordings", token)
    assert listed.status_code == 200, listed.text
    [recording] = listed.json()["items"]
    assert recording["agentId"] == agent_id and recording["durationSeconds"] > 2
    wav = sip_demo.api("GET", f"/api/v1/contacts/{contact}/recordings/{recording['name']}", token)
    assert wav.status_code == 200 and wav.headers["Content-Type"] == "audio/wav"
    path = Path(sip_demo.database.directory) / "recording.wav"
    path.write_bytes(wav.content)
    info = subprocess.run(["soxi", str(path)], capture_output=True, text=True, check=True).stdout
    assert "Channels       : 2" in info and "Sample Rate    : 8000" in info, info
    for channel in (1, 2):
        stats = subprocess.run(["sox", str(path), "-n", "remix", str(channel), "stat"],
                               capture_output=True, text=True, check=True).stderr
        rms = float(next(line for line in stats.splitlines() if line.startswith("RMS     amplitude")).split()[-1])
        assert rms > 0.01, f"channel {channel} is silent: {stats}"
    # Another agent may not hear it; the supervisor may.
    other = sip_demo.login("agent2", "demo")
    assert sip_demo.api("GET", f"/api/v1/contacts/{contact}/recordings", other).status_code == 403
    supervisor = sip_demo.login("supervisor", "demo")
    assert sip_demo.api("GET", f"/api/v1/contacts/{contact}/recordings/{recording['name']}", supervisor).status_code == 200

    # The supervisor finds the call in the history and plays it in the page.
    page = page_for("zh-CN")
    log_in(page, sip_demo, "supervisor", "demo")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(sip_demo.base + "/history")
    page.click("[data-testid=history-submit]")
    page.locator(f"[data-testid=history-row][data-id='{contact}'] [data-testid=history-recordings]").click()
    audio = page.locator("[data-testid=recording-audio]")
    expect(audio).to_have_count(1)
    expect(page.locator("[data-testid=recording]")).to_contain_text("左声道客户")
    duration = page.evaluate("""(audio) => new Promise((resolve) => audio.readyState >= 1 ? resolve(audio.duration)
        : audio.addEventListener('loadedmetadata', () => resolve(audio.duration)))""", audio.element_handle())
    assert duration > 2, duration
    assert not page.errors


def test_the_agent_holds_from_her_phone_and_the_log_counts_the_hold(sip_demo):
    phone_port = register_agent1(sip_demo, "agent4")
    _, agent_id = ready_agent(sip_demo, "agent4")
    answering, phone = answering_phone(phone_port, "agent-holds", user="agent4")
    call = sipp(sip_demo.sip_port, "caller-talks", "-s", "4008001234", "-mp", str(free_port()))
    answering.join()
    assert phone["run"].returncode == 0, phone["run"].stdout[-2000:] + phone["run"].stderr[-2000:]
    assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "contactEnded")
    holds = [(body["held"], body["agentID"]) for kind, body in events if kind == "contactHoldChanged"]
    assert holds == [(True, agent_id), (False, agent_id)], events
    kinds = [kind for kind, _ in events]
    assert kinds.index("offerAccepted") < kinds.index("contactHoldChanged") < kinds.index("contactEnded")


def test_a_burst_of_callers_is_answered_queued_and_abandoned_without_one_failed_call(sip_demo):
    burst = subprocess.run(
        ["sipp", f"127.0.0.1:{sip_demo.sip_port}", "-sf", str(HERE / "sip" / "ivr-call.xml"), "-s", "4008001234",
         "-m", "60", "-r", "30", "-l", "60", "-mp", str(free_port()), "-timeout", "90s", "-timeout_error",
         "-nostdin", "-trace_err", "-error_file", "/dev/stderr"],
        capture_output=True, text=True, timeout=150)
    assert burst.returncode == 0, burst.stdout[-3000:] + burst.stderr[-3000:]
    contacts = voice_contacts_once(sip_demo, "contactAbandoned")
    assert len(contacts) == 60
    assert all([kind for kind, _ in events] == ["contactCreated", "identityClaimed", "selfServiceEntered",
                                                 "contactQueued", "contactAbandoned"] for events in contacts)
    assert sip_demo.process.poll() is None


def test_the_desk_shows_the_ringing_call_with_the_callers_number_and_hangs_up_from_the_browser(sip_demo, page_for):
    phone_port = register_agent1(sip_demo)
    agent = page_for("zh-CN")
    log_in(agent, sip_demo, "agent1", "demo")
    agent.wait_for_url("**/agent")
    agent.select_option("[data-testid=agent-state]", "ready")
    expect(agent.locator("[data-testid=agent-state]")).to_have_value("ready")
    supervisor = page_for("zh-CN")
    log_in(supervisor, sip_demo, "supervisor", "demo")
    supervisor.wait_for_url(lambda url: "/login" not in url)
    supervisor.goto(sip_demo.base + "/supervisor")
    expect(supervisor.locator("[data-testid=live-calls]")).to_contain_text("现在没有通话。")

    answering, phone = answering_phone(phone_port, "agent-answers-until-bye")
    caller: dict[str, subprocess.CompletedProcess] = {}
    calling = threading.Thread(target=lambda: caller.setdefault(
        "run", sipp(sip_demo.sip_port, "caller-talks", "-s", "4008001234", "-mp", str(free_port()))))
    calling.start()
    # While the phone rings: the call is offered with the caller's number, answered on the phone.
    offer = agent.locator("[data-testid=offer]")
    expect(offer.locator("[data-testid=offer-answer-on-phone]")).to_have_text("话机振铃中，请在话机上接听")
    expect(offer.locator("[data-testid=identity-claim]")).to_contain_text("13800138000")
    # Answered on the phone: the call is in hand; the agent hangs up from the desk.
    pane = agent.locator("[data-testid=conversation]")
    expect(pane.locator("[data-testid=conversation-end]")).to_have_text("挂断")
    # Hold (the caller hears music) and back.
    hold = pane.locator("[data-testid=conversation-hold]")
    expect(hold).to_have_text("保持")
    hold.click()
    expect(hold).to_have_text("恢复通话")
    expect(hold).to_have_attribute("aria-pressed", "true")
    # The supervisor sees the call, who calls, and that it is held.
    row = supervisor.locator("[data-testid=call-row]")
    expect(row).to_have_attribute("data-stage", "held")
    expect(row).to_contain_text("13800138000")
    expect(row).to_contain_text("电话客服")
    hold.click()
    expect(hold).to_have_text("保持")
    expect(row).to_have_attribute("data-stage", "talking")
    pane.locator("[data-testid=conversation-end]").click()
    expect(pane.locator("[data-testid=wrap-up-countdown]")).to_have_count(1)
    calling.join()
    answering.join()
    assert caller["run"].returncode == 0, caller["run"].stdout[-2000:] + caller["run"].stderr[-2000:]
    assert phone["run"].returncode == 0, phone["run"].stdout[-2000:] + phone["run"].stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "contactEnded")
    assert [body["endedBy"] for kind, body in events if kind == "contactEnded"] == ["agent"]
    assert [body["held"] for kind, body in events if kind == "contactHoldChanged"] == [True, False]
    expect(supervisor.locator("[data-testid=call-row]")).to_have_count(0)
    assert not agent.errors and not supervisor.errors


def test_a_caller_who_cancels_while_it_rings_gets_487_and_is_an_abandon_in_self_service(sip_demo):
    call = sipp(sip_demo.sip_port, "caller-cancels", "-s", "4008001234", "-mp", str(free_port()))
    assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "contactAbandoned")
    assert [kind for kind, _ in events] == ["contactCreated", "identityClaimed", "selfServiceEntered",
                                            "contactAbandoned"]
    assert events[3][1]["stage"] == "selfService"


def test_a_key_by_sip_info_chooses_after_sales_and_hold_by_reinvite_is_answered_recvonly(sip_demo):
    call = sipp(sip_demo.sip_port, "caller-holds", "-s", "4008001234", "-mp", str(free_port()))
    assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "contactAbandoned")
    assert [kind for kind, _ in events] == ["contactCreated", "identityClaimed", "selfServiceEntered",
                                            "contactReasonGiven",
                                            "contactQueued", "contactAbandoned"]
    # The option chosen is the contact's reason.
    assert events[3][1]["reason"] == "售后服务"
    admin = sip_demo.login("admin", "demo")
    assert events[4][1]["queueID"] == queue_id(sip_demo, admin, "售后服务")


def test_over_tcp_options_a_registration_and_a_call_in_the_menu_work_as_over_udp(sip_demo):
    options = sipp(sip_demo.sip_port, "options", "-t", "t1")
    assert options.returncode == 0, options.stdout[-2000:] + options.stderr[-2000:]
    registered = sipp(sip_demo.sip_port, "register", "-t", "t1", "-s", "agent3", "-au", "agent3", "-ap", "demo")
    assert registered.returncode == 0, registered.stdout[-2000:] + registered.stderr[-2000:]
    call = sipp(sip_demo.sip_port, "ivr-call", "-t", "t1", "-s", "4008001234", "-mp", str(free_port()))
    assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "contactAbandoned")
    assert [kind for kind, _ in events] == ["contactCreated", "identityClaimed", "selfServiceEntered", "contactQueued",
                                            "contactAbandoned"]


def test_serve_answers_only_the_numbers_the_admin_set_up_from_the_trunks_she_set_up(sip_server):
    # Before any trunk is set up, nobody calls in without credentials.
    challenged = sipp(sip_server.sip_port, "caller-challenged", "-s", "4008001234", "-mp", str(free_port()))
    assert challenged.returncode == 0, challenged.stdout[-2000:] + challenged.stderr[-2000:]
    admin = sip_server.login()
    trunks = sip_server.api("PUT", "/api/v1/voice/trunks", admin, json={"trunks": [
        {"name": "本机", "addresses": ["127.0.0.1"]},
        {"name": "分公司", "username": "branch-office", "password": "trunk-secret"}]})
    assert trunks.status_code == 200, trunks.text
    assert "trunk-secret" not in trunks.text
    refused = sipp(sip_server.sip_port, "caller-refused", "-s", "4008001234", "-mp", str(free_port()))
    assert refused.returncode == 0, refused.stdout[-2000:] + refused.stderr[-2000:]
    queue = sip_server.api("POST", "/api/v1/queues", admin, json={"name": "Hotline", "channels": ["voice"]}).json()
    saved = sip_server.api("PUT", "/api/v1/voice/numbers", admin, json={"numbers": [{
        "number": "4008001234", "language": "en", "greeting": ["welcome"], "question": ["menu-demo"],
        "options": [], "personQueueId": queue["id"]}]})
    assert saved.status_code == 200, saved.text
    answered = sipp(sip_server.sip_port, "ivr-call", "-s", "4008001234", "-mp", str(free_port()))
    assert answered.returncode == 0, answered.stdout[-2000:] + answered.stderr[-2000:]
    still_refused = sipp(sip_server.sip_port, "caller-refused", "-s", "4008009999", "-mp", str(free_port()))
    assert still_refused.returncode == 0, still_refused.stdout[-2000:] + still_refused.stderr[-2000:]
    assert "refused a call to a number FirstCall does not answer" in sip_server.log()

    # From an address that is no trunk: challenged, and let in with the branch office's digest only.
    stranger = sipp(sip_server.sip_port, "caller-challenged", "-i", "127.0.0.2", "-s", "4008001234",
                    "-mp", str(free_port()))
    assert stranger.returncode == 0, stranger.stdout[-2000:] + stranger.stderr[-2000:]
    wrong = sipp(sip_server.sip_port, "caller-authenticates", "-i", "127.0.0.2", "-s", "4008001234",
                 "-au", "branch-office", "-ap", "guess", "-mp", str(free_port()))
    assert wrong.returncode != 0
    branch = sipp(sip_server.sip_port, "caller-authenticates", "-i", "127.0.0.2", "-s", "4008001234",
                  "-au", "branch-office", "-ap", "trunk-secret", "-mp", str(free_port()))
    assert branch.returncode == 0, branch.stdout[-2000:] + branch.stderr[-2000:]
    assert "refused INVITE: wrong password" in sip_server.log()


def test_an_agent_transfers_a_call_blind_to_another_whose_phone_rings_and_who_talks_and_hangs_up(sip_demo):
    first_port = register_agent1(sip_demo, "agent1")
    second_port = register_agent1(sip_demo, "agent2")
    first_token, first_id = ready_agent(sip_demo, "agent1")
    _, second_id = ready_agent(sip_demo, "agent2")
    first, first_phone = answering_phone(first_port, "agent-answers-until-bye", "agent1")
    second, second_phone = answering_phone(second_port, "agent-answers", "agent2")
    caller: dict[str, subprocess.CompletedProcess] = {}
    calling = threading.Thread(target=lambda: caller.setdefault(
        "run", sipp(sip_demo.sip_port, "caller-talks", "-s", "4008001234", "-mp", str(free_port()))))
    calling.start()
    [events] = voice_contacts_once(sip_demo, "offerAccepted")
    contact = events[0][1]["contact"]["id"]
    assert [body["agentID"] for kind, body in events if kind == "offerAccepted"] == [first_id]
    moved = sip_demo.api("POST", f"/api/v1/contacts/{contact}/transfer", first_token, json={"agentId": second_id})
    assert moved.status_code == 200, moved.text
    calling.join()
    first.join()
    second.join()
    for run in (caller["run"], first_phone["run"], second_phone["run"]):
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "contactEnded")
    kinds = [kind for kind, _ in events]
    assert kinds.count("contactTransferred") == 1 and kinds[-1] in ("contactEnded", "contactCompleted")
    assert [body["agentID"] for kind, body in events if kind == "offerAccepted"] == [first_id, second_id]
    assert [body["endedBy"] for kind, body in events if kind == "contactEnded"] == ["agent"]
    # Each agent's part of the call is its own recording.
    supervisor = sip_demo.login("supervisor", "demo")
    recordings = sip_demo.api("GET", f"/api/v1/contacts/{contact}/recordings", supervisor).json()["items"]
    assert [recording["agentId"] for recording in recordings] == [first_id, second_id]


def test_a_waiting_caller_presses_9_and_is_called_back_through_the_trunk_once_an_agents_phone_answers(sip_demo):
    admin = sip_demo.login("admin", "demo")
    carrier_port = free_port()
    trunk = {"name": "carrier", "addresses": ["127.0.0.1"],
             "outbound": {"host": "127.0.0.1", "port": carrier_port, "callerId": "4008001234",
                          "patterns": ["1[3-9]XXXXXXXXX"]}}
    saved = sip_demo.api("PUT", "/api/v1/voice/trunks", admin, json={"trunks": [trunk]})
    assert saved.status_code == 200, saved.text

    # Nobody is ready: the caller keeps her place and is hung up on.
    call = sipp(sip_demo.sip_port, "caller-keeps-place", "-s", "4008001234", "-mp", str(free_port()))
    assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "callbackRequested")
    assert [body["number"] for kind, body in events if kind == "callbackRequested"] == ["13800138000"]
    assert not any(kind in ("contactAbandoned", "contactEnded") for kind, _ in events)

    # agent1 gets ready: her phone rings first, then the customer's through the trunk; the
    # customer talks and hangs up, and FirstCall hangs up the agent's phone.
    phone_port = register_agent1(sip_demo)
    answering, phone = answering_phone(phone_port, "agent-answers-until-bye")
    reached, customer = answering_phone(carrier_port, "agent-answers", "13800138000")
    _, agent_id = ready_agent(sip_demo, "agent1")
    answering.join()
    reached.join()
    for run in (phone["run"], customer["run"]):
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "contactEnded")
    kinds = [kind for kind, _ in events]
    assert kinds.index("callbackRequested") < kinds.index("contactOffered") < kinds.index("offerAccepted"), kinds
    assert [body["agentID"] for kind, body in events if kind == "offerAccepted"] == [agent_id]
    assert [body["endedBy"] for kind, body in events if kind == "contactEnded"] == ["customer"]
    supervisor = sip_demo.login("supervisor", "demo")
    contact = events[0][1]["contact"]["id"]
    [recording] = sip_demo.api("GET", f"/api/v1/contacts/{contact}/recordings", supervisor).json()["items"]
    assert recording["agentId"] == agent_id and recording["durationSeconds"] > 2


def test_an_agent_consults_a_colleague_from_the_desk_and_hands_her_the_caller(sip_demo, page_for):
    first_port = register_agent1(sip_demo, "agent1")
    second_port = register_agent1(sip_demo, "agent2")
    agent = page_for("zh-CN")
    log_in(agent, sip_demo, "agent1", "demo")
    agent.wait_for_url("**/agent")
    agent.select_option("[data-testid=agent-state]", "ready")
    expect(agent.locator("[data-testid=agent-state]")).to_have_value("ready")
    first = answering_phone(first_port, "agent-answers-until-bye", "agent1")
    second = answering_phone(second_port, "agent-answers", "agent2")
    caller = calling_in(sip_demo.sip_port)
    tools = agent.locator("[data-testid=call-tools]")
    expect(tools.locator("[data-testid=call-consult]")).to_be_visible(timeout=30000)
    # The colleague gets ready once agent1 has the call; agent1 consults her by name.
    _, second_id = ready_agent(sip_demo, "agent2")
    tools.locator("[data-testid=call-transfer-target]").focus()
    expect(tools.locator(f"[data-testid=call-transfer-target] option[value='agent:{second_id}']")).to_have_count(1)
    tools.locator("[data-testid=call-transfer-target]").select_option(f"agent:{second_id}")
    tools.locator("[data-testid=call-consult]").click()
    expect(tools.locator("[data-testid=call-consulting]")).to_contain_text("正在咨询")
    # Her phone answers; then agent1 hands the caller over.
    supervisor = sip_demo.login("supervisor", "demo")
    for _ in range(200):
        calls = sip_demo.api("GET", "/api/v1/calls", supervisor).json()["items"]
        if calls and calls[0]["stage"] == "consulting":
            break
        time.sleep(0.05)
    assert calls and calls[0]["stage"] == "consulting", calls
    tools.locator("[data-testid=consult-complete]").click()
    expect(agent.locator("[data-testid=call-tools]")).to_have_count(0)
    finish(caller, first, second)
    [events] = voice_contacts_once(sip_demo, "contactEnded")
    kinds = [kind for kind, _ in events]
    assert kinds.index("consultStarted") < kinds.index("consultEnded") < kinds.index("contactTransferred"), kinds
    assert [body["transferred"] for kind, body in events if kind == "consultEnded"] == [True]
    accepted = [body["agentID"] for kind, body in events if kind == "offerAccepted"]
    assert accepted[1] == second_id and len(accepted) == 2, accepted
    assert [body["endedBy"] for kind, body in events if kind == "contactEnded"] == ["agent"]
    contact = events[0][1]["contact"]["id"]
    recordings = sip_demo.api("GET", f"/api/v1/contacts/{contact}/recordings", supervisor).json()["items"]
    assert [recording["agentId"] for recording in recordings][1:] == [second_id], recordings
    assert not agent.errors


def test_an_agent_sends_a_caller_to_an_outside_number_only_through_a_trunk_that_may_dial_it(sip_demo, page_for):
    admin = sip_demo.login("admin", "demo")
    carrier_port = free_port()
    trunk = {"name": "carrier", "addresses": ["127.0.0.1"],
             "outbound": {"host": "127.0.0.1", "port": carrier_port, "callerId": "4008001234",
                          "patterns": ["1[3-9]XXXXXXXXX"]}}
    assert sip_demo.api("PUT", "/api/v1/voice/trunks", admin, json={"trunks": [trunk]}).status_code == 200
    phone_port = register_agent1(sip_demo)
    agent = page_for("zh-CN")
    log_in(agent, sip_demo, "agent1", "demo")
    agent.wait_for_url("**/agent")
    agent.select_option("[data-testid=agent-state]", "ready")
    phone = answering_phone(phone_port, "agent-answers-until-bye")
    outside = answering_phone(carrier_port, "agent-answers", "13912345678")
    caller = calling_in(sip_demo.sip_port)
    tools = agent.locator("[data-testid=call-tools]")
    expect(tools.locator("[data-testid=call-transfer-out]")).to_be_visible(timeout=30000)
    # Abroad is no number the trunk may dial: refused, worded, and the call stays.
    tools.locator("[data-testid=call-outside-number]").fill("00442079460000")
    tools.locator("[data-testid=call-transfer-out]").click()
    expect(agent.locator("[data-testid=desk-error]")).to_contain_text("不允许拨打号码 00442079460000")
    tools.locator("[data-testid=call-outside-number]").fill("139 1234 5678")
    tools.locator("[data-testid=call-transfer-out]").click()
    expect(agent.locator("[data-testid=wrap-up-countdown]")).to_have_count(1)
    finish(caller, phone, outside)
    [events] = voice_contacts_once(sip_demo, "contactEnded")
    assert [body["number"] for kind, body in events if kind == "contactTransferredOut"] == ["13912345678"]
    assert [body["endedBy"] for kind, body in events if kind == "contactEnded"] == ["agent"]
    assert not agent.errors


def test_after_the_agent_hangs_up_the_caller_rates_the_call_by_keys_and_is_thanked(sip_demo):
    phone_port = register_agent1(sip_demo)
    ready_agent(sip_demo, "agent1")
    answering, phone = answering_phone(phone_port, "agent-answers")
    call = sipp(sip_demo.sip_port, "caller-rates", "-s", "4008001234", "-mp", str(free_port()))
    answering.join()
    assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
    assert phone["run"].returncode == 0, phone["run"].stdout[-2000:] + phone["run"].stderr[-2000:]
    [events] = voice_contacts_once(sip_demo, "surveyAnswered")
    [survey] = [body for kind, body in events if kind == "surveyAnswered"]
    assert survey["satisfaction"] == 4 and survey["firstContact"] is True
    assert [body["endedBy"] for kind, body in events if kind == "contactEnded"] == ["agent"]


def test_outside_the_queues_hours_the_caller_is_told_the_center_is_closed_and_hung_up_on(sip_server):
    admin = sip_server.login()
    queue = sip_server.api("POST", "/api/v1/queues", admin, json={
        "name": "Hotline", "channels": ["voice"],
        "openingHours": {"timeZone": "Asia/Shanghai", "weekly": [""] * 7}}).json()
    saved = sip_server.api("PUT", "/api/v1/voice/numbers", admin, json={"numbers": [{
        "number": "4008001234", "language": "zh-CN", "greeting": ["welcome"], "question": ["menu-demo"],
        "options": [], "personQueueId": queue["id"]}]})
    assert saved.status_code == 200, saved.text
    trunk = sip_server.api("PUT", "/api/v1/voice/trunks", admin, json={"trunks": [
        {"name": "本机", "addresses": ["127.0.0.0/8"]}]})
    assert trunk.status_code == 200, trunk.text
    call = sipp(sip_server.sip_port, "caller-talks", "-s", "4008001234", "-mp", str(free_port()))
    assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
    [events] = voice_contacts_once(sip_server, "contactEnded")
    assert [kind for kind, _ in events] == ["contactCreated", "identityClaimed", "selfServiceEntered", "contactEnded"]
    assert events[3][1]["endedBy"] == "system"


def baresip_phone(server, user: str, port: int) -> tuple[subprocess.Popen, Path]:
    """baresip as `user`'s softphone on `port`: registers with the demo's SIP password, answers
    every call at once (answermode=auto) and talks a 440 Hz tone (a WAV its aufile source
    plays; what it hears goes nowhere); its log is returned too."""
    directory = Path(tempfile.mkdtemp(prefix="firstcall-baresip-"))
    with wave.open(str(directory / "tone.wav"), "wb") as tone:
        tone.setnchannels(1)
        tone.setsampwidth(2)
        tone.setframerate(8000)
        tone.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 8000)))
                                  for i in range(8000 * 30)))
    (directory / "config").write_text(
        f"poll_method epoll\nsip_listen 127.0.0.1:{port}\n"
        f"audio_player aubridge,nowhere\naudio_source aufile,{directory / 'tone.wav'}\n"
        "audio_alert aubridge,nowhere\n"
        "module_path /usr/lib/baresip/modules\nmodule g711.so\nmodule aubridge.so\nmodule aufile.so\n"
        "module_app account.so\nmodule_app menu.so\n")
    (directory / "accounts").write_text(
        f"<sip:{user}@127.0.0.1:{server.sip_port};transport=udp>;auth_pass=demo;answermode=auto;regint=600\n")
    log = directory / "baresip.log"
    process = subprocess.Popen(["baresip", "-f", str(directory)], stdin=subprocess.DEVNULL,
                               stdout=open(log, "w"), stderr=subprocess.STDOUT)
    return process, log


def test_baresip_as_the_agents_softphone_registers_answers_by_itself_and_is_recorded(sip_demo):
    if shutil.which("baresip") is None:
        pytest.fail("baresip is not installed: scripts/test installs baresip-core")
    phone, log = baresip_phone(sip_demo, "agent1", free_port())
    try:
        for _ in range(200):
            if "200 OK" in log.read_text():
                break
            time.sleep(0.05)
        assert "200 OK" in log.read_text(), log.read_text()
        _, agent_id = ready_agent(sip_demo, "agent1")
        call = sipp(sip_demo.sip_port, "caller-hangs-up", "-s", "4008001234", "-mp", str(free_port()))
        assert call.returncode == 0, call.stdout[-2000:] + call.stderr[-2000:]
        [events] = voice_contacts_once(sip_demo, "contactEnded")
        assert [body["agentID"] for kind, body in events if kind == "offerAccepted"] == [agent_id]
        assert [body["endedBy"] for kind, body in events if kind == "contactEnded"] == ["customer"]
        supervisor = sip_demo.login("supervisor", "demo")
        contact = events[0][1]["contact"]["id"]
        [recording] = sip_demo.api("GET", f"/api/v1/contacts/{contact}/recordings", supervisor).json()["items"]
        wav = sip_demo.api("GET", f"/api/v1/contacts/{contact}/recordings/{recording['name']}", supervisor)
        path = Path(sip_demo.database.directory) / "baresip-call.wav"
        path.write_bytes(wav.content)
        # The caller's recorded voice on the left, baresip's tone on the right.
        for channel in (1, 2):
            stats = subprocess.run(["sox", str(path), "-n", "remix", str(channel), "stat"],
                                   capture_output=True, text=True, check=True).stderr
            rms = float(next(line for line in stats.splitlines() if line.startswith("RMS     amplitude")).split()[-1])
            assert rms > 0.01, f"channel {channel} is silent: {stats}"
    finally:
        phone.terminate()
        phone.wait(timeout=10)
