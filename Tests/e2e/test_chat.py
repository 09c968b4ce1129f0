"""Web chat end to end through the real binary: the widget on the demo shop in one browser
context, the agent desktop and the supervisor's view in others, on SQLite and PostgreSQL."""

import contextlib
import functools
import re
import http.server
import threading

import pytest
from playwright.sync_api import expect

from conftest import Database, log_in, start_chat_center, stop_chat_center

# These tests are about agents and customers; the bot, which would answer first, has its own.
WITHOUT_BOT = ("--no-chat-bot",)

@pytest.fixture
def demo(database):
    running = start_chat_center(database, WITHOUT_BOT)
    yield running
    stop_chat_center(running)


@pytest.fixture
def sqlite_demo():
    database = Database("sqlite")
    running = start_chat_center(database, WITHOUT_BOT)
    yield running
    stop_chat_center(running)
    database.remove()


def open_shop(page_for, server, locale="zh-CN"):
    """A customer on the shop with the chat panel open."""
    page = page_for(locale)
    page.goto(server.shop)
    page.click("[data-testid=chat-open]")
    expect(page.locator("[data-testid=chat-status]")).to_have_attribute("data-phase", "open")
    return page


def identify(page, **details):
    """The customer leaves their details in the widget."""
    page.click("[data-testid=chat-identify] summary")
    for field, value in details.items():
        page.fill(f"[data-testid=chat-identify] input[name={field}]", value)
    page.click("[data-testid=chat-identify-submit]")
    expect(page.locator("[data-testid=chat-identify-note]")).not_to_be_empty()


def customer_says(page, text):
    page.fill("[data-testid=chat-input]", text)
    page.click("[data-testid=chat-send]")
    expect(page.locator("[data-testid=chat-message][data-author=customer]").last).to_contain_text(text)


def live_view(page_for, server):
    """The supervisor's live view."""
    page = page_for("zh-CN")
    log_in(page, server, "supervisor", server.password)
    page.wait_for_url("**/admin")
    page.goto(server.base + "/supervisor")
    return page


def agent_desktop(page_for, server, username="agent1", locale="zh-CN"):
    """An agent logged in to the desktop and ready."""
    page = page_for(locale)
    log_in(page, server, username, server.password)
    page.wait_for_url("**/agent")
    page.locator("[data-testid=live-status][data-connected=true]").wait_for()
    page.select_option("[data-testid=agent-state]", "ready")
    expect(page.locator("[data-testid=agent-state]")).to_have_value("ready")
    return page


def test_a_customer_chats_with_an_agent_from_the_widget_to_the_survey(demo, page_for):
    customer = open_shop(page_for, demo)
    customer_says(customer, "你好，我买的净化器想退货")
    customer.click("[data-testid=chat-human]")
    expect(customer.locator("[data-testid=chat-status]")).to_have_attribute("data-phase", "queued")

    agent = agent_desktop(page_for, demo)
    offer = agent.locator("[data-testid=offer]")
    expect(offer).to_contain_text("在线客服")
    agent.click("[data-testid=offer-accept]")
    conversation = agent.locator("[data-testid=conversation]")
    expect(conversation).to_contain_text("你好，我买的净化器想退货")
    expect(customer.locator("[data-testid=chat-status]")).to_contain_text("王芳")

    agent.fill("[data-testid=reply-input]", "您好，我是王芳。请提供一下订单号")
    agent.click("[data-testid=reply-send]")
    expect(customer.locator("[data-testid=chat-message][data-author=agent]")).to_contain_text("请提供一下订单号")
    customer_says(customer, "订单号是 E20261202")
    expect(conversation).to_contain_text("订单号是 E20261202")

    agent.fill("[data-testid=wrap-up-reason]", "退货咨询")
    agent.click("[data-testid=wrap-up-submit]")
    expect(agent.locator("[data-testid=conversation]")).to_have_count(0)
    expect(customer.locator("[data-testid=survey]")).to_be_visible()
    customer.locator("[data-testid=survey-rating]").nth(3).click()
    customer.click("[data-testid=survey-first-contact-no]")
    customer.click("[data-testid=survey-submit]")
    expect(customer.locator("[data-testid=survey-thanks]")).to_be_visible()

    # The log has the conversation and the survey, in order, as the reports will read them.
    token = demo.login("supervisor", demo.password)
    contact_id = customer.evaluate("""() => Object.entries(localStorage)
        .map(([, value]) => JSON.parse(value)).find((item) => item.conversation).conversation""")
    events = [item["event"] for item in demo.api("GET", f"/api/v1/contacts/{contact_id}/events", token).json()["items"]]
    texts = [event["chatMessage"]["message"]["body"].get("text", {}).get("_0") for event in events if "chatMessage" in event]
    assert [text for text in texts if text] == ["你好，我买的净化器想退货", "您好，我是王芳。请提供一下订单号",
                                                "订单号是 E20261202"]
    wrap_up = next(event["wrapUpCompleted"] for event in events if "wrapUpCompleted" in event)
    assert wrap_up["reason"] == "退货咨询" and wrap_up["disposition"] == "resolved"
    survey = next(event["surveyAnswered"] for event in events if "surveyAnswered" in event)
    assert (survey["satisfaction"], survey["firstContact"]) == (4, False)
    assert not customer.errors and not agent.errors


