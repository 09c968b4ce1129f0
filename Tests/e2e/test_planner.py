"""The planner's page in Chromium: a bank history file chosen from disk, the forecast checked
against its last week (chart and WAPE), the days ahead forecast, and the agents per interval."""

import csv
import re

from playwright.sync_api import expect

from conftest import ROOT, log_in

BANK = ROOT / "Tests" / "Fixtures" / "wfm" / "forecast" / "bank_calls_15min.csv"


def test_a_planner_checks_the_forecast_and_staffs_the_days_ahead(server, page_for, tmp_path):
    with open(BANK) as source:
        rows = list(csv.reader(source))
    # Six weeks of 15-minute history: 30 weekdays × 56 intervals.
    history = tmp_path / "history.csv"
    history.write_text("\n".join(",".join(row) for row in [rows[0]] + rows[-30 * 56:]) + "\n")
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-planner]")
    page.wait_for_url("**/planner")
    expect(page.locator(".section-title")).to_have_text("排班规划")
    page.set_input_files("[data-testid=planner-file]", str(history))
    expect(page.locator("[data-testid=planner-history]")).to_have_value(history.read_text())

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
