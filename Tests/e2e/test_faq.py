"""The public help center in Chromium: search as you type, highlighted snippets, reading an
article, drafts never shown, and no account needed."""

from playwright.sync_api import expect

from conftest import ROOT

ARTICLES = (ROOT / "Tests" / "Fixtures" / "kb" / "articles.jsonl").read_text(encoding="utf-8")
DRAFT = '{"id": "KB-900", "title": "内部草稿：宽带提速", "body": "尚未发布。", "status": "draft"}\n'


def import_articles(server):
    token = server.login()
    response = server.api("POST", "/api/v1/kb/import", token, data=(ARTICLES + DRAFT).encode("utf-8"))
    assert response.status_code == 200, response.text
    assert response.json() == {"imported": 81, "published": 80}


def test_a_customer_finds_and_reads_an_answer(server, page_for):
    import_articles(server)
    page = page_for("zh-CN")
    page.goto(server.base + "/faq")
    # The page is worded once its catalogs are loaded.
    expect(page.locator("h1")).to_have_text("帮助中心")
    page.fill("[data-testid=faq-query]", "更改密码")
    first = page.locator("[data-testid=faq-result]").first
    first.wait_for()
    assert first.get_attribute("data-id") in ("KB-001", "KB-074")
    assert first.locator("mark").count() >= 1
    assert "修改" in first.locator("mark").all_inner_texts()
    assert page.locator("[data-testid=faq-status]").is_hidden()
    assert "q=" in page.url

    first.locator("button").click()
    body = page.locator("[data-testid=faq-article-body]")
    body.wait_for()
    assert page.inner_text("[data-testid=faq-article-title]") in ("修改登录密码", "Change your login password")
    assert page.locator("[data-testid=faq-results]").is_hidden()
    page.click("[data-testid=faq-helpful]")
    page.locator("[data-testid=faq-feedback]", has_text="感谢您的反馈。").wait_for()
    report = server.api("GET", "/api/v1/kb/report", server.login()).json()
    assert report["mostSearched"][0]["query"] == "更改密码"
    assert report["mostClicked"][0]["id"] == first.get_attribute("data-id")
    assert report["mostHelpful"][0]["id"] == first.get_attribute("data-id")
    page.click("[data-testid=faq-back]")
    page.locator("[data-testid=faq-result]").first.wait_for()

    # A shared link opens with its search done.
    shared = page_for("en-US")
    shared.goto(server.base + "/faq?q=" + "宽带断网了")
    shared.locator("[data-testid=faq-result]").first.wait_for()
    assert shared.locator("[data-testid=faq-result]").first.get_attribute("data-id") in ("KB-029", "KB-078")
    expect(shared.locator("h1")).to_have_text("Help center")
    assert not page.errors and not shared.errors


def test_an_unanswerable_question_says_so_and_drafts_stay_hidden(server, page_for):
    import_articles(server)
    page = page_for("zh-CN")
    page.goto(server.base + "/faq")
    page.fill("[data-testid=faq-query]", "明天北京天气怎么样")
    page.press("[data-testid=faq-query]", "Enter")
    status = page.locator("[data-testid=faq-status]")
    status.wait_for()
    assert status.inner_text() in ("不确定以下内容能否解答您的问题：", "没有找到能回答这个问题的文章。换个说法试试，或联系我们。")
    page.fill("[data-testid=faq-query]", "内部草稿 宽带提速")
    page.press("[data-testid=faq-query]", "Enter")
    page.wait_for_timeout(500)
    assert "KB-900" not in [item.get_attribute("data-id") for item in page.locator("[data-testid=faq-result]").all()]
    assert server.api("GET", "/api/public/kb/articles/KB-900").status_code == 404
    assert server.api("GET", "/api/public/kb/articles/KB-001").json()["title"] == "修改登录密码"
    # Markup in a query is only ever text.
    page.fill("[data-testid=faq-query]", "<img src=x onerror=alert(1)>密码")
    page.press("[data-testid=faq-query]", "Enter")
    page.locator("[data-testid=faq-result]").first.wait_for()
    assert page.locator("img").count() == 0
    assert not page.errors


def test_an_article_body_is_markdown_shown_without_any_of_its_html(server, page_for):
    token = server.login()
    body = (
        "## 办理步骤\n"
        "1. 打开 **APP**，进入“我的”。\n"
        "2. 选择 *宽带提速*。\n\n"
        "- 费用见 [资费说明](https://example.com/prices)\n"
        "- 代码 `SPEED100` 可用\n"
        "- [不安全的链接](javascript:alert(1))\n\n"
        "<img src=x onerror=\"window.hacked=1\"><script>window.hacked=1</script>"
    )
    created = server.api("POST", "/api/v1/kb/articles", token, json={
        "id": "KB-700", "title": "宽带提速办理步骤", "body": body, "status": "published"})
    assert created.status_code == 201
    page = page_for("zh-CN")
    page.goto(server.base + "/faq?article=KB-700")
    shown = page.locator("[data-testid=faq-article-body]")
    shown.locator("h4").wait_for()
    assert shown.locator("h4").inner_text() == "办理步骤"
    assert shown.locator("ol > li").all_inner_texts() == ["打开 APP，进入“我的”。", "选择 宽带提速。"]
    assert shown.locator("ol strong").inner_text() == "APP" and shown.locator("ol em").inner_text() == "宽带提速"
    link = shown.locator("ul a")
    assert link.count() == 1 and link.get_attribute("href") == "https://example.com/prices"
    assert shown.locator("code").inner_text() == "SPEED100"
    assert "[不安全的链接](javascript:alert(1))" in shown.inner_text()
    assert "<script>" in shown.inner_text()
    assert shown.locator("img, script").count() == 0
    assert page.evaluate("window.hacked") is None
    assert not page.errors