def test_the_widget_keeps_the_conversation_across_a_reload_and_a_server_kill(database, page_for):
    server = start_chat_center(database, WITHOUT_BOT)
    try:
        customer = open_shop(page_for, server, "en")
        customer_says(customer, "first message")
        customer_says(customer, "second message")
        customer.reload()
        messages = customer.locator("[data-testid=chat-message][data-author=customer]")
        expect(messages).to_have_count(2)

        # kill -9, a message typed while the server is down, and the server back on its port.
        server.kill()
        customer.fill("[data-testid=chat-input]", "typed while offline")
        customer.click("[data-testid=chat-send]")
        server = server.restarted()
        expect(messages).to_have_count(3, timeout=20_000)
        assert messages.all_inner_texts()[-1].endswith("typed while offline")
        customer.reload()
        expect(messages).to_have_count(3)
        assert [text.splitlines()[-1] for text in messages.all_inner_texts()] == [
            "first message", "second message", "typed while offline"]
        assert not customer.errors
    finally:
        server.stop()


def test_a_third_chat_is_not_offered_to_an_agent_with_capacity_two(sqlite_demo, page_for):
    # agent1 holds two chats at a time (agent10, a newcomer, one).
    agent = agent_desktop(page_for, sqlite_demo)
    customers = []
    for number in range(1, 4):
        customer = open_shop(page_for, sqlite_demo)
        customer_says(customer, f"第{number}位客户")
        customers.append(customer)
        if number <= 2:
            offer = agent.locator("[data-testid=offer]")
            expect(offer).to_have_count(1)
            offer.locator("[data-testid=offer-accept]").click()
            expect(agent.locator("[data-testid=conversation]")).to_have_count(number)
    expect(customers[2].locator("[data-testid=chat-status]")).to_have_attribute("data-phase", "queued")
    # Routing offers a contact in the same step that queues it: queued without an offer to the
    # agent, as the server holds it, is final, with nothing to wait for.
    token = sqlite_demo.login("agent1", sqlite_demo.password)
    me = sqlite_demo.api("GET", "/api/v1/auth/me", token).json()["id"]
    assert sqlite_demo.api("GET", f"/api/v1/agents/{me}/state", token).json()["offered"] == []
    expect(agent.locator("[data-testid=offer]")).to_have_count(0)
    # Closing one chat frees a place: the third customer is offered at once.
    first = agent.locator("[data-testid=conversation]").first
    first.locator("[data-testid=wrap-up-reason]").fill("咨询")
    first.locator("[data-testid=wrap-up-submit]").click()
    expect(agent.locator("[data-testid=offer]")).to_contain_text("在线客服")
    assert not agent.errors


def test_html_in_messages_is_shown_as_text_on_both_sides(sqlite_demo, page_for):
    attack = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'
    customer = open_shop(page_for, sqlite_demo)
    customer_says(customer, attack)
    agent = agent_desktop(page_for, sqlite_demo)
    agent.click("[data-testid=offer-accept]")
    conversation = agent.locator("[data-testid=conversation]")
    expect(conversation.locator("[data-testid=conversation-message][data-author=customer]")).to_contain_text(attack)
    agent.fill("[data-testid=reply-input]", "<b onmouseover=alert(1)>粗体</b>")
    agent.click("[data-testid=reply-send]")
    expect(customer.locator("[data-testid=chat-message][data-author=agent]")).to_contain_text(
        "<b onmouseover=alert(1)>粗体</b>")
    for page in (customer, agent):
        assert page.evaluate("window.pwned") is None
        assert page.locator("img[src=x]").count() == 0
    # No element came of a message (the widget's own avatar slot aside).
    assert customer.locator("#firstcall-chat").evaluate(
        "host => host.shadowRoot.querySelectorAll('b, img:not([data-testid=chat-avatar])').length") == 0


def test_the_desktop_pushes_a_form_and_a_template_and_shows_the_screen_pop(sqlite_demo, page_for):
    customer = open_shop(page_for, sqlite_demo)
    identify(customer, name="李雷", phone="13800138000")
    customer_says(customer, "快递一直没到")
    agent = agent_desktop(page_for, sqlite_demo)
    expect(agent.locator("[data-testid=offer] [data-testid=identity-claim]")).to_contain_text("李雷 · 13800138000")
    agent.click("[data-testid=offer-accept]")

    agent.select_option("[data-testid=reply-template]", label="问候")
    expect(agent.locator("[data-testid=reply-input]")).to_have_value(
        "李雷您好，我是客服王芳，很高兴为您服务。请问有什么可以帮您？")
    agent.click("[data-testid=reply-send]")
    expect(customer.locator("[data-testid=chat-message][data-author=agent]")).to_contain_text("李雷您好")

    agent.click("[data-testid=conversation] .chat-tools summary")
    agent.fill("[data-testid=push-form-title]", "补充信息")
    agent.fill("[data-testid=push-form-fields]", "订单号*, 备注")
    agent.click("[data-testid=push-form]")
    form = customer.locator("[data-testid=chat-form]")
    expect(form).to_be_visible()
    form.locator("input[name=field1]").fill("E20261202")
    form.locator("[data-testid=chat-form-submit]").click()
    # Both sides read the answers under the form's own labels.
    answers = agent.locator("[data-testid=conversation-message][data-kind=formReply] .form-answers")
    expect(answers.locator("dt").first).to_have_text("订单号")
    expect(answers.locator("dd").first).to_have_text("E20261202")
    expect(customer.locator("[data-testid=chat-form-answers] dt").first).to_have_text("订单号")
    assert not customer.errors and not agent.errors


