import ContactCenter
import FirstCallServer
import Storage

extension DemoCenter {
    /// A few published help articles of the demo shop, so the help center, the agent's
    /// suggestions and the search have something to find.
    static let articles: [(id: String, title: String, body: String, tags: [String], category: String)] = [
        (
            "DEMO-001", "如何查询订单物流", "登录后进入“我的订单”，点击订单即可看到快递公司和运单号，以及最新的物流轨迹。下单后一般 24 小时内发货；超过 48 小时仍无物流信息，可联系在线客服催发货。",
            ["物流", "快递", "运单号"], "订单与物流"
        ),
        (
            "DEMO-002", "七天无理由退货怎么申请", "签收后 7 天内、商品未使用且包装完好，可在“我的订单”中点击“申请售后”>“退货退款”，选择原因并寄回商品。仓库签收后 1–3 个工作日内原路退款。",
            ["退货", "退款", "售后"], "售后"
        ),
        (
            "DEMO-003", "退款多久到账", "退款审核通过后原路退回：余额和微信支付约 1 个工作日，银行卡 1–5 个工作日，信用卡以银行入账为准。可在“我的订单”>“售后详情”查看退款进度。",
            ["退款", "到账时间", "退款进度"], "售后"
        ),
        (
            "DEMO-004", "修改登录密码", "进入“我的”>“设置”>“账号与安全”>“修改登录密码”，输入当前密码和两次新密码，再填写短信验证码即可。新密码需 8–20 位，同时包含字母和数字。",
            ["密码", "登录", "账号安全"], "账号"
        ),
        (
            "DEMO-005", "支付失败怎么办",
            "请先确认银行卡余额和单笔限额，再检查网络后重试；也可以换一种支付方式。如果已经扣款但订单仍显示未支付，请勿重复付款，系统会在 30 分钟内自动核对，未成功的款项将原路退回。",
            ["支付失败", "付款", "扣款"], "支付"
        ),
        (
            "DEMO-006", "如何开具电子发票", "订单完成后，在“我的订单”中点击“申请发票”，填写抬头和税号，电子发票会在 1 个工作日内发送到您的邮箱。",
            ["发票", "电子发票", "报销"], "支付"
        ),
        (
            "DEMO-008", "下单后多久发货，怎么催发货",
            "现货商品付款后 24 小时内发货，预售商品以商品页写明的发货时间为准；大促期间可能延迟到 48 小时。超过承诺时间还没发货，可以在“我的订单”中点击“提醒发货”，或者联系在线客服催促。",
            ["发货", "发货时间", "催发货", "预售"], "订单与物流"
        ),
        (
            "DEMO-007", "Track your order",
            "Open My Orders and tap the order to see the carrier, the tracking number and the latest delivery updates. Orders ship within 24 hours.",
            ["order", "tracking", "delivery", "package"], "订单与物流"
        ),
    ]

    static func ensureArticles(store: SQLStore, clock: any Clock) async throws {
        let existing = Set(try await store.articles(status: nil).map(\.id.rawValue))
        let missing = articles.filter { !existing.contains($0.id) }.map { article in
            Article(
                id: ArticleID(rawValue: article.id), title: article.title, body: article.body, tags: article.tags,
                category: article.category, language: article.id == "DEMO-007" ? "en" : "zh-CN", status: .published,
                updatedAt: clock.now)
        }
        guard !missing.isEmpty else { return }
        _ = try await store.importArticles(missing, by: nil)
    }
}
