"""Quality assurance in Chromium: a supervisor builds a scorecard with a fatal item, an evaluator scores a
contact beside its record, the agent disputes the evaluation, and the QA summary shows the fatal error."""

import re

from playwright.sync_api import expect

from conftest import log_in
from test_routing import make_center, new_contact


def answered_contact(server, admin):
    """A call the agent answered, talked and wrapped up, and the agent's id."""
    queue_id, agent_id, agent_token = make_center(server, admin)
    contact = new_contact(server, admin, queue_id)
    assert server.api("POST", f"/api/v1/agents/{agent_id}/state", agent_token, json={"state": "available"}).status_code == 200
    for step, body in [("accept", None), ("end", {"endedBy": "agent"}),
                       ("complete", {"disposition": "resolved", "reason": "退款"})]:
        done = server.api("POST", f"/api/v1/contacts/{contact['id']}/{step}", agent_token, json=body)
        assert done.status_code == 200, (step, done.text)
    return contact["id"], agent_id


def test_a_contact_is_scored_disputed_and_summed_up(server, page_for):
    admin = server.login()
    contact_id, agent_id = answered_contact(server, admin)
    lead = server.api("POST", "/api/v1/users", admin, json={
        "username": "lead", "password": "lead-password-1", "role": "supervisor", "displayName": "周主管"})
    assert lead.status_code == 201, lead.text

    supervisor = page_for("zh-CN")
    log_in(supervisor, server, "lead", "lead-password-1")
    expect(supervisor).to_have_url(re.compile(r"/admin$"), timeout=30_000)
    supervisor.goto(server.base + "/quality")
    form = supervisor.locator("[data-testid=scorecard-form]")
    form.locator("[data-testid=scorecard-name]").fill("电话质检")
    form.locator("[data-testid=scorecard-section-title]").fill("开场")
    form.locator("[data-testid=scorecard-item-text]").first.fill("使用标准问候语")
    form.locator("[data-testid=scorecard-add-item]").click()
    form.locator("[data-testid=scorecard-item-text]").nth(1).fill("核实客户身份")
    form.locator("[data-testid=scorecard-item-weight]").nth(1).fill("2")
    form.locator("[data-testid=scorecard-item-fatal]").nth(1).check()
    form.locator("[data-testid=scorecard-save]").click()
    expect(supervisor.locator("[data-testid=scorecard]")).to_contain_text("电话质检")

    evaluator = page_for("zh-CN")
    log_in(evaluator, server)
    expect(evaluator).to_have_url(re.compile(r"/admin$"), timeout=30_000)
    evaluator.goto(server.base + "/quality")
    # The call has no transcript to flag and no score: it is in the sample, drawn for its agent's week.
    sampled = evaluator.locator(f"[data-testid=quality-sample-row][data-id='{contact_id}']")
    expect(sampled).to_contain_text("随机抽样")
    expect(evaluator.locator("[data-testid=quality-rules-repeatPhrases]")).to_have_value(re.compile("还是没解决"))
    evaluator.click("[data-testid=quality-find-submit]")
    row = evaluator.locator(f"[data-testid=quality-contact][data-id='{contact_id}']")
    row.locator("[data-testid=quality-open]").click()
    expect(evaluator.locator("[data-testid=quality-record]")).to_contain_text("没有录音", timeout=10_000)
    items = evaluator.locator("[data-testid=quality-item]")
    expect(items).to_have_count(2)
    items.nth(0).locator("input[value=yes]").check()
    items.nth(1).locator("input[value=no]").check()
    evaluator.fill("[data-testid=quality-comment]", "未核实身份")
    evaluator.click("[data-testid=quality-submit]")
    expect(evaluator.locator("[data-testid=quality-result]")).to_contain_text("致命项未通过")
    expect(evaluator.locator("[data-testid=quality-evaluation]")).to_have_count(1)
    # Evaluated, it leaves the sample.
    expect(sampled).to_have_count(0)

    agent = page_for("zh-CN")
    log_in(agent, server, "agent1", "agent-password")
    expect(agent).to_have_url(re.compile(r"/agent$"), timeout=30_000)
    agent.goto(server.base + "/quality")
    mine = agent.locator("[data-testid=quality-evaluation]")
    expect(mine).to_have_count(1)
    expect(mine.locator("[data-testid=quality-evaluation-score]")).to_contain_text("致命")
    expect(agent.locator("[data-testid=quality-evaluate]")).to_be_hidden()
    mine.locator("[data-testid=quality-dispute-reason]").fill("客户拒绝提供身份信息")
    mine.locator("[data-testid=quality-dispute]").click()
    expect(mine).to_have_attribute("data-status", "disputed")
    expect(mine).to_contain_text("客户拒绝提供身份信息")

    supervisor.reload()
    summary = supervisor.locator("[data-testid=quality-summary-agents] [data-testid=quality-summary-row]")
    expect(summary).to_have_count(1)
    expect(summary).to_contain_text("100.0%")
    for page in (supervisor, evaluator, agent):
        assert page.errors == []
    assert agent_id