def test_a_supervisor_reads_a_live_chat_silently(sqlite_demo, page_for):
    customer = open_shop(page_for, sqlite_demo)
    customer_says(customer, "我要投诉")
    agent = agent_desktop(page_for, sqlite_demo)
    agent.click("[data-testid=offer-accept]")
    supervisor = live_view(page_for, sqlite_demo)
    row = supervisor.locator("[data-testid=chat-row][data-phase=connected]")
    expect(row).to_contain_text("王芳")
    row.locator("[data-testid=chat-monitor-open]").click()
    transcript = supervisor.locator("[data-testid=chat-monitor-transcript]")
    expect(transcript).to_contain_text("我要投诉")
    # New messages of either side appear as they are sent; nobody in the chat is told.
    customer_says(customer, "等了很久了")
    expect(transcript).to_contain_text("等了很久了")
    agent.fill("[data-testid=reply-input]", "非常抱歉，我马上处理")
    agent.click("[data-testid=reply-send]")
    expect(transcript).to_contain_text("非常抱歉，我马上处理")
    assert customer.locator("[data-testid=chat-message]").all_inner_texts()[-1].endswith("非常抱歉，我马上处理")
    # A whisper reaches the agent as a note; the customer never sees it.
    supervisor.fill("[data-testid=chat-whisper] input[name=text]", "先安抚情绪，再给补偿方案")
    supervisor.click("[data-testid=chat-whisper-send]")
    expect(agent.locator("[data-testid=conversation-message][data-kind=note]")).to_contain_text("先安抚情绪")
    expect(transcript).to_contain_text("先安抚情绪")
    assert "先安抚情绪" not in customer.locator("[data-testid=chat-panel]").inner_text()

    # Joining, the supervisor speaks to the customer; both sides are told who joined.
    supervisor.fill("[data-testid=chat-whisper] input[name=text]", "您好，我是主管赵敏，我来跟进")
    supervisor.click("[data-testid=chat-speak]")
    expect(customer.locator("[data-testid=chat-message][data-author=agent]").last).to_contain_text("我是主管赵敏")
    expect(agent.locator("[data-testid=conversation-message][data-kind=agentJoined]").last).to_contain_text("赵敏")

    # The supervisor sees how long the agent has been in her state, and sets it.
    agent_row = supervisor.locator("[data-testid=agent-row][data-name=王芳]")
    expect(agent_row.locator("[data-testid=agent-row-time]")).to_have_text(re.compile(r"^\d+:\d\d$"))
    agent_row.locator("[data-testid=agent-row-set-state]").select_option("notReady")
    expect(agent.locator("[data-testid=agent-state]")).to_have_value("not-ready")
    assert not supervisor.errors


def test_a_supervisor_moves_a_waiting_chat_to_another_queue_then_to_an_agent(sqlite_demo, page_for):
    customer = open_shop(page_for, sqlite_demo)
    customer_says(customer, "我要改收货地址")
    supervisor = live_view(page_for, sqlite_demo)
    row = supervisor.locator("[data-testid=chat-row][data-phase=queued]")
    expect(row).to_contain_text("在线客服")
    move = row.locator("[data-testid=chat-row-move]")
    move.select_option(move.locator("option", has_text="售后服务").get_attribute("value"))
    expect(row).to_contain_text("售后服务")
    # 王芳 has no after-sales skill: ready, she is not offered the chat, until the supervisor sends it to her.
    agent = agent_desktop(page_for, sqlite_demo)
    expect(supervisor.locator("[data-testid=agent-row][data-name=王芳] [data-testid=agent-row-state]")).to_have_attribute(
        "data-state", "available")
    expect(agent.locator("[data-testid=offer-accept]")).to_have_count(0)
    move.select_option(move.locator("option", has_text="王芳").get_attribute("value"))
    agent.click("[data-testid=offer-accept]")
    expect(agent.locator("[data-testid=conversation-message]").first).to_contain_text("我要改收货地址")
    expect(customer.locator("[data-testid=chat-status]")).to_have_attribute("data-phase", "connected")
    expect(supervisor.locator("[data-testid=chat-row][data-phase=connected]")).to_contain_text("王芳")
    # Answered within 40 s, it counts toward today's service level of the queue it waited in first.
    first_queue = supervisor.locator("[data-testid=queue-row][data-name=在线客服]")
    expect(first_queue.locator("[data-testid=queue-service-level]")).to_have_text("100%")
    expect(first_queue.locator("[data-testid=queue-answered]")).to_have_text("1")
    assert not supervisor.errors and not agent.errors


