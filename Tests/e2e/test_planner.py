"""The planner's page in Chromium: a bank history file chosen from disk or the stored contacts
of a queue, the forecast checked against its last week (chart and WAPE), the days ahead
forecast, the agents per interval, and a day's schedule built from availability and published."""

import csv
import re

from playwright.sync_api import expect

from conftest import ROOT, log_in
from test_routing import make_center, new_contact

BANK = ROOT / "Tests" / "Fixtures" / "wfm" / "forecast" / "bank_calls_15min.csv"


def six_weeks_of_history(folder):
    """The bank's last six weeks of 15-minute history (30 weekdays × 56 intervals) as a file."""
    with open(BANK) as source:
        rows = list(csv.reader(source))
    history = folder / "history.csv"
    history.write_text("\n".join(",".join(row) for row in [rows[0]] + rows[-30 * 56:]) + "\n")
    return history


def test_a_planner_checks_the_forecast_and_staffs_the_days_ahead(server, page_for, tmp_path):
    history = six_weeks_of_history(tmp_path)
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-planner]")
    page.wait_for_url("**/planner")
    expect(page.locator(".section-title")).to_have_text("排班规划")
    page.set_input_files("[data-testid=planner-file]", str(history))
    expect(page.locator("[data-testid=planner-history]")).to_have_value(history.read_text())

    # The center's calendar: saved, read back after a reload, and sent with every forecast.
    page.click(".holidays summary")
    page.fill("[data-testid=planner-holidays]", "2003-10-01 国庆节\n2003-10-02, 国庆节")
    page.click("[data-testid=planner-save-holidays]")
    expect(page.locator("[data-testid=planner-status]")).to_have_text("日历共 2 天。")
    page.reload()
    expect(page.locator("[data-testid=planner-holidays]")).to_have_value("2003-10-01 国庆节\n2003-10-02 国庆节")
    page.set_input_files("[data-testid=planner-file]", str(history))
    page.click(".holidays summary")
    page.fill("[data-testid=planner-holidays]", "2003-10-32 x")
    page.click("[data-testid=planner-save-holidays]")
    expect(page.locator("[data-testid=planner-status]")).to_have_text("「2003-10-32」不是有效的日期（格式如 2027-02-06）。")
    page.reload()
    page.set_input_files("[data-testid=planner-file]", str(history))

    page.click("[data-testid=planner-backtest]")
    wape = page.locator("[data-testid=planner-wape] .figure-value")
    expect(wape).to_have_text(re.compile(r"^\d+\.\d%$"))
    assert float(wape.inner_text().rstrip("%")) < 15
    expect(page.locator("[data-testid=planner-intervals] .figure-value")).to_have_text(str(5 * 56))
    expect(page.locator("[data-testid=chart-actual]")).to_have_count(1)
    expect(page.locator("[data-testid=chart-forecast]")).to_have_count(1)

    page.fill("[data-testid=planner-days]", "7")
    page.click("[data-testid=planner-forecast]")
    # Seven calendar days after a Friday hold five weekdays of 56 intervals.
    expect(page.locator("[data-testid=planner-intervals] .figure-value")).to_have_text(str(5 * 56))
    expect(page.locator("[data-testid=chart-actual]")).to_have_count(0)

    page.click("[data-testid=planner-staff]")
    staffing = page.locator("[data-testid=planner-staffing-row]")
    expect(staffing).to_have_count(5 * 56)
    first = staffing.first.locator("td")
    assert first.nth(0).inner_text() == "2003-10-27 07:00"
    agents, scheduled = int(first.nth(2).inner_text()), int(first.nth(3).inner_text())
    assert agents > 0 and scheduled >= agents
    assert not page.errors


