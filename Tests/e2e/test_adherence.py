"""The published schedule in Chromium: an agent sees the shift a supervisor published in the
desktop, and the supervisor's view raises an adherence alert when the agent is not ready
during scheduled work."""

from datetime import datetime, timedelta, timezone

from playwright.sync_api import expect

from conftest import log_in


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def test_an_agent_sees_the_published_shift_and_the_supervisor_the_alert(server, page_for):
    token = server.login()
    # The lead plans the team's shifts: a supervisor with the WFM right.
    for name, role in (("lead", "supervisor"), ("ana", "agent")):
        created = server.api("POST", "/api/v1/users", token, json={
            "username": name, "password": "password-123", "role": role, "displayName": name,
            "canPlanWorkforce": role == "supervisor"})
        assert created.status_code == 201, created.text
    users = {user["username"]: user["id"] for user in server.api("GET", "/api/v1/users", token).json()["items"]}
    lead = server.login("lead", "password-123")
    ana = server.login("ana", "password-123")
    # A shift that began an hour ago and runs three more, with a break later on.
    now = datetime.now(timezone.utc).replace(microsecond=0)
    start, end = now - timedelta(hours=1), now + timedelta(hours=3)
    published = server.api("PUT", "/api/v1/wfm/shifts", lead, json={
        "from": iso(start - timedelta(minutes=1)), "to": iso(end), "shifts": [{
            "agentId": users["ana"], "start": iso(start), "end": iso(end),
            "breaks": [{"start": iso(now + timedelta(hours=1)), "end": iso(now + timedelta(hours=1, minutes=15))}]}]})
    assert published.status_code == 200, published.text
    # Not ready for "other" during work: out of adherence for the whole hour so far.
    state = server.api("POST", f"/api/v1/agents/{users['ana']}/state", ana, json={"state": "notReady", "reason": "other"})
    assert state.status_code == 200, state.text

    agent_page = page_for("en")
    log_in(agent_page, server, "ana", "password-123")
    agent_page.wait_for_url("**/agent")
    expect(agent_page.locator("[data-testid=my-shift]")).to_have_count(1)
    expect(agent_page.locator("[data-testid=my-shift]")).to_contain_text("breaks")

    supervisor_page = page_for("zh-CN")
    log_in(supervisor_page, server, "lead", "password-123")
    supervisor_page.wait_for_url("**/admin")
    supervisor_page.goto(server.base + "/supervisor")
    alert = supervisor_page.locator("[data-testid=adherence-alert]")
    expect(alert).to_have_count(1)
    expect(alert).to_contain_text("ana：排班为工作")
    expect(supervisor_page.locator("[data-testid=adherence-row][data-name=ana] [data-testid=adherence-rate]")).to_have_text("0.0%")
    # The report by day says the same for ana, her level and the whole center.
    report = supervisor_page.locator("[data-testid=adherence-report-row][data-scope=agent][data-name=ana]")
    expect(report.first.locator("[data-testid=adherence-report-rate]")).to_have_text("0.0%")
    expect(report.first).to_contain_text("坐席")
    expect(supervisor_page.locator("[data-testid=adherence-report-row][data-scope=center]").first).to_contain_text("全中心")
    assert not agent_page.errors and not supervisor_page.errors