def test_details_a_customer_leaves_are_a_claim_until_the_agent_confirms_them(sqlite_demo, page_for):
    customer = open_shop(page_for, sqlite_demo)
    identify(customer, name="韩梅梅", email="meimei@example.com")
    customer_says(customer, "发票抬头写错了")
    agent = agent_desktop(page_for, sqlite_demo)
    agent.click("[data-testid=offer-accept]")
    pane = agent.locator("[data-testid=conversation]")
    claim = pane.locator("[data-testid=identity-claim]")
    expect(claim).to_contain_text("韩梅梅 · meimei@example.com")
    expect(claim).to_contain_text("未核实")
    # The name she gave is shown at once, marked as hers to check.
    expect(pane.locator("[data-testid=screen-pop-name]")).to_have_text("韩梅梅")
    expect(pane.locator("[data-testid=screen-pop-name]")).to_have_attribute("data-verified", "false")
    # The agent checks (say, the order's e-mail) and confirms: the contact joins her record.
    claim.locator("[data-testid=identity-confirm]").click()
    expect(pane.locator("[data-testid=screen-pop-name]")).to_have_attribute("data-verified", "true")
    expect(pane.locator("[data-testid=screen-pop-name]")).to_have_text("韩梅梅")
    expect(pane.locator("[data-testid=identity-claim]")).to_have_count(0)
    agent.fill("[data-testid=wrap-up-reason]", "发票修改")
    agent.select_option("[data-testid=wrap-up-disposition]", "followUp")
    agent.click("[data-testid=wrap-up-submit]")
    expect(customer.locator("[data-testid=survey]")).to_be_visible()

    # Somebody else types her e-mail: the widget learns nothing of her, and the agent sees a claim
    # with no history until confirming it.
    impostor = open_shop(page_for, sqlite_demo)
    identify(impostor, name="李四", email="meimei@example.com")
    assert "韩梅梅" not in impostor.locator("body").inner_text()
    customer_says(impostor, "帮我看看我的订单")
    offer = agent.locator("[data-testid=offer]")
    expect(offer.locator("[data-testid=identity-claim]")).to_contain_text("meimei@example.com")
    # The name is what the impostor typed, unverified; nothing of 韩梅梅's record shows.
    expect(offer.locator("[data-testid=screen-pop-name]")).to_have_text("李四")
    expect(offer.locator("[data-testid=screen-pop-name]")).to_have_attribute("data-verified", "false")
    expect(offer.locator("[data-testid=timeline-contact]")).to_have_count(0)
    impostor.click("[data-testid=chat-end]")
    expect(offer).to_have_count(0)

    # The real customer's next chat from the same browser carries the claim again; once the agent
    # confirms it, her earlier chat is on screen.
    customer.click("[data-testid=chat-restart]")
    customer_says(customer, "还是发票的事")
    expect(agent.locator("[data-testid=offer]").locator("[data-testid=identity-claim]")).to_contain_text("韩梅梅")
    agent.click("[data-testid=offer-accept]")
    pane = agent.locator("[data-testid=conversation]")
    pane.locator("[data-testid=identity-confirm]").click()
    expect(pane.locator("[data-testid=screen-pop-name]")).to_have_text("韩梅梅")
    expect(pane.locator("[data-testid=timeline-contact]")).to_have_count(1)
    expect(pane.locator("[data-testid=timeline-contact]")).to_contain_text("发票修改")
    assert not customer.errors and not agent.errors and not impostor.errors


@contextlib.contextmanager
def another_site(server, directory, locale):
    """A shop of another origin with the one script tag on its page; yields the page's address."""
    (directory / "index.html").write_text(
        '<!doctype html><meta charset="utf-8"><title>Another shop</title><h1>Another shop</h1>'
        f'<script src="{server.base}/widget.js" data-queue="在线客服" data-locale="{locale}" async></script>',
        encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    site = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}/index.html"
    finally:
        site.shutdown()


def test_the_widget_works_on_another_sites_page(sqlite_demo, page_for, tmp_path):
    """The one script tag on a page of a different origin, as a customer's own web site has it."""
    with another_site(sqlite_demo, tmp_path, "en") as shop:
        customer = page_for("en")
        customer.goto(shop)
        expect(customer.locator("[data-testid=chat-open]")).to_have_text("Chat with us")
        customer.click("[data-testid=chat-open]")
        customer_says(customer, "Hello from another site")
        agent = agent_desktop(page_for, sqlite_demo)
        agent.click("[data-testid=offer-accept]")
        agent.fill("[data-testid=reply-input]", "Hello, how can I help?")
        agent.click("[data-testid=reply-send]")
        expect(customer.locator("[data-testid=chat-message][data-author=agent]")).to_contain_text("how can I help")
        assert not customer.errors and not agent.errors


def photo(page, width, height, kind="image/jpeg"):
    """An image the browser itself encodes, as a phone's camera would give one."""
    return bytes(page.evaluate(
        """([width, height, kind]) => new Promise((resolve) => {
            const canvas = document.createElement("canvas");
            canvas.width = width;
            canvas.height = height;
            const context = canvas.getContext("2d");
            context.fillStyle = "#c62828";
            context.fillRect(0, 0, width, height);
            context.fillStyle = "#fff";
            context.fillRect(width / 4, height / 4, width / 2, height / 2);
            canvas.toBlob((blob) => blob.arrayBuffer().then((buffer) => resolve([...new Uint8Array(buffer)])), kind, 0.9);
        })""", [width, height, kind]))


