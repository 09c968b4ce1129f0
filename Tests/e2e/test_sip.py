"""FirstCall's SIP side against a real peer: sipp (Debian's sip-tester) as a monitoring peer
sending OPTIONS, before and after a flood of garbage and RFC 4475 torture datagrams."""

import random
import shutil
import socket
import subprocess
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
    assert "refused a REGISTER: wrong password" in sip_demo.log()


def test_an_agent_sets_her_phones_password_on_the_desktop_and_it_takes_effect(sip_demo, page_for):
    agent = page_for("zh-CN")
    log_in(agent, sip_demo, "agent1", "demo")
    agent.wait_for_url("**/agent")
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
