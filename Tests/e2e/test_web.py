"""The login page and the admin area in Chromium, in Chinese and English."""

import json
from pathlib import Path

from playwright.sync_api import expect

from conftest import log_in


def test_the_login_page_speaks_the_browsers_language(server, page_for):
    chinese = page_for("zh-CN")
    chinese.goto(server.base + "/login")
    expect(chinese.locator("[data-testid=login-submit]")).to_have_text("登录")
    english = page_for("en-US")
    english.goto(server.base + "/login")
    expect(english.locator("[data-testid=login-submit]")).to_have_text("Log in")
    # Switching loads the other catalog, then rewords the page.
    english.select_option("[data-testid=language-switch]", "zh-TW")
    expect(english.locator("[data-testid=login-submit]")).to_have_text("登入")
    english.select_option("[data-testid=language-switch]", "zh-CN")
    expect(english.locator("[data-testid=login-submit]")).to_have_text("登录")
    english.reload()
    expect(english.locator("[data-testid=login-submit]")).to_have_text("登录")
    assert not chinese.errors and not english.errors


def test_a_wrong_password_is_reported(server, page_for):
    page = page_for("zh-CN")
    log_in(page, server, password="wrong-password", succeeds=False)
    error = page.locator("[data-testid=login-error]")
    error.wait_for()
    assert error.inner_text() == "用户名或密码错误。"
    assert page.url.endswith("/login")


def test_an_admin_manages_queues_in_the_browser(server, page_for):
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-queues]")
    page.click("[data-testid=resource-new]")
    page.fill("[data-testid=resource-form] input[name=name]", "售前咨询")
    page.fill("[data-testid=resource-form] input[name=serviceLevelThresholdSeconds]", "30")
    page.click("[data-testid=resource-save]")
    row = page.locator("[data-testid=resource-row][data-name=售前咨询]")
    row.wait_for()
    assert "30 s" in row.inner_text()

    row.locator("[data-testid=row-edit]").click()
    page.fill("[data-testid=resource-form] input[name=name]", "售前咨询（新）")
    page.click("[data-testid=resource-save]")
    page.locator("[data-testid=resource-row][data-name='售前咨询（新）']").wait_for()

    token = server.login()
    names = [queue["name"] for queue in server.api("GET", "/api/v1/queues", token).json()["items"]]
    assert names == ["售前咨询（新）"]

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("[data-testid=resource-row][data-name='售前咨询（新）'] [data-testid=row-delete]").click()
    page.locator("[data-testid=resource-row]").first.wait_for(state="detached")
    assert server.api("GET", "/api/v1/queues", token).json()["items"] == []
    assert not page.errors


def test_an_admin_creates_an_agent_with_skills(server, page_for):
    token = server.login()
    server.api("POST", "/api/v1/skills", token, json={"name": "退款"})
    page = page_for("en-US")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.click("[data-testid=resource-new]")
    form = page.locator("[data-testid=resource-form]")
    form.locator("input[name=username]").fill("agent9")
    form.locator("input[name=displayName]").fill("周杰")
    form.locator("input[name=password]").fill("agent9-password")
    form.locator("select[name=chatCapacity]").select_option("1")
    page.click("[data-testid=resource-save]")
    row = page.locator("[data-testid=resource-row][data-name=agent9]")
    row.wait_for()
    row.locator("[data-testid=row-skills]").click()
    page.locator("[data-testid=skills-form] select").first.select_option("4")
    page.click("[data-testid=skills-save]")
    page.locator("[data-testid=skills-form]").wait_for(state="detached")

    users = server.api("GET", "/api/v1/users", token).json()["items"]
    agent = next(user for user in users if user["username"] == "agent9")
    assert agent["displayName"] == "周杰" and agent["chatCapacity"] == 1 and agent["role"] == "agent"
    skills = server.api("GET", f"/api/v1/users/{agent['id']}/skills", token).json()["items"]
    assert [(skill["skillName"], skill["proficiency"]) for skill in skills] == [("退款", 4)]
    server.login("agent9", "agent9-password")