def test_a_customer_sends_a_photo_from_another_site_and_the_agent_sees_it(sqlite_demo, page_for, tmp_path):
    """A photo of the broken goods from the widget on a shop of another origin: what is not an image
    is refused in the widget's words, the photo shows on both sides and in the transcript."""
    with another_site(sqlite_demo, tmp_path, "zh-CN") as shop:
        customer = page_for("zh-CN")
        customer.goto(shop)
        customer.click("[data-testid=chat-open]")
        customer_says(customer, "收到的杯子碎了")
        # A script dressed as an image is refused by the widget, a larger-than-allowed photo too,
        # each in Chinese; the server refuses a mislabelled one by its bytes.
        attach = "[data-testid=chat-attach-input]"
        customer.set_input_files(attach, files=[{"name": "x.svg", "mimeType": "image/svg+xml",
                                                 "buffer": b'<svg xmlns="http://www.w3.org/2000/svg"/>'}])
        refused = customer.locator("[data-testid=chat-message-refused]")
        expect(refused.last).to_contain_text("只能发送 JPEG、PNG、GIF 或 WebP 图片")
        customer.set_input_files(attach, files=[{"name": "fake.png", "mimeType": "image/png",
                                                 "buffer": b"<html><script>alert(1)</script></html>"}])
        expect(refused).to_have_count(2)
        expect(refused.last).to_contain_text("只能发送 JPEG、PNG、GIF 或 WebP 图片")
        customer.set_input_files(attach, files=[{"name": "huge.jpg", "mimeType": "image/jpeg",
                                                 "buffer": b"\xff" * (5 * 1024 * 1024 + 1)}])
        expect(refused.last).to_contain_text("图片太大")

        customer.set_input_files(attach, files=[{"name": "broken.jpg", "mimeType": "image/jpeg",
                                                 "buffer": photo(customer, 64, 48)}])
        mine = customer.locator("[data-testid=chat-message][data-author=customer] [data-testid=chat-image]")
        expect(mine).to_have_count(1)
        customer.wait_for_function(
            """() => document.querySelector("#firstcall-chat").shadowRoot
                .querySelector("[data-testid=chat-image]")?.naturalWidth === 64""")

        agent = agent_desktop(page_for, sqlite_demo)
        agent.click("[data-testid=offer-accept]")
        shown = agent.locator("[data-testid=conversation-message][data-kind=image] [data-testid=chat-image]")
        expect(shown).to_have_count(1)
        agent.wait_for_function(
            """() => document.querySelector("[data-testid=conversation-message][data-kind=image] img")?.naturalWidth === 64""")
        # Opened full size, it is the photo itself and nothing that could run as a page.
        source = shown.get_attribute("src")
        answer = agent.request.get(sqlite_demo.base + source)
        assert answer.status == 200 and answer.headers["content-type"] == "image/jpeg"
        assert answer.headers["content-security-policy"] == "default-src 'none'; sandbox"
        assert not customer.errors and not agent.errors


def test_the_desktop_suggests_articles_for_what_the_customer_writes(sqlite_demo, page_for):
    customer = open_shop(page_for, sqlite_demo)
    customer_says(customer, "我的快递到哪了")
    agent = agent_desktop(page_for, sqlite_demo)
    agent.click("[data-testid=offer-accept]")
    panel = agent.locator("[data-testid=conversation] [data-testid=kb-panel]")
    first = panel.locator("[data-testid=kb-suggestion]").first
    expect(first).to_have_attribute("data-id", "DEMO-001")
    assert "物流" in first.locator("mark").all_inner_texts()
    # As the customer writes on, the suggestions follow.
    customer_says(customer, "算了，我想退货，退款多久能到账")
    expect(first).to_have_attribute("data-id", "DEMO-003")
    # Answers to a question are no question: the suggestions stay on what she asked.
    customer_says(customer, "是的")
    customer_says(customer, "no")
    agent.wait_for_timeout(600)
    expect(first).to_have_attribute("data-id", "DEMO-003")
    # The answer goes where the agent's cursor is, between her greeting and her sign-off.
    reply = agent.locator("[data-testid=reply-input]")
    reply.fill("您好！祝您生活愉快。")
    reply.evaluate("(element) => element.setSelectionRange(3, 3)")
    first.locator("[data-testid=kb-insert]").click()
    expect(reply).to_have_value(
        "您好！退款审核通过后原路退回：余额和微信支付约 1 个工作日，银行卡 1–5 个工作日，信用卡以银行入账为准。可在“我的订单”>“售后详情”查看退款进度。祝您生活愉快。")
    # The agent searches by hand too.
    panel.locator("[data-testid=kb-search]").fill("发漂")
    expect(first).to_have_attribute("data-id", "DEMO-006")
    assert not agent.errors and not customer.errors


