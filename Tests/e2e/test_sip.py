"""FirstCall's SIP side against a real peer: sipp (Debian's sip-tester) as a monitoring peer
sending OPTIONS, before and after a flood of garbage and RFC 4475 torture datagrams."""

import random
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from conftest import Database, Server, free_port

HERE = Path(__file__).parent
TORTURE = HERE.parent / "Fixtures" / "sip" / "rfc4475"


@pytest.fixture
def sip_server():
    if shutil.which("sipp") is None:
        pytest.fail("sipp is not installed: scripts/test installs sip-tester")
    database = Database("sqlite")
    sip_port = free_port()
    server = Server(database, extra=("--sip-port", str(sip_port))).start()
    server.sip_port = sip_port
    yield server
    server.stop()
    database.remove()


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
