"""The knowledge-base bot in front of the chat widget, in Chromium: it answers from the demo
shop's articles, asks whether that solved it, and hands the chat to an agent, who sees what it tried."""

import pytest
from playwright.sync_api import expect

from conftest import Database, log_in, start_chat_center, stop_chat_center
from test_chat import agent_desktop, customer_says, open_shop


@pytest.fixture
def demo_with_bot():
    database = Database("sqlite")
    running = start_chat_center(database)
    yield running
    stop_chat_center(running)
    database.remove()


def bot_says(page):
    return page.locator("[data-testid=chat-message][data-author=bot]")


def test_the_bot_answers_then_hands_over_to_an_agent(demo_with_bot, page_for):
    agent = agent_desktop(page_for, demo_with_bot)
    customer = open_shop(page_for, demo_with_bot)
    customer_says(customer, "请问怎么修改登录密码")
    expect(bot_says(customer).filter(has_text="摘自《修改登录密码》")).to_have_count(1)
    expect(bot_says(customer).last).to_contain_text("这解决您的问题了吗")
    expect(bot_says(customer).first).to_contain_text("智能助手")
    # While the bot helps, no agent is disturbed.
    expect(agent.locator("[data-testid=offer]")).to_have_count(0)

    # The customer answers with the 是 / 否 buttons under the question.
    customer.locator("[data-testid=chat-quick-reply]", has_text="否").click()
    if bot_says(customer).filter(has_text="正在为您转接").count() == 0:
        expect(bot_says(customer).filter(has_text="您也可以看看")).to_have_count(1)
        customer_says(customer, "否")
    expect(bot_says(customer).filter(has_text="正在为您转接人工客服")).to_have_count(1)

    agent.click("[data-testid=offer-accept]")
    conversation = agent.locator("[data-testid=conversation]")
    expect(conversation.locator("[data-testid=conversation-message][data-author=bot][data-kind=note]")).to_contain_text(
        "机器人转人工：推荐的文章没有解决问题。已推荐：DEMO-004《修改登录密码》")
    expect(conversation.locator("[data-testid=conversation-message][data-author=customer]").first).to_contain_text(
        "请问怎么修改登录密码")
    # The customer never sees the note.
    assert bot_says(customer).filter(has_text="机器人转人工").count() == 0
    assert not customer.errors and not agent.errors


def test_the_customer_opens_the_article_and_says_it_helped(demo_with_bot, page_for):
    customer = open_shop(page_for, demo_with_bot)
    customer_says(customer, "请问怎么修改登录密码")
    link = customer.locator("[data-testid=chat-article-link]")
    expect(link).to_have_text("打开文章：修改登录密码")
    with customer.context.expect_page() as opened:
        link.click()
    article = opened.value
    expect(article.locator("[data-testid=faq-article-title]")).to_have_text("修改登录密码")
    expect(article.locator("[data-testid=faq-article-body]")).to_contain_text("密码")

    buttons = customer.locator("[data-testid=chat-quick-reply]")
    expect(buttons).to_have_text(["是", "否"])
    buttons.filter(has_text="是").click()
    expect(bot_says(customer).last).to_contain_text("很高兴帮到您")
    # Answered buttons go away; the customer's "是" is in the conversation as their message.
    expect(buttons).to_have_count(0)
    expect(customer.locator("[data-testid=chat-message][data-author=customer]").last).to_contain_text("是")

    # The customer leaves satisfied: the supervisor's report counts a contained bot session.
    customer.click("[data-testid=chat-end]")
    expect(customer.locator("[data-testid=chat-status]")).to_have_attribute("data-phase", "ended")
    supervisor = page_for("zh-CN")
    log_in(supervisor, demo_with_bot, "supervisor", demo_with_bot.password)
    supervisor.wait_for_url("**/admin")
    supervisor.goto(demo_with_bot.base + "/supervisor")
    report = supervisor.locator("[data-testid=kb-report]")
    expect(report.locator("[data-testid=report-sessions]")).to_contain_text("1")
    expect(report.locator("[data-testid=report-containment]")).to_contain_text("100.0%")
    expect(report.locator("[data-testid=report-transfer]")).to_contain_text("0.0%")
    expect(report.locator("[data-testid=report-most-searched]")).to_contain_text("请问怎么修改登录密码")
    expect(report.locator("[data-testid=report-helpful]")).to_contain_text("DEMO-004 修改登录密码")
    # Opening the article from the bot's link is a click on the bot's answer.
    expect(report.locator("[data-testid=report-most-clicked]")).to_contain_text("DEMO-004 修改登录密码")
    assert not customer.errors and not supervisor.errors


def test_an_urgent_question_skips_the_bot(demo_with_bot, page_for):
    agent = agent_desktop(page_for, demo_with_bot)
    customer = open_shop(page_for, demo_with_bot)
    customer_says(customer, "付款一直支付失败，钱被扣了")
    expect(agent.locator("[data-testid=offer]")).to_have_count(1)
    assert bot_says(customer).filter(has_text="摘自").count() == 0
    assert not customer.errors and not agent.errors