def test_a_planner_builds_a_day_from_availability_and_publishes_it(server, page_for, tmp_path):
    token = server.login()
    for name in ("ana", "bo"):
        created = server.api("POST", "/api/v1/users", token, json={
            "username": name, "password": "password-123", "role": "agent", "displayName": name})
        assert created.status_code == 201, created.text
    users = {user["username"]: user["id"] for user in server.api("GET", "/api/v1/users", token).json()["items"]}
    history = six_weeks_of_history(tmp_path)
    page = page_for("en")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.goto(server.base + "/planner")
    page.set_input_files("[data-testid=planner-file]", str(history))
    # Three calendar days after a Friday: Monday 27 October 2003 only.
    page.fill("[data-testid=planner-days]", "3")
    page.click("[data-testid=planner-forecast]")
    page.click("[data-testid=planner-staff]")
    expect(page.locator("[data-testid=planner-staffing-row]")).to_have_count(56)
    # The staffed day replayed through the simulator, beside Erlang, interval by interval.
    page.click("[data-testid=planner-whatif]")
    expect(page.locator("[data-testid=planner-whatif-row]")).to_have_count(56, timeout=60000)
    level = page.locator("[data-testid=whatif-service-level] .figure-value").inner_text()
    assert 50 < float(level.rstrip("%")) <= 100
    replications = int(page.locator("[data-testid=whatif-replications] .figure-value").inner_text())
    assert 1 <= replications <= 30
    expect(page.locator("[data-testid=planner-day] option")).to_have_text(["2003-10-27"])
    expect(page.locator("[data-testid=planner-template]")).to_have_count(2)
    expect(page.locator("[data-testid=planner-agent]")).to_have_count(2)

    # A template off the 15-minute grid is refused on the page, with what is wrong.
    hours = page.locator("[data-testid=planner-template]").first.locator("[data-field=hours]")
    hours.fill("8.1")
    page.click("[data-testid=planner-build]")
    expect(page.locator("[data-testid=planner-schedule-status]")).to_have_text(
        "FT8 Hours must be a whole number of 15-minute intervals.")
    hours.fill("8")

    # Only ana, and only in the morning: nothing can be planned after 15:00, which the fit shows.
    page.fill("[data-testid=planner-agent][data-name=ana] [data-testid=planner-window]", "07:00-15:00")
    page.click("[data-testid=planner-build]")
    expect(page.locator("[data-testid=planner-assigned-row]")).to_have_count(1)
    bars = page.locator("[data-testid=fit-interval]")
    expect(bars).to_have_count(96)
    late = page.locator("[data-testid=fit-interval]").nth(4 * 15 + 1)  # 15:15
    assert int(late.get_attribute("data-required")) > 0 and late.get_attribute("data-scheduled") == "0"
    assert page.locator("[data-testid=fit-interval].under").count() >= 4 * 6
    coverage = float(page.locator("[data-testid=planner-coverage] .figure-value").inner_text().rstrip("%"))
    assert 0 < coverage < 100

    # bo takes the evening: every interval is covered, by the two of them and open shifts.
    page.fill("[data-testid=planner-agent][data-name=bo] [data-testid=planner-window]", "13:00-21:00")
    page.click("[data-testid=planner-build]")
    expect(page.locator("[data-testid=planner-coverage] .figure-value")).to_have_text("100.0%")
    assigned = page.locator("[data-testid=planner-assigned-row]")
    expect(assigned).to_have_count(2)
    open_count = int(page.locator("[data-testid=planner-open-count] .figure-value").inner_text())
    assert open_count > 0
    # The open shifts are listed, not only counted, and add up to the count.
    open_rows = page.locator("[data-testid=planner-open-row]")
    expect(open_rows.first).to_be_visible()
    assert sum(int(open_rows.nth(index).locator("td").nth(2).inner_text()) for index in range(open_rows.count())) == open_count
    assert page.locator("[data-testid=fit-interval].under").count() == 0
    # The chart has its scale and hours.
    expect(page.locator("[data-testid=planner-fit] [data-testid=chart-y-tick]")).to_have_count(3)
    expect(page.locator("[data-testid=planner-fit] [data-testid=chart-x-tick]").first).to_have_text("00:00")
    shown = {assigned.nth(index).locator("td").nth(0).inner_text(): assigned.nth(index).locator("td").nth(2).inner_text()
             for index in range(2)}
    ana_start, ana_end = shown["ana"].split("–")
    assert "07:00" <= ana_start and ana_end <= "15:00"
    bo_start, bo_end = shown["bo"].split("–")
    assert "13:00" <= bo_start and bo_end <= "21:00"

    page.click("[data-testid=planner-publish]")
    expect(page.locator("[data-testid=planner-schedule-status]")).to_have_text("Published 2 shifts for 2003-10-27.")
    published = server.api("GET", "/api/v1/wfm/shifts?from=2003-10-26T00:00:00Z&to=2003-10-29T00:00:00Z", token).json()
    assert {shift["agentId"] for shift in published["items"]} == {users["ana"], users["bo"]}
    assert all(len(shift["breaks"]) == 1 for shift in published["items"])
    assert not page.errors


