"""The reports page in Chromium, on a center whose history was imported: the headline figures agree with
`firstcall report --contacts` on the same file, the charts draw the service level against its target and
the volume, every grouping has its table, and a table's CSV download holds what the API answered."""

import csv
import io
import json
import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from conftest import ROOT, Server, binary, log_in

sys.path.insert(0, str(ROOT / "Benchmarks"))
import contact_records  # noqa: E402


def test_a_supervisor_reads_a_week_of_imported_history(database, page_for, tmp_path):
    path = tmp_path / "history.csv"
    contact_records.generate(str(path), rows=4_000, seed=515, bad_share=0)
    imported = subprocess.run([binary(), "import", "contacts", str(path), *database.arguments()],
                              capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr
    expected = json.loads(subprocess.run([binary(), "report", "--contacts", str(path), "--json"],
                                         capture_output=True, text=True, timeout=120).stdout)["overall"]
    server = Server(database).start()
    try:
        admin = server.login()
        lead = server.api("POST", "/api/v1/users", admin, json={
            "username": "lead", "password": "lead-password-1", "role": "supervisor", "displayName": "周主管"})
        assert lead.status_code == 201, lead.text
        page = page_for("zh-CN")
        log_in(page, server, "lead", "lead-password-1")
        expect(page.locator("[data-testid=nav-reports]")).to_be_visible()
        page.goto(server.base + "/reports")
        # The generated week starts on 2 March 2026 (UTC); the browser's days are UTC here.
        page.fill("[data-testid=reports-from]", "2026-03-01")
        page.fill("[data-testid=reports-to]", "2026-03-10")
        page.click("[data-testid=reports-submit]")
        tile = page.locator("[data-testid=report-tile-offered] strong")
        expect(tile).to_have_text(str(expected["offered"]), timeout=60_000)
        # The center measures chats against 40 s and e-mail against 4 h, the file report everything against
        # 20 s: the tile shows the server's figure.
        answer = server.api("GET", "/api/v1/reports/contacts", server.login("lead", "lead-password-1"), params={
            "from": "2026-03-01T00:00:00Z", "to": "2026-03-10T00:00:00Z"}).json()["overall"]
        assert answer["serviceLevel"] > expected["serviceLevel"]
        expect(page.locator("[data-testid=report-tile-serviceLevel] strong")).to_have_text(
            f"{answer['serviceLevel'] * 100:.1f}%")
        expect(page.locator("[data-testid=report-tile-fcrRate] strong")).to_have_text(f"{expected['fcrRate'] * 100:.1f}%")
        points = page.locator("[data-testid=report-chart-sl] [data-testid=report-sl-point]")
        assert points.count() >= 7
        expect(page.locator("[data-testid=report-sl-target]")).to_have_count(1)
        assert page.locator("[data-testid=report-chart-volume] [data-testid=report-bar-offered]").count() == points.count()
        assert page.locator("[data-testid=report-chart-sl] [data-testid=chart-x-tick]").count() >= 2
        queue_rows = page.locator("[data-testid=report-table-byQueue] [data-testid=report-row]")
        expect(queue_rows).to_have_count(len(contact_records.QUEUES))
        expect(page.locator("[data-testid=report-table-byQueue]")).to_contain_text("售后服务")
        for grouping in ("byInterval", "byAgent", "byChannel", "byReason"):
            assert page.locator(f"[data-testid=report-table-{grouping}] [data-testid=report-row]").count() > 0, grouping

        intervals = page.locator("[data-testid=report-table-byInterval] [data-testid=report-row]").count()
        expect(page.locator("[data-testid=report-abandonment-table] [data-testid=report-row]")).to_have_count(intervals + 1)
        assert page.locator("[data-testid=report-root-table-byReason] [data-testid=report-row]").count() > 0
        expect(page.locator("[data-testid=report-anomalies] h2")).to_be_visible()
        # The year's satisfaction: one month and one quarter hold the generated week.
        expect(page.locator("[data-testid=report-csat-bar]")).to_have_count(1, timeout=60_000)
        expect(page.locator("[data-testid=report-csat-quarters] [data-testid=report-row]")).to_have_count(1)
        expect(page.locator("[data-testid=report-csat-quarters]")).to_contain_text("2026 年第 1 季度")

        with page.expect_download() as waiting:
            page.click("[data-testid=report-csv-byQueue]")
        download = waiting.value
        text = open(download.path(), encoding="utf-8-sig").read()
        rows = list(csv.DictReader(io.StringIO(text)))
        assert {row["name"] for row in rows} == set(contact_records.QUEUES)
        assert sum(int(row["offered"]) for row in rows) == expected["offered"]
        assert "selfServiceRate" not in rows[0]

        # Agents' time has its columns; imported records say nothing of it.
        expect(page.locator("[data-testid=report-table-byAgent] thead")).to_contain_text("占用率")
        expect(page.locator("[data-testid=report-tile-occupancy] strong")).to_have_text("–")

        page.select_option("[data-testid=reports-channel]", "chat")
        page.click("[data-testid=reports-submit]")
        expect(tile).not_to_have_text(str(expected["offered"]), timeout=60_000)
        page.select_option("[data-testid=language-switch]", "en")
        expect(page.locator("[data-testid=report-table-byQueue] th").first).to_have_text("By queue")
        assert page.errors == []

        agent = server.api("POST", "/api/v1/users", admin, json={
            "username": "wang", "password": "agent-password-1", "role": "agent", "displayName": "王芳"})
        assert agent.status_code == 201
        desk = page_for("zh-CN")
        log_in(desk, server, "wang", "agent-password-1")
        expect(desk).to_have_url(re.compile(r"/agent$"), timeout=30_000)
        expect(desk.locator("[data-testid=nav-reports]")).to_be_hidden()
        # Ready on her desktop, she has time today, counted up to now.
        desk.select_option("[data-testid=agent-state]", "ready")
        expect(desk.locator("[data-testid=agent-state]")).to_have_value("ready")
        today = datetime.now(timezone.utc).date()
        answer = server.api("GET", "/api/v1/reports/contacts", server.login("lead", "lead-password-1"), params={
            "from": f"{today}T00:00:00Z", "to": f"{today + timedelta(days=1)}T00:00:00Z"}).json()
        wang = next(row for row in answer["byAgent"] if row["name"] == "王芳")
        assert wang["loggedInSeconds"] > 0 and wang["availableSeconds"] > 0 and wang["handlingSeconds"] == 0, wang
        assert wang["occupancy"] == 0
        assert answer["overall"]["loggedInSeconds"] >= wang["loggedInSeconds"]
    finally:
        server.stop()


def test_the_wallboard_follows_the_queues_live_and_turns_red_past_thresholds(server, page_for):
    from test_routing import make_center, new_contact

    admin = server.login()
    queue_id, agent_id, agent_token = make_center(server, admin)
    patched = server.api("PATCH", f"/api/v1/queues/{queue_id}", admin, json={"serviceLevelThresholdSeconds": 1})
    assert patched.status_code == 200, patched.text
    first = new_contact(server, admin, queue_id)
    new_contact(server, admin, queue_id)

    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.goto(server.base + "/wallboard")
    card = page.locator("[data-testid=wallboard-queue][data-name=售后服务]")
    expect(card.locator("[data-testid=wallboard-waiting] .figure-value")).to_have_text("2")
    # Both have waited past the queue's 1 s: the longest wait turns red, ticking on.
    expect(card.locator("[data-testid=wallboard-longest]")).to_have_attribute("data-alarm", "true", timeout=10_000)
    expect(page.locator("[data-testid=wallboard-total-waiting] .figure-value")).to_have_text("2")

    # The agent answers: the board hears it over the WebSocket, without a reload.
    assert server.api("POST", f"/api/v1/agents/{agent_id}/state", agent_token,
                      json={"state": "available"}).status_code == 200
    accepted = server.api("POST", f"/api/v1/contacts/{first['id']}/accept", agent_token)
    assert accepted.status_code == 200, accepted.text
    expect(card.locator("[data-testid=wallboard-waiting] .figure-value")).to_have_text("1", timeout=10_000)
    expect(page.locator("[data-testid=wallboard-total-agents-busy] strong")).to_have_text("1")
    # Answered after more than 1 s: today's service level is 0 %, below the 80 % target.
    expect(card.locator("[data-testid=wallboard-service-level]")).to_have_attribute("data-alarm", "true", timeout=20_000)
    expect(card.locator("[data-testid=wallboard-service-level] .figure-value")).to_have_text("0%")
    page.select_option("[data-testid=language-switch]", "en")
    expect(card.locator("[data-testid=wallboard-waiting] .figure-label")).to_have_text("Waiting")
    assert page.errors == []


def test_an_agent_whose_handle_time_stands_out_is_flagged_in_the_live_view_and_the_reports(database, page_for, tmp_path):
    from datetime import datetime, timedelta, timezone

    path = tmp_path / "week.csv"
    contact_records.generate(str(path), rows=3_000, seed=616, bad_share=0,
                             start=datetime.now(timezone.utc) - timedelta(days=7, minutes=-5))
    with open(path, encoding="utf-8", newline="") as source:
        rows = list(csv.DictReader(source))
    # One agent wraps up for half an hour after every contact.
    for row in rows:
        if row["agent_id"] == "agent-002" and row["wrap_seconds"]:
            row["wrap_seconds"] = "1800"
    with open(path, "w", encoding="utf-8", newline="") as target:
        writer = csv.DictWriter(target, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    imported = subprocess.run([binary(), "import", "contacts", str(path), *database.arguments()],
                              capture_output=True, text=True, timeout=300)
    assert imported.returncode == 0, imported.stderr
    server = Server(database).start()
    try:
        page = page_for("zh-CN")
        log_in(page, server)
        expect(page).to_have_url(re.compile(r"/admin$"), timeout=30_000)
        page.goto(server.base + "/supervisor")
        flagged = page.locator("[data-testid=live-anomaly][data-figure=averageHandleSeconds]")
        expect(flagged).to_have_count(1, timeout=60_000)
        expect(flagged).to_contain_text("agent-002")
        expect(flagged).to_contain_text("明显高于")
        assert page.errors == []
    finally:
        server.stop()