def test_names_are_shown_as_text_never_run_as_html(server, page_for):
    token = server.login()
    payload = '<img src=x onerror="window.__xss = 1"><b>粗体</b>'
    assert server.api("POST", "/api/v1/skills", token, json={"name": payload}).status_code == 201
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-skills]")
    page.locator("[data-testid=resource-row]").first.wait_for()
    assert page.locator("[data-testid=resource-row] td").first.inner_text() == payload
    assert page.locator("fc-resource img, fc-resource b").count() == 0
    assert page.evaluate("window.__xss") is None


def test_an_agent_is_refused_and_logout_ends_the_session(server, page_for):
    token = server.login()
    server.api("POST", "/api/v1/users", token,
               json={"username": "agent1", "password": "agent1-password", "role": "agent", "displayName": "王芳"})
    page = page_for("zh-CN")
    log_in(page, server, "agent1", "agent1-password")
    # Agents land in their desktop; the admin area refuses them.
    page.wait_for_url("**/agent")
    page.goto(server.base + "/admin")
    assert page.locator("[data-testid=form-error]").inner_text() == "您的角色没有这项权限。"
    page.click("[data-testid=logout]")
    page.wait_for_url("**/login")
    page.goto(server.base + "/agent")
    page.wait_for_url("**/login")


def test_an_admin_sets_a_queues_strategy_and_overflow(server, page_for):
    token = server.login()
    for name in ("售后服务", "后援组"):
        assert server.api("POST", "/api/v1/queues", token, json={"name": name}).status_code == 201
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-queues]")
    row = page.locator("[data-testid=resource-row][data-name=售后服务]")
    assert "最长空闲坐席优先" in row.inner_text()
    row.locator("[data-testid=row-edit]").click()
    form = page.locator("[data-testid=resource-form]")
    form.locator("select[name=strategy]").select_option("ring-all")
    form.locator("select[name=overflowQueueId]").select_option(label="后援组")
    form.locator("input[name=overflowAfterSeconds]").fill("30")
    page.click("[data-testid=resource-save]")
    page.locator("[data-testid=resource-row][data-name=售后服务]", has_text="同时振铃").wait_for()

    queues = {queue["name"]: queue for queue in server.api("GET", "/api/v1/queues", token).json()["items"]}
    configured = queues["售后服务"]
    assert configured["strategy"] == "ring-all"
    assert configured["overflowQueueId"] == queues["后援组"]["id"]
    assert configured["overflowAfterSeconds"] == 30 and "overflowExpectedWaitSeconds" not in configured
    assert not page.errors


def test_a_supervisor_writes_publishes_imports_and_exports_articles(server, page_for, tmp_path):
    token = server.login()
    server.api("POST", "/api/v1/users", token, json={
        "username": "kbwriter", "password": "password-123", "role": "supervisor", "displayName": "知识库编辑"})
    page = page_for("zh-CN")
    log_in(page, server, "kbwriter", "password-123")
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-articles]")
    page.click("[data-testid=resource-new]")
    form = page.locator("[data-testid=resource-form]")
    form.locator("input[name=id]").fill("KB-500")
    form.locator("input[name=title]").fill("如何办理宽带提速")
    form.locator("textarea[name=body]").fill("在 APP 中选择“宽带提速”。\n提速立即生效。")
    form.locator("input[name=tags]").fill("提速，带宽")
    form.locator("input[name=reviewDue]").fill("2027-06-30")
    page.click("[data-testid=resource-save]")
    row = page.locator("[data-testid=resource-row][data-name=如何办理宽带提速]")
    row.wait_for()
    assert "草稿" in row.inner_text()
    assert server.api("GET", "/api/public/kb/articles/KB-500").status_code == 404

    row.locator("[data-testid=row-edit]").click()
    page.locator("[data-testid=resource-form] select[name=status]").select_option("published")
    page.click("[data-testid=resource-save]")
    page.locator("[data-testid=resource-row][data-name=如何办理宽带提速]", has_text="已发布").wait_for()
    article = server.api("GET", "/api/public/kb/articles/KB-500").json()
    assert article["tags"] == ["提速", "带宽"] and article["body"].endswith("提速立即生效。")
    stored = server.api("GET", "/api/v1/kb/articles/KB-500", token).json()
    assert stored["version"] == 2 and stored["reviewDue"] == "2027-06-30"

    lines = tmp_path / "articles.jsonl"
    lines.write_text('{"id": "KB-501", "title": "宽带到期续费", "body": "在 APP 中续费。", "lang": "zh-CN"}\n', encoding="utf-8")
    page.set_input_files("[data-testid=kb-import]", str(lines))
    page.locator("[data-testid=notice]", has_text="已导入 1 篇文章。").wait_for()
    page.locator("[data-testid=resource-row][data-name=宽带到期续费]").wait_for()

    with page.expect_download() as download:
        page.click("[data-testid=kb-export]")
    exported = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in exported] == ["KB-500", "KB-501"]
    assert not page.errors