def test_a_taiwanese_customer_reads_the_widget_and_the_agents_name_in_traditional_chinese(sqlite_demo, page_for):
    customer = page_for("zh-TW")
    customer.goto(sqlite_demo.shop)
    expect(customer.locator("[data-testid=chat-open]")).to_have_text("線上客服")
    customer.click("[data-testid=chat-open]")
    expect(customer.locator("[data-testid=chat-language]")).to_have_value("zh-TW")
    expect(customer.locator("[data-testid=chat-human]")).to_have_text("轉人工")
    customer_says(customer, "請問退貨要多久")

    # Switching to simplified keeps the conversation and rewords the window.
    customer.select_option("[data-testid=chat-language]", "zh-CN")
    expect(customer.locator("[data-testid=chat-human]")).to_have_text("转人工")
    expect(customer.locator("[data-testid=chat-message][data-author=customer]")).to_contain_text("請問退貨要多久")
    customer.click("[data-testid=chat-human]")
    expect(customer.locator("[data-testid=chat-status]")).to_have_attribute("data-phase", "queued")
    customer.reload()
    expect(customer.locator("[data-testid=chat-language]")).to_have_value("zh-CN")

    # Staff pages speak traditional Chinese to a zh-TW browser too.
    staff = page_for("zh-TW")
    staff.goto(sqlite_demo.base + "/login")
    expect(staff.locator("[data-testid=language-switch]")).to_have_value("zh-TW")
    expect(staff.locator("html")).to_have_attribute("lang", "zh-TW")
    assert not customer.errors and not staff.errors


def ring_chats_for(server, seconds):
    """Sets how long the chats of 在线客服 ring at an agent."""
    admin = server.login("admin", server.password)
    queue = next(queue for queue in server.api("GET", "/api/v1/queues", admin).json()["items"] if queue["name"] == "在线客服")
    response = server.api("PATCH", f"/api/v1/queues/{queue['id']}", admin, json={"ringSeconds": {"chat": seconds}})
    assert response.status_code == 200, response.text


def test_a_missed_offer_while_busy_shows_a_banner_with_one_click_back_to_ready(sqlite_demo, page_for):
    ring_chats_for(sqlite_demo, 5)
    agent = agent_desktop(page_for, sqlite_demo)
    first = open_shop(page_for, sqlite_demo)
    customer_says(first, "第一位客户")
    first.click("[data-testid=chat-human]")
    agent.click("[data-testid=offer-accept]")
    expect(agent.locator("[data-testid=conversation]")).to_have_count(1)

    second = open_shop(page_for, sqlite_demo)
    customer_says(second, "第二位客户")
    second.click("[data-testid=chat-human]")
    expect(agent.locator("[data-testid=offer]")).to_have_count(1)
    # The offer rings out (the queue's 5 s): the desk says so and no longer shows her ready, though
    # she is still busy with the first chat.
    banner = agent.locator("[data-testid=missed-offer]")
    expect(banner).to_be_visible(timeout=30_000)
    expect(agent.locator("[data-testid=agent-state]")).to_have_value("not-ready")
    expect(agent.locator("[data-testid=agent-shown-state]")).to_have_text("通话/会话中")
    expect(agent.locator("[data-testid=offer]")).to_have_count(0)
    agent.click("[data-testid=missed-offer-ready]")
    expect(banner).to_have_count(0)
    expect(agent.locator("[data-testid=agent-state]")).to_have_value("ready")
    expect(agent.locator("[data-testid=offer]")).to_have_count(1)
    assert not agent.errors


def test_a_customer_alone_in_the_queue_is_told_nobody_is_ahead(sqlite_demo, page_for):
    agent = agent_desktop(page_for, sqlite_demo)
    agent.select_option("[data-testid=agent-state]", "not-ready")
    expect(agent.locator("[data-testid=agent-state]")).to_have_value("not-ready")
    customer = open_shop(page_for, sqlite_demo)
    customer_says(customer, "我想咨询退货")
    customer.click("[data-testid=chat-human]")
    position = customer.locator("[data-testid=chat-position]")
    expect(position).to_have_attribute("data-ahead", "0")
    expect(position).to_have_text("下一位就是您")
    # The way out: a message instead of waiting.
    expect(customer.locator("[data-testid=chat-leave-message-open]")).to_be_visible()
    assert not customer.errors


def test_the_details_a_customer_leaves_reach_the_serving_agent_at_once(sqlite_demo, page_for):
    customer = open_shop(page_for, sqlite_demo)
    customer_says(customer, "我的订单一直没发货")
    customer.click("[data-testid=chat-human]")
    agent = agent_desktop(page_for, sqlite_demo)
    agent.click("[data-testid=offer-accept]")
    pane = agent.locator("[data-testid=conversation]")
    expect(pane.locator("[data-testid=screen-pop-name]")).to_have_text("未识别的客户")
    identify(customer, name="王小明", phone="13912345678")
    expect(pane.locator("[data-testid=screen-pop-name]")).to_have_text("王小明")
    expect(pane.locator("[data-testid=identity-claim]")).to_contain_text("13912345678")
    # A template whose variable has a value fills it; one without is never sent empty.
    agent.fill("[data-testid=reply-input]", "{{customer.email}} 您好")
    agent.click("[data-testid=reply-send]")
    expect(agent.locator("[data-testid=reply-unfilled]")).to_contain_text("{{customer.email}}")
    expect(customer.locator("[data-testid=chat-message][data-author=agent]")).to_have_count(0)
    assert not customer.errors and not agent.errors