def test_a_planner_loads_the_stored_contacts_of_a_queue_and_channel(server, page_for):
    admin = server.login()
    queue_id, _, _ = make_center(server, admin)
    # Nobody is ready: three voice contacts wait in the queue, and are counted where they arrived.
    for _ in range(3):
        new_contact(server, admin, queue_id)
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.goto(server.base + "/planner")
    page.select_option("[data-testid=planner-queue]", label="售后服务")
    page.select_option("[data-testid=planner-channel]", "voice")
    page.fill("[data-testid=planner-weeks]", "1")
    page.select_option("[data-testid=planner-interval]", "60")
    page.click("[data-testid=planner-load]")
    total = page.locator("[data-testid=planner-history-total] .figure-value")
    expect(total).to_have_text("3")
    lines = page.locator("[data-testid=planner-history]").input_value().strip().split("\n")
    # Nobody handled them yet, so there is no handle-time column.
    assert lines[0] == "timestamp,calls"
    # Seven whole days and today up to now, an hour a row.
    assert 7 * 24 < len(lines) - 1 <= 8 * 24
    assert lines[-1].split(",")[1] == "3"
    page.select_option("[data-testid=planner-channel]", "chat")
    page.click("[data-testid=planner-load]")
    expect(total).to_have_text("0")
    assert not page.errors


def test_the_default_templates_fit_half_hour_data(server, page_for, tmp_path):
    """On 30-minute history the default part-time template's 15-minute break becomes a whole interval."""
    with BANK.open() as source:
        rows = list(csv.reader(source))
    header, body = rows[0], rows[-30 * 56:]
    halves = [header] + [[body[index][0], str(int(body[index][1]) + int(body[index + 1][1]))] + body[index][2:]
                         for index in range(0, len(body), 2)]
    history = tmp_path / "half-hours.csv"
    history.write_text("\n".join(",".join(row) for row in halves) + "\n")
    created = server.api("POST", "/api/v1/users", server.login(), json={
        "username": "ana", "password": "password-123", "role": "agent", "displayName": "ana"})
    assert created.status_code == 201, created.text
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.goto(server.base + "/planner")
    page.set_input_files("[data-testid=planner-file]", str(history))
    page.fill("[data-testid=planner-days]", "4")
    page.click("[data-testid=planner-forecast]")
    expect(page.locator("[data-testid=chart-forecast]")).to_have_count(1)
    expect(page.locator("[data-testid=planner-chart] [data-testid=chart-y-tick]")).to_have_count(3)
    page.click("[data-testid=planner-staff]")
    expect(page.locator("[data-testid=planner-staffing-row]")).to_have_count(2 * 28)
    part_time = page.locator("[data-testid=planner-template]").nth(1)
    expect(part_time.locator("[data-field=breakMinutes]")).to_have_value("30")
    # Both days at once: each day's fit in turn, every shift with its day, published together.
    page.fill("[data-testid=planner-agent][data-name=ana] [data-testid=planner-window]", "07:00-12:00")
    page.select_option("[data-testid=planner-day]", "*")
    page.click("[data-testid=planner-build]")
    expect(page.locator("[data-testid=fit-interval]")).to_have_count(2 * 48, timeout=30_000)
    expect(page.locator("[data-testid=planner-schedule-status]")).to_have_text("")
    open_days = {page.locator("[data-testid=planner-open-row]").nth(index).get_attribute("data-day")
                 for index in range(page.locator("[data-testid=planner-open-row]").count())}
    assert open_days == {"2003-10-27", "2003-10-28"}, open_days
    assigned_days = {page.locator("[data-testid=planner-assigned-row]").nth(index).get_attribute("data-day")
                     for index in range(page.locator("[data-testid=planner-assigned-row]").count())}
    assert assigned_days == {"2003-10-27", "2003-10-28"}, assigned_days
    page.click("[data-testid=planner-publish]")
    expect(page.locator("[data-testid=planner-schedule-status]")).to_contain_text("2003-10-27 – 2003-10-28")
    assert not page.errors