def test_an_admin_edits_the_synonym_dictionary(server, page_for):
    token = server.login()
    created = server.api("POST", "/api/v1/kb/articles", token, json={
        "id": "KB-600", "title": "如何办理宽带提速", "body": "在 APP 中选择宽带提速。", "status": "published"})
    assert created.status_code == 201

    def first_hit():
        found = server.api("GET", "/api/public/kb/search", params={"q": "办理飞速包"}).json()
        return found["results"][0]["id"] if found["confident"] else None

    assert first_hit() is None
    page = page_for("zh-CN")
    log_in(page, server, "admin", server.admin_password)
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-articles]")
    page.click("[data-testid=kb-synonyms]")
    assert page.locator("[data-testid=synonyms-source]").inner_text() == "搜索使用标准词典。"
    text = page.locator("[data-testid=synonyms-text]")
    assert "修改, 更改" in text.input_value()
    text.fill(text.input_value() + "\n提速，飞速包")
    page.click("[data-testid=synonyms-save]")
    expect(page.locator("[data-testid=synonyms-form]")).to_have_count(0)
    assert first_hit() == "KB-600"

    # A word in two groups is refused with the reason, and nothing changes.
    page.click("[data-testid=kb-synonyms]")
    assert "本中心的词典" in page.locator("[data-testid=synonyms-source]").inner_text()
    text.fill(text.input_value() + "\n飞速包, 加速包")
    page.click("[data-testid=synonyms-save]")
    expect(page.locator("[data-testid=synonyms-form] [data-testid=form-error]")).to_have_text("「飞速包」出现在两组同义词中。")
    page.click("[data-testid=synonyms-reset]")
    expect(page.locator("[data-testid=synonyms-form]")).to_have_count(0)
    assert first_hit() is None
    assert not page.errors


def test_a_queue_in_use_is_deactivated_not_deleted_and_errors_are_worded_in_chinese(server, page_for):
    token = server.login()
    queue = server.api("POST", "/api/v1/queues", token, json={"name": "售后", "channels": ["voice", "chat"]}).json()
    waiting = server.api("POST", "/api/v1/contacts", token, json={"queueId": queue["id"], "channel": "voice"})
    assert waiting.status_code == 201, waiting.text
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-queues]")

    # A bad value is refused in the page's language, naming the field by its label.
    page.click("[data-testid=resource-new]")
    page.fill("[data-testid=resource-form] input[name=name]", "测试队列")
    page.fill("[data-testid=resource-form] input[name=serviceLevelTarget]", "0")
    page.click("[data-testid=resource-save]")
    expect(page.locator("[data-testid=resource-form] [data-testid=form-error]")).to_have_text(
        "「服务水平目标（%）」应大于 0% 且不超过 100%。")
    page.click("[data-testid=resource-form] .form-actions .secondary")

    row = page.locator("[data-testid=resource-row][data-name=售后]")
    page.once("dialog", lambda dialog: dialog.accept())
    row.locator("[data-testid=row-delete]").click()
    expect(page.locator("[data-testid=form-error]")).to_contain_text("该队列仍在使用，不能删除（进行中的联系：1")
    page.click("[data-testid=queue-deactivate]")
    expect(row.locator("[data-testid=row-activate]")).to_be_visible()
    assert server.api("GET", f"/api/v1/queues/{queue['id']}", token).json()["active"] is False
    # The waiting contact stays; a new one is refused.
    refused = server.api("POST", "/api/v1/contacts", token, json={"queueId": queue["id"], "channel": "voice"})
    assert refused.status_code == 409 and refused.json()["code"] == "queueInactive"
    assert not page.errors