def test_with_nobody_to_answer_a_customer_leaves_a_message_an_agent_takes_later(sqlite_demo, page_for):
    customer = open_shop(page_for, sqlite_demo)
    form = customer.locator("[data-testid=chat-leave-message]")
    expect(form).to_be_visible()
    expect(customer.locator("[data-testid=chat-leave-message-note]")).to_contain_text("没有客服在线")
    form.locator("textarea[name=text]").fill("订单 E1001 少发了滤网，请回电")
    form.locator("input[name=name]").fill("周杰")
    form.locator("[data-testid=chat-leave-message-submit]").click()
    # Without a phone or an e-mail nobody could answer it: the widget says so in Chinese.
    expect(form.locator(".leave-error")).to_contain_text("电话或邮箱")
    form.locator("input[name=phone]").fill("13700001111")
    form.locator("[data-testid=chat-leave-message-submit]").click()
    status = customer.locator("[data-testid=chat-status]")
    expect(status).to_have_attribute("data-left-message", "true")
    expect(status).to_contain_text("留言已收到")
    customer.close()

    agent = agent_desktop(page_for, sqlite_demo)
    offer = agent.locator("[data-testid=offer]")
    expect(offer.locator("[data-testid=screen-pop-name]")).to_have_text("周杰")
    agent.click("[data-testid=offer-accept]")
    pane = agent.locator("[data-testid=conversation]")
    expect(pane).to_contain_text("订单 E1001 少发了滤网，请回电")
    expect(pane.locator("[data-testid=identity-claim]")).to_contain_text("13700001111")
    assert not agent.errors


def test_a_flooding_customer_sees_which_messages_were_refused(sqlite_demo, page_for):
    customer = open_shop(page_for, sqlite_demo, locale="en")
    for number in range(14):
        customer.fill("[data-testid=chat-input]", f"message {number}")
        customer.click("[data-testid=chat-send]")
    refused = customer.locator("[data-testid=chat-message-refused]")
    expect(refused.first).to_be_visible()
    expect(refused.first).to_contain_text("sending too fast")
    # The server's own English wording is never what the customer reads.
    assert "too many messages" not in customer.locator("[data-testid=chat-panel]").inner_text()


def test_a_closed_desktop_takes_the_agent_offline_and_her_chat_moves_on(database, page_for):
    center = start_chat_center(database, WITHOUT_BOT + ("--desktop-grace-seconds", "2"))
    try:
        leaving = agent_desktop(page_for, center)
        customer = open_shop(page_for, center)
        customer_says(customer, "第一句话")
        customer.click("[data-testid=chat-human]")
        leaving.click("[data-testid=offer-accept]")
        expect(leaving.locator("[data-testid=conversation]")).to_have_count(1)
        staying = agent_desktop(page_for, center, username="agent10")
        # A reload is not leaving.
        leaving.reload()
        expect(leaving.locator("[data-testid=conversation]")).to_have_count(1)
        expect(staying.locator("[data-testid=offer]")).to_have_count(0)
        leaving.context.close()
        # Within the grace period and a sweep, the chat rings at the colleague, transcript and all.
        offer = staying.locator("[data-testid=offer]")
        expect(offer).to_have_count(1, timeout=30_000)
        staying.click("[data-testid=offer-accept]")
        expect(staying.locator("[data-testid=conversation]")).to_contain_text("第一句话")
        admin = center.login("admin", center.password if center.command == "demo" else None)
        agents = center.api("GET", "/api/v1/agents", admin).json()["items"]
        names = {agent.get("displayName") for agent in agents if agent["state"] != "offline"}
        assert "王芳" not in names
        assert not staying.errors and not customer.errors
    finally:
        stop_chat_center(center)


def test_an_agents_day_unread_marks_the_tab_title_drafts_shortcuts_and_a_phone(sqlite_demo, page_for):
    agent = agent_desktop(page_for, sqlite_demo)
    customer = open_shop(page_for, sqlite_demo)
    customer_says(customer, "请问发票怎么开")
    customer.click("[data-testid=chat-human]")
    expect(agent.locator("[data-testid=offer]")).to_have_count(1)
    expect(agent).to_have_title(re.compile(r"^\(1\) "))
    # Alt+A takes the first offer.
    agent.keyboard.press("Alt+a")
    pane = agent.locator("[data-testid=conversation]")
    expect(pane).to_have_count(1)
    expect(pane.locator("[data-testid=chat-transcript]")).to_contain_text("请问发票怎么开")

    # A message while she is elsewhere is unread, in the pane and the tab's title, until she is back in the chat.
    agent.locator("[data-testid=agent-state]").focus()
    customer_says(customer, "我要开公司抬头")
    unread = pane.locator("[data-testid=chat-unread]")
    expect(unread).to_have_attribute("data-count", "1")
    expect(agent).to_have_title(re.compile(r"^\(1\) "))
    pane.locator("[data-testid=reply-input]").click()
    expect(unread).to_be_hidden()
    expect(agent).not_to_have_title(re.compile(r"^\("))

    # What she types is counted against the limit, and kept across a reload.
    reply = pane.locator("[data-testid=reply-input]")
    reply.fill("好的，请提供税号")
    expect(pane.locator("[data-testid=reply-count]")).to_have_text("8/2000")
    agent.reload()
    expect(agent.locator("[data-testid=conversation] [data-testid=reply-input]")).to_have_value("好的，请提供税号")
    # The transcript opens at the newest message.
    at_bottom = agent.locator("[data-testid=chat-transcript]").evaluate(
        "(list) => list.scrollHeight - list.scrollTop - list.clientHeight < 2")
    assert at_bottom

    # On a 390 px phone the desk is one column: nothing runs off the side, the reply box is usable.
    agent.set_viewport_size({"width": 390, "height": 844})
    assert agent.evaluate("document.documentElement.scrollWidth") <= 390
    assert agent.locator("[data-testid=reply-input]").bounding_box()["width"] > 250
    assert not agent.errors and not customer.errors