def test_an_admin_keeps_templates_reasons_and_reads_the_audit_log(server, page_for):
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")

    page.click("[data-testid=nav-templates]")
    page.click("[data-testid=resource-new]")
    page.fill("[data-testid=resource-form] input[name=name]", "致歉")
    page.fill("[data-testid=resource-form] textarea[name=body]", "{{customer.name}}您好，给您添麻烦了。")
    page.click("[data-testid=resource-save]")
    expect(page.locator("[data-testid=resource-row][data-name=致歉]")).to_contain_text("给您添麻烦了")

    page.click("[data-testid=nav-lists]")
    page.fill("[data-testid=list-wrapUpReasons]", "退货咨询\n物流查询")
    page.fill("[data-testid=list-notReadyReasons]", "lunch\n1对1辅导\nmissedOffer")
    page.click("[data-testid=lists-save]")
    expect(page.locator("[data-testid=lists-form] [data-testid=form-error]")).to_have_text(
        "「missedOffer」由系统自动记录，不能手动设置。")
    page.fill("[data-testid=list-notReadyReasons]", "lunch\n1对1辅导")
    page.click("[data-testid=lists-save]")
    expect(page.locator("[data-testid=notice]")).to_be_visible()
    token = server.login()
    assert server.api("GET", "/api/v1/settings", token).json()["notReadyReasons"] == ["lunch", "1对1辅导"]

    page.click("[data-testid=nav-audit]")
    rows = page.locator("[data-testid=resource-row]")
    expect(rows.first).to_contain_text("原因列表")
    expect(page.locator("[data-testid=resource-row]", has_text="回复模板")).to_contain_text("新建")
    expect(page.locator("[data-testid=resource-new]")).to_have_count(0)
    assert not page.errors


def test_an_admin_unlocks_a_user_who_mistyped_her_password(server, page_for):
    token = server.login()
    server.api("POST", "/api/v1/users", token,
               json={"username": "wangfang", "password": "right-password", "role": "agent", "displayName": "王芳"})
    # Wrong passwords until the wait between tries is long enough that the right one waits too.
    for _ in range(12):
        refused = server.api("POST", "/api/v1/auth/login", json={"username": "wangfang", "password": "wrong-password"})
        if refused.status_code == 429 and int(refused.headers["Retry-After"]) >= 4:
            break
    assert server.api("POST", "/api/v1/auth/login", json={"username": "wangfang", "password": "right-password"}).status_code == 429
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.locator("[data-testid=resource-row][data-name=wangfang] [data-testid=row-unlock]").click()
    expect(page.locator("[data-testid=notice]")).to_contain_text("wangfang")
    assert server.api("POST", "/api/v1/auth/login", json={"username": "wangfang", "password": "right-password"}).status_code == 200


def tone_wav(path: Path, seconds: float, rate: int = 16000) -> Path:
    """A mono 16-bit PCM WAV of a 440 Hz tone, as a recording an admin would upload."""
    import math
    import struct
    import wave
    with wave.open(str(path), "wb") as file:
        file.setnchannels(1)
        file.setsampwidth(2)
        file.setframerate(rate)
        file.writeframes(b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * n / rate)))
                                  for n in range(int(seconds * rate))))
    return path


def test_an_admin_sets_up_trunks_numbers_and_prompts_in_the_browser(server, page_for, tmp_path):
    token = server.login()
    queue = server.api("POST", "/api/v1/queues", token, json={"name": "电话客服", "channels": ["voice"]})
    assert queue.status_code == 201, queue.text
    page = page_for("zh-CN")
    log_in(page, server)
    page.wait_for_url("**/admin")
    page.click("[data-testid=nav-voice]")

    # A carrier trunk that calls in from its address and out to mobiles; a bad pattern is worded.
    page.click("[data-testid=voice-trunks-new]")
    form = page.locator("[data-testid=voice-trunks-form]")
    form.locator("input[name=name]").fill("电信中继")
    form.locator("input[name=addresses]").fill("198.51.100.7")
    form.locator("[data-testid=trunk-outbound]").check()
    form.locator("input[name=host]").fill("198.51.100.7")
    form.locator("input[name=callerId]").fill("400-800-1234")
    form.locator("[data-testid=trunk-patterns]").fill("1[3-9]XXXXXXXXX\n1[3-9]X?")
    page.click("[data-testid=voice-trunks-save]")
    expect(form.locator("[data-testid=form-error]")).to_have_text("“1[3-9]X?”不是有效的号码规则（如 1[3-9]XXXXXXXXX）。")
    form.locator("[data-testid=trunk-patterns]").fill("1[3-9]XXXXXXXXX")
    page.click("[data-testid=voice-trunks-save]")
    expect(page.locator("[data-testid=voice-trunks] [data-testid=resource-row][data-name=电信中继]")).to_contain_text(
        "198.51.100.7:5060 · 4008001234 · 1[3-9]XXXXXXXXX")

    # A number whose menu sends 1 to the phone queue as 售前.
    page.click("[data-testid=voice-numbers-new]")
    form = page.locator("[data-testid=voice-numbers-form]")
    form.locator("[data-testid=voice-number]").fill("4008001234")
    option = form.locator("[data-option='0']")
    option.locator("select[name=key]").select_option("1")
    option.locator("input[name=reason]").fill("售前")
    page.click("[data-testid=voice-numbers-save]")
    expect(page.locator("[data-testid=voice-numbers] [data-testid=resource-row][data-name='4008001234']")).to_contain_text(
        "1 → 电话客服 (售前) · 0 → 电话客服")

    # The welcome replaced by a recording; a file that is no WAV is worded; a new prompt added.
    welcome = page.locator("[data-testid=voice-prompts] [data-testid=resource-row][data-name='zh-CN/welcome']")
    expect(welcome).to_contain_text("系统自带")
    (tmp_path / "notes.txt").write_text("not a recording")
    welcome.locator("[data-testid=prompt-upload]").set_input_files(str(tmp_path / "notes.txt"))
    expect(page.locator("[data-testid=voice-prompts-panel] [data-testid=form-error]")).to_have_text(
        "文件不是可播放的 WAV（需 8 kHz μ-law/A-law 或 16 位 PCM）。")
    welcome.locator("[data-testid=prompt-upload]").set_input_files(str(tone_wav(tmp_path / "welcome.wav", 1.5)))
    expect(page.locator("[data-testid=notice]")).to_have_text("已上传提示音 zh-CN/welcome。")
    welcome = page.locator("[data-testid=voice-prompts] [data-testid=resource-row][data-name='zh-CN/welcome']")
    expect(welcome).to_contain_text("1.5 s")
    expect(welcome).to_contain_text("已上传")
    page.fill("[data-testid=prompt-new-name]", "menu-sales")
    page.set_input_files("[data-testid=prompt-new-file]", str(tone_wav(tmp_path / "sales.wav", 2)))
    expect(page.locator("[data-testid=voice-prompts] [data-testid=resource-row][data-name='zh-CN/menu-sales']")).to_contain_text("2.0 s")
    # What the player plays is the upload.
    source = welcome.locator("[data-testid=prompt-audio]").get_attribute("src")
    played = page.evaluate("async (src) => { const r = await fetch(src); return [r.status, r.headers.get('content-type'), (await r.arrayBuffer()).byteLength]; }", source)
    assert played == [200, "audio/wav", (tmp_path / "welcome.wav").stat().st_size]
    # Restored: the shipped one again.
    welcome.locator("[data-testid=prompt-reset]").click()
    expect(page.locator("[data-testid=voice-prompts] [data-testid=resource-row][data-name='zh-CN/welcome']")).to_contain_text("系统自带")
    assert not page.errors