def test_an_agent_finds_a_past_conversation_and_tags_its_customer(sqlite_demo, page_for):
    customer = open_shop(page_for, sqlite_demo)
    identify(customer, name="赵雷", phone="13655556666")
    customer_says(customer, "空气净化器滤网怎么换")
    agent = agent_desktop(page_for, sqlite_demo)
    agent.click("[data-testid=offer-accept]")
    agent.locator("[data-testid=identity-confirm]").click()
    expect(agent.locator("[data-testid=conversation] [data-testid=screen-pop-name]")).to_have_attribute("data-verified", "true")
    agent.fill("[data-testid=wrap-up-reason]", "滤网更换")
    agent.click("[data-testid=wrap-up-submit]")
    expect(agent.locator("[data-testid=conversation]")).to_have_count(0)

    agent.click("[data-testid=nav-history]")
    agent.wait_for_url("**/history")
    agent.fill("[data-testid=history-q]", "滤网")
    agent.click("[data-testid=history-submit]")
    row = agent.locator("[data-testid=history-row]")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("赵雷")
    expect(row).to_contain_text("滤网更换")
    row.locator("[data-testid=history-open]").click()
    expect(agent.locator("[data-testid=history-transcript]")).to_contain_text("空气净化器滤网怎么换")

    agent.fill("[data-testid=customer-q]", "5555")
    agent.click("[data-testid=customer-submit]")
    agent.locator("[data-testid=customer-row]").first.locator("[data-testid=customer-open]").click()
    expect(agent.locator("[data-testid=customer-name]")).to_have_text("赵雷")
    expect(agent.locator("[data-testid=customer-timeline] [data-testid=timeline-contact]")).to_have_count(1)
    agent.fill("[data-testid=customer-tags]", "老客户、净化器")
    agent.click("[data-testid=customer-save]")
    expect(agent.locator("[data-testid=customer-row]").first).to_contain_text("老客户、净化器")
    assert not agent.errors


def test_a_shop_brands_its_widget_and_asks_for_a_phone_before_the_chat(sqlite_demo, page_for):
    admin = sqlite_demo.login("admin", sqlite_demo.password)
    queue = next(queue for queue in sqlite_demo.api("GET", "/api/v1/queues", admin).json()["items"] if queue["name"] == "在线客服")
    widget = {"color": "#c2410c", "title": "青禾家电客服", "welcome": "您好，欢迎光临青禾家电！",
              "preChat": {"name": "optional", "phone": "required"}}
    assert sqlite_demo.api("PATCH", f"/api/v1/queues/{queue['id']}", admin, json={"widget": widget}).status_code == 200
    customer = page_for("zh-CN")
    customer.goto(sqlite_demo.shop)
    customer.click("[data-testid=chat-open]")
    expect(customer.locator("[data-testid=chat-title]")).to_have_text("青禾家电客服")
    expect(customer.locator("[data-testid=chat-welcome]")).to_have_text("您好，欢迎光临青禾家电！")
    color = customer.locator("[data-testid=chat-panel] header").evaluate("(header) => getComputedStyle(header).backgroundColor")
    assert color == "rgb(194, 65, 12)", color
    form = customer.locator("[data-testid=chat-prechat]")
    expect(form).to_be_visible()
    expect(customer.locator("[data-testid=chat-input]")).to_be_hidden()
    form.locator("input[name=name]").fill("孙丽")
    form.locator("[data-testid=chat-prechat-submit]").click()
    expect(form).to_be_visible()  # the phone is required
    form.locator("input[name=phone]").fill("13911112222")
    form.locator("[data-testid=chat-prechat-submit]").click()
    expect(form).to_be_hidden()
    customer_says(customer, "加湿器不出雾")
    customer.click("[data-testid=chat-human]")
    agent = agent_desktop(page_for, sqlite_demo)
    offer = agent.locator("[data-testid=offer]")
    expect(offer.locator("[data-testid=screen-pop-name]")).to_have_text("孙丽")
    expect(offer.locator("[data-testid=identity-claim]")).to_contain_text("13911112222")
    assert not customer.errors and not agent.errors
