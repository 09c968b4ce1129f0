extension SynonymDictionary {
    /// General customer-service synonyms for a Chinese (and English) contact center: common verbs
    /// of service requests, everyday and negated ways of saying that something fails, names of
    /// accounts, payments, deliveries, networks and phones, Taiwan and Hong Kong wording, and an
    /// English glossary that maps each English term to the Chinese one, so an English question
    /// finds a Chinese article and the reverse. A center adds its own product names.
    public static let standard: SynonymDictionary = try! SynonymDictionary(groups: standardGroups)

    static let standardGroups: [[String]] =
        requestVerbs + accountsAndSecurity + money + ordersAndDeliveries + networkAndDevices + mobileServices
        + appAndPrivacy + service

    /// Verbs of a service request and how customers say that something does not work.
    private static let requestVerbs: [[String]] = [
        [
            "修改", "更改", "变更", "改成", "改为", "改动", "调整", "改一下", "改了", "改个", "怎么改", "改不了", "改不成", "改一改", "change", "modify",
            "alter", "edit", "amend", "pick a new", "set a new", "choose a new",
        ],
        ["名称", "名字", "name"],
        ["更换", "换成", "替换", "改换", "换一个", "换个", "replace", "switch", "swap", "swap out", "exchange it for"],
        ["取消", "撤销", "撤回", "作废", "不要了", "不想要", "cancel", "terminate", "undo", "call off", "back out of", "revoke"],
        ["查询", "查看", "查一下", "看一下", "看看", "查查", "查找", "check", "view", "look up", "find", "show me", "find out"],
        ["办理", "申办", "开办"],
        [
            "开通", "启用", "开启", "激活", "turn on", "activate", "enable", "switch on", "sign me up", "sign up for",
            "get connected", "start using",
        ],
        [
            "关闭", "关掉", "停用", "禁用", "关了", "turn off", "disable", "switch off", "mute", "silence", "stop showing",
            "opt out of",
        ],
        [
            "忘记", "找不回来", "找不回", "想不起", "想不起来了", "死活想不起", "忘了", "忘掉", "不记得", "记不得", "记不住", "想不起来", "forgot",
            "forgotten", "forget",
            "can't remember",
            "cannot remember", "don't remember", "do not remember", "locked myself out", "can't recall",
        ],
        ["重置", "重设", "重新设置", "找回", "reset", "recover", "set up again", "start over with"],
        ["申请", "提交申请", "提出申请", "apply", "request"],
        ["删除", "删掉", "清除", "去掉", "delete", "remove", "erase", "wipe", "erase all", "get rid of"],
        ["解绑", "取消绑定", "解除绑定", "unlink", "unbind", "disconnect from", "stop signing in with", "no longer link"],
        ["绑定", "关联", "添加绑定", "link", "bind"],
        [
            "换绑", "换手机号", "换了手机号", "手机号换了", "号码换了", "换号了", "换了新号码", "旧号码不用了", "原来的号码不用了", "以前的号码不用了", "老号码不用了", "换新号",
            "改绑", "重新绑定", "更换绑定", "修改绑定", "change my phone number", "change phone number", "update my phone number",
            "change my number", "修改手机号", "绑的号码", "绑的手机号", "绑定的号码", "绑定的手机号", "号码改成新的", "手机号改成新的",
        ],
        ["恢复", "复通", "恢复使用", "restore", "reconnect", "get back", "bring back", "restore service", "turn back on"],
        ["续费", "续订", "续约", "续上", "renew", "renewal"],
        ["退订", "取消订阅", "unsubscribe", "opt out"],
        [
            "失败", "过不去", "过不了", "识别不出来", "识别不了", "识别不出", "不成功", "没成功", "未成功", "没通过", "不通过", "未通过", "没有通过", "通不过", "出错",
            "报错",
            "fail", "failed",
            "failure", "unsuccessful", "declined", "error", "审核没过", "审核不通过", "审核失败", "没过审", "没审核通过",
            "didn't go through", "did not go through", "won't accept", "not accepted", "rejected", "keeps failing",
            "doesn't match", "didn't match", "does not match", "bounced",
        ],
        [
            "无法使用", "用不了", "不能用", "没法用", "不能使用", "不可用", "not working", "doesn't work", "does not work",
            "stopped working", "won't apply", "doesn't apply", "can't use", "cannot use", "won't work", "can't be used",
            "not working anymore", "useless", "broken app",
        ],
        [
            "打不开", "点不开", "打开不了", "无法打开", "启动不了", "白屏", "黑屏", "一片白", "一片空白", "页面空白", "won't open", "not opening",
            "can't open", "cannot open", "点了没反应", "点开没反应", "点击没反应",
        ],
        [
            "收不到", "等不到", "没收到", "接收不到", "收不了", "没有收到", "一直没来", "didn't receive", "did not receive",
            "not received", "not receiving", "never received", "didn't get", "haven't received", "never arrives",
            "never arrived",
            "never came", "no text with", "never got", "haven't got", "never came through", "nothing came",
        ],
        ["两次", "两遍", "二次", "twice", "two identical", "two of the same", "duplicate", "duplicated", "two charges"],
        [
            "不用了", "不打算用了", "不打算用", "不准备用了", "不再用了", "用不着了", "不需要了", "不想再用", "用不上了", "用不着", "不再使用", "no longer need",
            "don't need any more", "don't need anymore",
        ],
        [
            "过期", "失效", "过了有效期", "作废了", "清零", "不能用了", "expire", "expired", "expiry", "run out", "running out",
            "runs out", "expiry date", "lapse", "lapsed",
        ],
        ["有效期", "能用到什么时候", "能用多久", "什么时候到期", "validity"],
        ["多久", "多长时间", "要多久", "多少天", "how long", "how soon", "how quickly", "how many days"],
    ]

    private static let accountsAndSecurity: [[String]] = [
        ["密码", "口令", "密钥", "密马", "mm", "password", "passcode", "pwd", "passwd", "pin"],
        ["支付密码", "钱包密码", "付款密码", "payment password", "payment pin", "wallet password", "交易密码", "付钱的密码", "付款的密码"],
        ["账号", "帐号", "账户", "帐户", "用户名", "account", "username", "user name", "profile"],
        [
            "登录", "登陆", "登入", "登录进去", "login", "log in", "sign in", "signin", "logon", "log on", "logged in",
            "log into", "logged into", "sign into", "signed in",
        ],
        [
            "登录失败", "登不上", "登不进", "登录不上", "登录不了", "无法登录", "登不进去", "can't log in", "cannot log in",
            "unable to log in", "can't login", "can't log into", "cannot log into", "can't sign in",
            "won't let me sign in", "won't let me log in", "doesn't let me log in", "doesn't let me sign in",
            "unable to sign in", "can't get in", "won't log in", "will not log in", "doesn't log in", "won't sign in",
            "won't let me in", "can't sign into", "cannot sign into", "can't log on", "error when logging in",
            "login error", "login fails", "sign-in fails", "sign in error", "登录不进去", "登陆不进去", "登录进不去",
        ],
        [
            "锁定", "输错太多次", "输错次数太多", "错太多次", "输错好几次", "多次输错", "被锁", "被锁定", "锁住", "锁了", "锁死", "locked", "lock",
            "locked out", "暂时不能登录", "暂时无法登录", "暂时登录不了", "暂时登不上", "too many tries", "too many attempts",
            "too many wrong", "locked me out", "blocked my account",
        ],
        ["解锁", "解除锁定", "解封", "unlock"],
        [
            "实名认证", "验证身份", "认证身份", "核验身份", "验证一下身份", "身份核验", "身份验证", "身份认证", "实名验证", "实名核验", "实名", "实名制",
            "real-name verification",
            "real name verification", "identity verification", "id verification", "verify identity",
            "verify my identity", "verify my id", "verify id", "id check", "confirm who i am", "prove who i am",
            "prove my identity", "confirm my identity", "verify who i am", "kyc", "identity check", "verify my account",
            "verify account", "account verification", "verification documents", "upload my id", "upload id",
            "upload my id card",
        ],
        [
            "人脸识别", "刷脸", "人脸验证", "面部识别", "人脸认证", "刷脸认证", "face recognition", "facial recognition", "face verification",
            "face scan", "face check", "face id", "facial check", "face scan failed", "selfie", "face photo",
            "photo doesn't match", "face doesn't match", "liveness check", "人脸识别失败", "扫脸", "扫脸认证", "扫描人脸",
        ],
        [
            "注销", "销号", "删号", "删除账号", "注销账号", "账号删除", "彻底删除账号", "账号不想用", "账号不用了", "不想用这个账号", "不用这个账号", "close account",
            "close my account", "cancel my account",
            "deactivate", "销掉账号", "账号销掉", "永久删除账号", "账号删掉", "把账号删了", "账号关掉", "账号取消", "取消账号", "账户取消",
            "don't want this account", "remove my account", "remove this account", "get rid of my account",
            "delete this account", "close this account", "shut my account", "account deleted", "account removed",
            "account closed",
        ],
        [
            "冻结", "封号", "被封", "账号封了", "frozen", "suspended account", "account suspended", "account disabled",
            "account frozen", "account blocked", "account is blocked", "blocked account", "账号冻结",
        ],
        [
            "二次验证", "多一层验证", "加一层验证", "再验证一次", "双重认证", "登录验证", "两步验证", "双重验证", "双因素认证", "两步认证", "登录保护", "2fa",
            "two-factor", "two-step verification",
            "two factor", "多验证一次", "加一层保护", "多一层保护", "再加一层", "多加一道验证", "多一道验证", "防止别人登录", "防止他人登录", "防止他登录", "不让别人登录",
            "extra security", "extra step", "security step", "second step", "extra layer", "两步骤验证", "两步骤认证", "两阶段验证",
            "two step verification", "two-step", "2-step", "two step", "mfa", "multi-factor", "extra verification",
            "second factor",
        ],
        ["身份证", "身份证件", "id card", "identity card"],
        [
            "验证码", "校验码", "动态码", "短信码", "verification code", "otp", "code", "login code", "one-time code",
            "one time code", "security code", "pin code", "sms code", "text code", "短信验证码", "登录验证码",
        ],
        [
            "异地登录", "别人登录", "有人登录我的", "不是我登录", "不是本人登录", "不是我本人登录", "陌生人登录", "别处登录", "外地登录", "陌生设备登录", "异常登录", "其他地方登录",
            "unusual login", "suspicious login", "another city",
            "different city", "another location", "different location", "unfamiliar device",
            "login alert", "new device login", "wasn't me", "was not me", "someone logged into", "someone logged in",
            "someone else logged in", "device i don't own", "device i don't recognise", "device i don't recognize",
            "unknown device", "strange device", "login i didn't make", "sign-in i didn't make", "new sign in",
            "new sign-in", "new login", "sign in from", "login from", "logged in from",
        ],
        [
            "盗号", "号被偷", "账号被偷", "被人盗了", "被盗号", "账号被盗", "号被盗", "被黑", "hacked", "hack", "someone is using my account",
            "someone got into my account", "account compromised", "compromised", "账号盗号",
        ],
        [
            "个人信息", "个人数据", "个人资料", "隐私数据", "personal information", "personal data", "my data", "my information",
            "data you have on me", "data you hold", "copy of my data", "information you have on me",
            "everything you know about me", "everything you have on me", "my details", "personal details",
        ],
        ["隐私", "privacy"],
        ["导出", "下载数据", "export"],
        [
            "诈骗", "安全账户", "中奖", "领奖", "骗局", "欺诈", "骗子", "fraud", "scam", "scammer", "won a prize", "win a prize",
            "you have won", "prize", "asked for my bank", "phishing call",
        ],
        [
            "冒充", "假冒", "假扮", "impersonate", "pretending", "自称", "号称", "claiming to be", "claims to be",
            "claimed to be", "posing as", "pretend to be", "said they were from", "says they are from",
            "claimed to be from", "pretending to be from",
        ],
        ["冒充客服", "假客服", "自称客服", "自称是客服", "冒充工作人员", "fake customer service"],
        [
            "钓鱼短信", "诈骗短信", "可疑短信", "假短信", "phishing", "is this text from you", "text from you", "scam text",
            "fake text", "suspicious text", "dodgy text",
        ],
        [
            "可疑链接", "钓鱼链接", "不明链接", "陌生链接", "suspicious link", "发了个链接", "发来链接", "让我点链接", "点链接", "奇怪的链接", "奇怪链接",
            "奇怪的网址", "陌生网址", "可疑网址",
        ],
    ]

    private static let money: [[String]] = [
        [
            "退款", "退钱", "返款", "退费", "退回款项", "refund", "money back", "reimbursement", "reimburse", "money you owe me",
            "refunded", "reimbursed", "give me my money back", "pay me back", "credit back",
        ],
        [
            "退款到账时间", "多久能退钱", "多久退钱", "退钱要多久", "几天能退钱", "几天退钱", "多久能退款", "退款要多久", "退款多久到账",
            "退款几天到账", "钱多久能退回", "钱几天能退回", "how long does a refund take", "refund time",
        ],
        [
            "退款未到账", "钱还没退", "钱没退", "钱还没回来", "钱没回来", "还没退钱", "没退钱", "钱退了没", "退款没到账", "退款收不到", "没收到退款", "退款没到", "退款还没到",
            "钱没退回来", "refund not received", "退款还不到", "退款还没到账", "退款迟迟不到", "退钱还没到", "退了还没到", "钱退到哪", "退到哪里", "退到哪了",
            "钱退哪去了",
        ],
        [
            "自动续费", "每个月自动扣", "每月自动扣", "自己扣钱", "到期自动扣", "自动续上", "自动扣费", "自动扣款", "自动扣钱", "连续包月", "自动续订", "自动续期",
            "auto-renewal", "auto renewal",
            "autorenewal", "auto-renew", "auto renew", "subscription", "recurring payment", "billed every month",
            "charged every month", "monthly charge", "recurring charge", "automatic renewal", "automatically renews",
            "keeps renewing", "monthly subscription",
        ],
        [
            "扣款", "扣钱", "扣费", "扣了钱", "钱扣了", "钱被扣了", "被扣钱", "钱被扣", "charged", "charge", "deducted", "deduct",
            "took the money", "taken from my account", "debited", "money was taken", "money left my bank", "bank took",
        ],
        ["没有办理成功", "没办成", "没办成功", "没办好", "办不成", "没开通成功", "没有生效", "没生效", "not activated"],
        [
            "重复扣费", "扣了三次", "扣了好几次", "扣了几次", "扣了两回", "扣了三回", "扣了好几回", "被扣两次", "扣两遍", "扣了两遍", "扣重了", "重复扣", "收了两次",
            "付了两次", "付两次", "支付了两次", "重复支付", "重复付款", "扣了双倍", "扣了两次", "扣两次", "多扣", "多扣钱", "多扣费", "重复扣款", "重复收费", "多收费",
            "多收钱", "多收了", "乱收费", "charged twice",
            "double charged", "double charge", "duplicate charge", "收了两回", "收两回", "付了两回", "扣多了", "收多了", "算多了", "比实际用的多",
            "比实际多", "took the money twice", "took money twice", "taken twice", "charged me twice", "billed twice",
            "billed me twice", "double billed", "double billing", "two identical charges", "charged two times",
            "paid twice", "duplicate payment", "double payment", "charged double", "overcharged", "over charged",
            "charged too much", "overbilled", "same thing twice", "for the same thing twice", "same item twice",
            "charged for the same", "两次付款", "两次扣款", "付款两次", "扣款两次",
        ],
        [
            "付款", "支付", "付钱", "交钱", "买单", "payment", "pay", "paid", "checkout", "check out", "card payment",
            "pay by card",
        ],
        [
            "支付失败", "交易失败", "交易不成功", "付款失败", "付不了款", "付不了", "支付不了", "付不出去", "无法支付", "不能支付", "付款不了", "payment failed",
            "payment declined", "can't pay", "card declined", "card rejected", "won't accept my card",
            "card not accepted", "payment rejected", "payment error", "payment bounced",
        ],
        ["缴费", "交费"],
        [
            "充值", "充钱", "充话费", "储值", "加值", "top up", "top-up", "topup", "topped up", "recharge", "put credit on",
            "add credit", "credit on my phone", "buy credit", "load credit", "prepaid credit",
        ],
        [
            "充错号码", "充错了", "充错号", "号码输错", "输错号码", "号码填错", "填错号码", "号码打错", "充到别人", "充给别人",
            "wrong number",
        ],
        [
            "到账", "到帐", "入账", "入帐", "arrive", "arrived", "credited", "showed up", "show up", "gone through",
            "went through",
        ],
        [
            "没到账", "未到账", "还没到账", "没有到账", "not credited", "hasn't arrived", "has not arrived", "didn't arrive",
            "did not arrive", "not arrived", "hasn't reached", "has not reached", "didn't reach", "not reached",
            "hasn't come", "still not received", "never showed up", "not showing", "doesn't show", "not shown",
            "hasn't appeared", "not appeared", "never went through",
        ],
        ["账单", "帐单", "bill", "billing", "statement"],
        ["话费", "电话费", "phone bill", "mobile bill"],
        ["太贵", "太贵了", "too expensive", "so expensive"],
        ["报销", "expense claim", "expense report", "claim expenses", "expenses"],
        ["抬头", "发票抬头", "invoice title", "invoice header", "company name", "company title"],
        ["待支付", "待付款", "awaiting payment", "pending payment", "waiting for payment"],
        [
            "发票", "票据", "收据", "报销凭证", "invoice", "receipt", "fapiao", "vat receipt", "tax invoice", "bill for work",
            "proof of purchase",
        ],
        ["服务密码", "service password", "service pin", "phone pin"],
        ["电子发票", "电子版发票", "电子版的发票", "e-invoice", "electronic invoice"],
        [
            "开具发票", "要发票", "要个发票", "要张发票", "下载发票", "打印发票", "发票下载", "发票打印", "开发票", "开票", "开个发票", "开张发票", "发票开", "发票在哪开",
            "发票去哪开", "发票哪里开", "issue an invoice", "get an invoice",
        ],
        [
            "换开", "重新开具", "重新开票", "重新开发票", "重开", "重开发票", "发票开错", "开错了", "发票错了", "抬头写错", "抬头错了", "抬头填错",
            "invoice is wrong", "wrong invoice", "reissue", "reissued", "reissue the invoice", "correct the invoice",
            "corrected invoice", "new invoice",
        ],
        ["银行卡", "储蓄卡", "借记卡", "银联卡", "bank card", "debit card", "bank account"],
        ["绑卡", "绑银行卡", "添加银行卡", "加银行卡", "绑定银行卡", "关联银行卡", "add a bank card", "add card"],
        ["钱包", "wallet", "e-wallet"],
        [
            "欠费", "没话费了", "话费用完", "话费用光", "话费没了", "话费不够", "没缴费", "话费不足", "没交钱", "没交费", "没充钱", "没交话费", "欠钱", "overdue",
            "unpaid", "arrears", "non-payment", "not paying", "missed payment", "didn't pay", "unpaid bill",
            "overdue bill", "behind on payments", "欠费账单",
        ],
        ["余额", "剩余话费", "账户余额", "balance", "credit left", "money left"],
        [
            "优惠券", "代金券", "优惠劵", "抵用券", "红包", "coupon", "voucher", "promo code", "discount code", "折价券", "折扣券", "折价卷",
            "voucher code", "discount voucher", "money-off code",
        ],
        ["套餐", "资费", "资费套餐", "月租", "plan", "tariff", "package plan"],
        [
            "套餐变更", "换个便宜的", "套餐太贵", "更换套餐", "修改套餐", "套餐修改", "套餐更换", "降套餐", "换档", "降档", "套餐降级", "套餐升级", "降级套餐", "升级套餐",
            "change plan", "downgrade", "downgrade my plan", "upgrade my plan", "switch plans", "change my plan",
            "change plans", "cheaper plan", "smaller plan", "bigger plan", "lower plan",
        ],
        [
            "进度", "处理到哪", "处理得怎么样", "什么状态", "到哪一步", "处理结果", "结果怎么样", "进展", "status", "progress", "follow up",
            "chase up", "chase", "update on", "any news",
        ],
        ["会员", "vip", "membership", "member"],
        [
            "等级", "金卡", "银卡", "铂金卡", "钻石卡", "金卡会员", "级别", "level", "tier", "gold member", "silver member",
            "diamond member", "membership tier",
        ],
        ["权益", "福利", "特权", "benefit", "perk"],
        ["累计", "积攒", "攒了", "攒到", "攒够", "攒的", "accumulate"],
        ["积分", "points", "point", "reward points", "点数", "奖励积分"],
        ["积分过期", "积分清零", "积分没了", "积分不见了", "积分作废", "积分失效", "积分到期", "积分少了", "积分变少了", "积分怎么少了", "积分被扣了"],
        ["兑换", "兑奖", "换购", "redeem", "exchange points", "spend my points", "use my points", "cash in"],
        ["礼品", "礼物", "奖品", "gift"],
    ]

    private static let ordersAndDeliveries: [[String]] = [
        [
            "物流", "快递", "运输", "配送", "宅配", "delivery", "shipping", "courier", "track", "tracking", "where is", "追踪",
            "跟踪", "where is my order", "where's my order", "left the warehouse", "on its way", "in transit",
            "out for delivery", "shipping status", "delivery status", "where's my package", "where's my parcel",
        ],
        ["运单号", "快递单号", "物流单号", "tracking number"],
        [
            "物流信息", "物流进度", "物流状态", "快递到哪了", "包裹到哪了", "货到哪了", "东西到哪了", "送到哪了", "快递到哪", "包裹到哪", "走到哪了", "走到哪", "寄到哪了",
            "到哪儿了", "运输中", "在运输", "运送中", "在途中",
        ],
        ["包裹", "快件", "货物", "邮包", "package", "parcel", "shipment"],
        [
            "收货地址", "送货地址", "配送地址", "快递地址", "delivery address", "shipping address", "delivery details",
            "shipping details", "address on an order", "address on my order",
        ],
        ["地址", "住址", "address"],
        [
            "改地址", "地址填的", "地址填成", "地址写成", "地址选成", "填错地址", "写错地址", "地址填错了", "修改地址", "更改地址", "换地址", "换个地址", "地址写错",
            "地址填错", "地址选错", "地址错了", "地址不对", "地址写错了", "change address",
            "wrong address", "where my parcel goes", "where my order goes", "redirect my parcel", "redirect",
            "send my order to", "send it to my new", "deliver to my new",
        ],
        [
            "发货", "什么时候能发", "啥时候能发", "什么时候发出", "多久能发", "几天能发", "寄出", "出库", "发出来", "发出", "发走", "出货", "什么时候出货",
            "ship", "dispatch", "dispatched", "when will my order ship", "processing", "still processing", "sent out",
            "send out", "posted", "dispatched yet",
        ],
        [
            "延迟发货", "一直没发", "迟迟没发", "怎么还没发", "还没发货", "没发货", "不发货", "迟迟不发货", "一直不发货", "待发货", "还不发货", "一直没发货", "迟迟不发",
            "怎么还不发", "not shipped",
            "hasn't shipped", "not yet shipped", "still processing after", "not sent yet", "not dispatched",
            "still not shipped", "late order", "delayed order", "order delayed", "haven't shipped", "have not shipped",
            "not shipped yet",
        ],
        ["催发货", "催单", "催一下", "催促发货", "hurry", "快点发货", "尽快发货", "早点发货", "快点发"],
        [
            "退货", "想退了", "货不对板", "与描述不符", "跟描述不一样", "和描述不符", "跟图片不一样", "和图片不一样", "跟图片不符", "能退吗", "可以退吗", "能不能退", "能退货吗",
            "可以退货吗", "想退掉", "退掉", "退回去", "return", "send back", "我要退", "要退货", "想退货", "退给我", "send it back",
            "send this back", "bring it back", "take it back", "give it back", "退东西", "退个东西", "东西退回去",
        ],
        [
            "换货", "换一双", "换双", "换个新的", "换一个新的", "换新的", "换颜色", "换个颜色", "换尺码", "换个尺码", "换码", "换个码", "调换", "换一件",
            "颜色不一样", "颜色不对", "颜色发错", "发错颜色", "尺码不对", "发错尺码", "型号不对", "发错型号", "exchange",
            "wrong colour", "wrong color", "wrong size", "换一个别的", "换别的型号", "换个型号", "换型号", "换个别的", "swap for",
            "swap this", "different colour", "different color", "different size", "other size", "another size",
            "replacement item",
        ],
        ["尺码", "尺寸", "码数", "大一号", "小一号", "大一码", "小一码", "不合身", "买大了", "买小了", "size"],
        [
            "签收", "放门口", "放在门口", "放到门口", "收货", "收件", "delivered", "signed for", "已送达", "显示送达", "送达了", "已妥投", "妥投",
            "放快递柜", "放在快递柜", "放到快递柜", "放驿站", "放在驿站",
        ],
        [
            "未收到货", "没收到货", "没收到东西", "没收到快递", "东西没收到", "快递没收到", "没拿到货", "没拿到东西", "没看到东西", "没见到东西", "没看到包裹", "没看到快递",
            "东西不见了", "包裹不见了", "快递不见了", "柜子里是空的", "柜子是空的", "快递柜里没有", "柜子里没有", "nothing arrived", "haven't got my parcel",
            "not received my order", "never got my order", "didn't get my parcel", "i have nothing",
        ],
        [
            "丢件", "快递丢了", "包裹丢了", "物流丢失", "包裹丢失", "快件丢失", "lost package", "lost parcel", "丢失包裹", "少了一件", "少件", "东西少了",
            "漏发", "少发",
        ],
        ["订单", "单子", "购买记录", "order", "purchase"],
        [
            "取消订单", "不想买了", "拍错了", "下错单", "买错了", "取消购买", "不买了", "cancel order", "反悔了", "后悔了", "不想要这单", "刚买就想取消",
            "刚买就取消", "刚下单就想取消", "ordered by mistake", "undo my order", "undo the order", "changed my mind",
            "don't want the order", "cancel my purchase", "stop my order", "stop the order",
        ],
        [
            "破损", "损坏", "坏了", "碎了", "压坏", "压扁", "压烂", "压变形", "变形了", "瘪了", "摔碎", "摔坏", "裂了", "裂开", "破了", "碎的", "坏的",
            "破的", "烂了", "碎掉", "damaged",
            "broken", "cracked", "smashed", "crushed", "dented", "squashed", "faulty", "defective", "damaged item",
            "arrived broken", "came broken", "破损商品",
        ],
        ["未拆封", "未使用", "没用过", "全新", "unopened", "unused"],
        ["售后", "after-sales", "after sales"],
        [
            "七天无理由", "7天无理由", "七天内退", "7天内退", "七天退货", "7天退货", "无理由退货", "没有质量问题", "没质量问题", "几天内能退",
            "几天之内能退", "几天能退", "多少天能退", "多少天内能退", "能退几天", "几天内可以退", "多久内能退", "多久能退货", "退货期限", "退货时限",
            "拆了包装还能退", "拆封了还能退", "拆开了还能退", "return policy", "return window", "return after opening",
            "after opening", "days to return", "几天之内可以退", "几天内可以退货", "签收后几天", "how many days to return",
            "how many days do i have to return", "随便退", "不满意能退", "不满意可以退", "不喜欢能退", "不喜欢可以退", "no questions asked",
            "no reason return", "change of mind return", "cooling off", "cooling-off", "退货七天无理由",
        ],
        ["商品", "货品", "item", "product"],
    ]

    private static let networkAndDevices: [[String]] = [
        [
            "断网", "网断了", "没网", "上不了网", "上不去网", "网络中断", "断线", "掉线", "网掉了", "连不上网", "不能上网",
            "网上不去", "网连不上", "没有网", "网络断了", "网络断开", "断了网", "无法上网", "宽带断", "经常断", "老断", "断断续续", "连不上", "连接不上", "上不去",
            "no internet", "internet down",
            "offline",
            "no connection", "can't connect", "cannot connect", "disconnected", "keeps dropping", "keeps disconnecting",
            "drops out", "dropping out", "connection drops", "lost connection", "连接中断", "网络连接中断", "连接断开",
            "internet is down", "internet not working", "connection is down", "no wifi", "wifi not working",
            "can't get online", "cannot get online", "internet keeps cutting out", "cutting out", "went off",
            "gone off", "won't come back", "keeps going off", "宽带无法使用",
        ],
        [
            "网速慢", "网速很卡", "网速卡", "网速太卡", "网速好卡", "龟速", "蜗牛", "慢得像蜗牛", "加载慢", "加载不出来", "加载很慢", "看视频卡", "视频卡", "打游戏卡",
            "游戏卡", "游戏延迟",
            "延迟高", "网很卡", "网络卡顿", "网速很慢", "网慢", "网卡了", "网速太慢", "网速变慢", "网很慢", "网络很慢", "网络慢",
            "网络卡", "宽带很卡", "宽带卡", "宽带慢", "网速不行", "slow internet", "slow connection", "internet is slow",
            "slow speed", "slow", "less than i pay for", "slower than", "speed test", "not getting the speed",
            "buffering", "laggy internet", "slow wifi", "poor speed",
        ],
        ["网速", "速度", "带宽", "speed", "bandwidth"],
        [
            "宽带", "网线", "宽频", "家宽", "家庭宽带", "光纤宽带", "broadband", "home internet", "fibre", "fiber", "internet",
            "home broadband",
        ],
        [
            "宽带续费", "续宽带", "交宽带费", "宽带费", "缴宽带费", "宽带缴费", "宽带快到期", "宽带要到期", "宽带到期了", "broadband renewal", "网费", "交网费",
            "续网费", "another year of broadband", "renew broadband", "renew my broadband", "extend my broadband",
            "broadband contract ending", "contract renewal", "续费宽带",
        ],
        [
            "新装宽带", "装光纤", "安装光纤", "拉光纤", "装个光纤", "拉网", "接宽带", "接网线", "装网线", "装宽带", "安装宽带", "新办宽带", "办宽带", "开宽带",
            "宽带开户", "拉宽带", "拉网线", "装网", "新装", "get fibre", "get fiber", "new broadband", "install broadband",
            "broadband installed", "set up broadband", "new connection", "sign me up for fibre",
            "sign up for broadband", "宽带安装", "开通宽带",
        ],
        [
            "拆机", "宽带退了", "退了宽带", "宽带不想用了", "不要宽带了", "宽带注销", "注销宽带", "销户", "拆宽带", "退宽带", "宽带拆机", "宽带退订", "退掉宽带", "宽带退掉",
            "宽带不要了", "不用宽带了", "宽带不用了", "不用宽带", "cancel broadband", "cancel my broadband", "disconnect my broadband",
            "terminate broadband", "网不要了", "网不用了", "停掉宽带", "宽带停掉", "家里的网不要了", "end my broadband", "stop my broadband",
            "end broadband", "end the broadband", "close my broadband", "cancel broadband service",
            "end my broadband contract", "stop the internet", "cancel my internet", "disconnect broadband",
            "no longer need home internet", "no longer need broadband", "don't need broadband", "don't need internet",
            "don't need home internet", "取消宽带",
        ],
        ["网络", "网路", "network"],
        [
            "光猫", "调制解调器", "数据机", "modem", "optical modem", "ont", "router box", "modem box", "fibre box", "fiber box",
            "hub",
        ],
        ["路由器", "路由", "无线路由", "router", "wifi router", "wireless router"],
        [
            "指示灯", "灯一直闪", "灯在闪", "灯闪", "闪灯", "灯不亮", "灯灭了", "灯是红的", "红灯闪", "灯一闪一闪", "信号灯", "indicator", "light",
            "lights", "led", "灯不正常", "灯异常", "灯不对", "灯有问题", "flashing light", "blinking light", "light is flashing",
            "light is blinking", "lights on the", "red light flashing", "orange light",
        ],
        ["红灯", "亮红灯", "红色", "red light", "red", "红灯指示灯"],
        ["wifi", "无线", "wi-fi", "无线网", "无线网络", "无线网路", "wlan", "wireless", "wireless network"],
        ["蹭网", "被蹭网", "别人蹭网", "偷网", "被人蹭网", "有人蹭网", "邻居蹭网", "别人用我家", "别人在用我家", "有人用我家", "隔壁用我家", "邻居用我家"],
        ["安装", "装机", "报装", "install", "installation"],
        [
            "移机", "跟着走", "跟着搬", "带走", "换个地方", "换地方", "挪到", "搬到别的地方", "搬到新家", "迁移", "搬迁", "搬家", "搬走", "搬过去", "move",
            "moving", "relocate", "搬到", "搬去", "带过去", "搬新家", "迁过去", "迁到", "迁走", "一起迁", "moving home", "moving house",
            "move my internet", "move my broadband", "transfer my broadband",
        ],
        [
            "报修", "派人来看", "上门看看", "来家里看", "上门检查", "派师傅", "叫师傅", "找师傅", "维修", "修理", "上门修", "来修", "派人来修", "上门维修",
            "repair", "fix", "修网", "修宽带", "修一下网", "来修网", "派人来", "派个人来", "派人上门", "book a technician", "send someone",
            "technician visit", "engineer visit", "someone to fix", "fix my internet", "repair my internet",
            "come and fix",
        ],
        ["故障", "毛病", "fault", "outage"],
        ["工程师", "师傅", "维修人员", "安装人员", "上门人员", "装维", "technician", "engineer"],
        ["手机", "行动电话", "手提电话", "移动电话", "phone", "mobile", "cellphone", "cell phone", "smartphone"],
        ["手机号", "手机号码", "电话号码", "号码", "门号", "phone number", "mobile number", "number"],
        ["微信", "wechat", "weixin"],
        ["支付宝", "alipay"],
        ["协议", "合同", "contract", "agreement"],
        ["短信", "简讯", "短讯", "sms", "text message", "text", "texts", "texted"],
        ["信息", "资讯"],
        ["软件", "软体", "software"],
        ["信号", "讯号", "signal"],
        ["卡顿", "loading", "一直加载", "转圈", "很卡", "卡死", "反应慢", "缓冲", "lag", "laggy", "freeze"],
    ]

    private static let mobileServices: [[String]] = [
        ["流量", "数据流量", "上网流量", "手机流量", "行动数据", "移动数据", "mobile data", "data"],
        [
            "剩余流量", "流量余量", "流量剩余", "剩多少流量", "还剩多少流量", "流量用了多少", "用了多少流量", "流量使用情况", "data usage", "remaining data",
            "data left", "data balance", "how much data", "data remaining", "流量还剩多少", "流量还剩", "流量剩多少", "用掉多少", "流量用掉",
            "用掉了多少", "how much data left", "data used", "check my data", "gb have i used", "gb used", "how many gb",
            "used so far", "流量余额", "流量还有多少", "还有多少流量", "流量还剩下多少",
        ],
        [
            "流量包", "加油包", "流量加油包", "加流量", "买流量", "叠加包", "加流量包", "买流量包", "订流量包", "办流量包", "data pass", "data pack",
            "data add-on", "data bundle", "more data", "extra data", "buy data", "data booster", "data top-up", "流量充值",
        ],
        [
            "流量不够用", "流量不够", "超流量", "流量超了", "流量用超", "流量用完", "流量快用完", "没流量了", "流量快没了", "流量没了", "流量用光", "流量用光了",
            "run out of data",
            "out of data", "data ran out", "data has run out", "ran out of data", "no data left",
        ],
        [
            "漫游", "境外上网", "国外上网", "出境上网", "roaming", "work in europe", "work abroad", "use my phone abroad",
            "use my phone overseas", "phone abroad", "phone overseas",
        ],
        ["港澳台", "香港", "澳门", "台湾", "去香港", "去澳门", "去台湾", "hong kong", "macau", "macao", "taiwan"],
        [
            "出国", "国外", "境外", "海外", "出境", "abroad", "overseas", "travel", "traveling", "travelling", "日本", "韩国",
            "美国", "泰国", "新加坡", "马来西亚", "欧洲", "英国", "法国", "德国", "澳大利亚", "加拿大", "俄罗斯", "越南", "迪拜",
            "japan", "korea", "europe",
        ],
        [
            "停机", "停号", "打不出电话", "打不了电话", "打不出去", "不能打电话", "没法打电话", "suspend", "cut off", "been cut off",
            "line cut off", "number suspended", "suspended", "stopped for", "service stopped", "line stopped",
            "disconnected my line", "barred", "手机号停机",
        ],
        [
            "停机保号", "号码不想丢", "号不想丢", "号码留着", "号码先留着", "号码想保留", "号码想先保留", "保住号码", "保留这个号", "号码不能丢", "号不能丢", "号码别回收",
            "保号停机", "保留号码", "暂时不用", "暂停使用", "暂时停用", "号码被回收", "号码保留", "keep my number", "暂停服务", "号码暂停", "号码不想注销",
            "手机号不想注销", "不想销号", "号不想注销", "suspend my line", "pause my line", "pause my number", "keep the number",
            "freeze my number", "hold my number", "temporarily suspend", "pause my mobile", "pause my service",
            "pause service", "suspend my service", "suspend service", "号留着", "把号留着", "号先留着", "留着号", "号码保留着",
        ],
        [
            "挂失", "把号码停了", "把号码停掉", "把号停了", "帮我停机", "帮我停号", "被人偷了", "被人偷走", "被人偷", "把号停掉", "号停掉", "被偷了", "被偷走", "被扒了",
            "手机被扒", "手机丢了", "丢手机", "手机被偷", "手机被盗",
            "手机掉了", "手机不见了", "手机丢失", "手机遗失", "stolen",
            "lost my phone", "phone lost", "lost phone", "号码停一下", "先停一下", "停一下号码", "report my phone as lost",
            "report it lost", "report lost", "block my sim", "freeze my sim", "phone is missing", "pickpocketed",
            "pick-pocketed", "block my line", "block my number", "block my phone", "丢失手机",
        ],
        ["丢失", "丢了", "遗失", "弄丢", "lost", "missing", "忘在", "落在", "丢在"],
        ["sim卡", "卡槽", "nano卡", "nano sim", "小卡", "电话卡", "手机卡", "sim", "sim card", "esim卡", "esim"],
        [
            "补卡", "卡剪坏", "剪坏了", "读不到卡", "读不出卡", "识别不了卡", "不识别卡", "检测不到卡", "无sim卡", "没有sim卡", "卡没反应", "插卡没反应",
            "sim card not detected", "no sim", "补办卡", "补办sim卡", "补张卡", "补一张卡", "重新办卡", "replacement sim", "replace sim",
            "卡坏了", "卡洗坏了", "卡弄坏了", "卡折断了", "卡读不出来", "broken sim", "damaged sim", "无服务", "显示无服务", "没有服务", "no service",
            "换张卡", "换一张卡", "补一张", "补张新卡", "卡丢了", "sim卡读不出来", "sim卡读不出", "sim卡读不到", "sim卡识别不了", "sim卡识别不出来", "sim卡没反应",
            "sim卡坏了", "sim卡不能用了", "sim isn't being recognised", "sim not recognised", "sim not recognized",
            "sim isn't recognized", "sim not working", "sim stopped working", "new sim", "replacement sim card",
            "sim broken",
        ],
        [
            "副卡", "主副卡", "加一张卡", "加张卡", "多办一张卡", "再办一张卡", "给家人办卡", "给家人加卡", "家人一起用", "挂在我的套餐", "挂到我的套餐", "挂我的套餐",
            "用我套餐里的", "用我套餐的",
            "挂在我套餐", "附属卡", "家庭卡", "亲情卡", "secondary card", "extra line", "family line", "family member line",
            "add a line", "additional line", "family member", "family members", "家庭成员", "副号", "办张副卡", "给老婆办", "给老公办",
            "给孩子办", "给爸妈办", "给父母办", "给家里人办", "add my wife", "add my husband", "add my kids", "add my son",
            "add my daughter", "add my mum", "add my dad", "to my plan", "second sim", "extra sim", "additional sim",
            "another sim", "family plan", "family sim", "加到我主卡", "加到主卡", "挂到主卡", "挂在主卡", "主卡下面", "主卡下",
        ],
        ["共享", "共用", "一起用", "分享", "share", "shared"],
        [
            "携号转网", "号不变", "号码保持不变", "保留原号码", "原号码不变", "换到你们公司", "换到你们家", "转到你们家", "转到你们公司", "不换号转网", "换运营商", "转运营商",
            "转网不换号", "转网", "携码", "可携", "号码可携", "号码不变", "号码不换", "不换号码", "转到别的运营商", "换到别的运营商", "转到其他运营商",
            "换到其他运营商", "换别的运营商", "换其他运营商", "number porting", "port my number",
            "another carrier", "other carrier", "change carrier", "transfer my number",
            "port number",
            "switch carrier", "another provider", "other provider", "change provider", "switch provider",
            "bring my number", "keep my number when switching", "different provider", "switch to you",
            "switch over to you", "switch to your network", "move to you", "keep my number when i switch",
            "keep my number if i switch", "keep my number and switch", "keep my number and move",
            "from my current network", "switch networks", "switch network", "move my number", "port in",
        ],
        [
            "增值业务", "收费业务", "订了哪些业务", "开通了哪些业务", "开了哪些业务", "开通了哪些", "有哪些业务", "办了哪些业务", "彩铃", "业务订购", "乱扣费", "莫名扣费",
            "subscribed to",
            "不认识的扣费", "不明扣费",
            "不明扣款", "没订过", "没有订过", "不是我订的",
            "订了什么业务", "value-added service", "value added service", "extra services", "add-on services",
            "add-on service", "paying for", "加值服务", "加值业务", "增值服务", "add-ons", "addons", "add ons", "bolt-ons",
            "bolt ons", "subscribed services", "extras on my bill",
        ],
        [
            "详单", "打过电话", "打过的电话", "打电话的记录", "电话记录", "给谁打过", "打过哪些电话", "话单", "通话明细", "清单", "明细", "通话记录", "call history",
            "call records",
            "call log", "call details",
            "itemized bill", "给谁打了", "打给谁", "跟谁打了电话", "打了多久", "通话时长", "list of calls", "calls i made", "calls made",
            "call list", "list of the calls", "itemised", "itemized", "list of my calls", "phone records", "打了多少电话",
            "打过多少电话", "打了哪些电话", "打了几个电话",
        ],
        [
            "垃圾短信", "spam text", "spam texts", "spam message", "spam messages", "junk message", "junk messages",
            "spam sms", "junk sms",
        ],
        ["拦截", "屏蔽", "拉黑", "阻止", "block", "blocking", "让他打不进来", "不让他打进来", "别让他打进来", "让它打不进来"],
        [
            "骚扰电话", "推销的电话", "推销贷款", "推销保险", "推销", "贷款电话", "保险电话", "骚扰", "中介电话", "推销电话", "广告电话", "营销电话", "骚扰来电",
            "spam call", "spam calls", "nuisance call",
            "robocall", "robocalls", "telemarketing", "卖房子的", "卖房的", "打电话推销", "贷款短信", "贷款广告", "陌生电话", "陌生来电",
            "nuisance calls", "unwanted calls", "junk calls", "cold calls", "scam calls",
        ],
        ["黑名单", "blacklist", "blocklist"],
    ]

    private static let appAndPrivacy: [[String]] = [
        [
            "闪退", "自己关掉", "自己关了", "自动关掉", "自己关闭", "一打开就关", "打开就关", "自动退出", "崩溃", "闪崩", "自己退出", "自动关闭", "crash",
            "crashes", "keeps closing", "崩了", "崩掉了", "老是崩", "一用就崩", "shuts down", "shuts itself", "closes by itself",
            "closes itself", "closes on its own", "quits", "force closes", "keeps crashing", "打开就退出", "一打开就退", "打开就闪退",
        ],
        ["app", "客户端", "应用程序", "应用程式", "application"],
        ["商城", "网上商城", "shop", "online shop", "online store", "mall"],
        ["应用商店", "应用市场", "app store", "google play"],
        [
            "更新", "版本太旧", "版本过低", "版本太低", "版本太老", "提示更新", "update", "update available", "app update", "new update",
            "updated version",
        ],
        ["升级", "upgrade"],
        ["最新版本", "最新版", "新版本", "latest version", "new version", "newest version", "newest", "latest"],
        ["清除缓存", "清一下", "清理一下", "清理", "瘦身", "清理内存", "清内存", "清理缓存", "清缓存", "删除缓存", "clear cache"],
        ["缓存", "cache"],
        [
            "存储空间", "占用空间", "空间不够", "空间不足", "内存不够", "内存不足", "手机满了", "存储满了", "太占内存", "占用内存", "占地方", "占了很多空间", "手机空间",
            "占空间", "占内存", "内存", "storage", "space", "好几个g", "几个g", "越来越大", "体积太大", "占用太大", "占容量", "容量不足", "容量不够",
            "容量太大", "太占容量", "eating my storage", "eating storage", "taking up space", "takes up space",
            "too much space", "phone storage", "storage space",
        ],
        [
            "推送", "通知太多", "消息太多", "push", "弹窗", "notification", "notifications", "消息通知", "通知消息", "alerts",
            "push messages",
        ],
        [
            "营销短信", "广告短信", "推广短信", "促销短信", "活动短信", "marketing message", "marketing messages", "promotional message",
            "promotional messages", "marketing sms", "marketing texts", "marketing notifications", "promotions",
            "promo messages", "offers",
        ],
        ["链接", "网址", "网页链接", "url", "website"],
        ["广告", "ads", "ad", "advertising", "advertisement"],
        [
            "个性化推荐", "猜你喜欢", "推荐商品", "给我推荐", "乱推荐", "老推荐", "总推荐", "一直推荐", "推荐东西", "推荐一堆",
            "personalized recommendations", "personalised recommendations", "recommendations", "personalized ads",
            "personalised ads", "personalized", "personalised", "targeted ads", "去掉推荐", "不要推荐", "关推荐", "推荐怎么关",
            "推荐怎么去掉", "不感兴趣", "瞎推荐", "based on my browsing", "browsing history", "targeted", "based on what i browse",
            "ads based on", "tailored ads",
        ],
        ["设置", "设定", "settings", "setting", "set up", "setup"],
    ]

    private static let service: [[String]] = [
        [
            "人工客服", "人工服务", "真人客服", "客服人员", "转人工", "人工坐席", "人工", "真人", "live agent", "human agent",
            "real person", "representative", "operator", "human", "agent", "live chat", "转个人", "换个人", "找个人", "找真人",
            "答非所问", "转真人", "speak to an agent", "speak to someone", "talk to someone", "talk to a human", "real human",
            "an agent",
        ],
        ["客服", "kefu", "kf", "customer service", "support"],
        ["客服热线", "客服电话", "客服专线", "服务热线", "hotline"],
        [
            "回电", "打给我", "给我打个电话", "给我打电话", "回拨", "回电话", "打回来", "给我回电话", "回个电话", "callback", "call back",
            "call me back", "联系我", "打电话给我", "给我回个电话", "打过来", "给我打过来", "留个电话", "ring me back", "callback request",
            "回电申请",
        ],
        [
            "营业厅", "门店", "网点", "实体店", "营业部", "线下店", "门市", "营业网点", "服务厅", "线下门店", "线下营业厅", "实体门店", "branch",
            "service center", "retail store", "store", "stores", "nearest shop", "shop near", "local shop", "your shop",
            "physical shop", "a shop near me", "outlet", "service centre",
        ],
        [
            "投诉", "举报", "态度差", "态度很差", "态度不好", "服务态度差", "服务太差", "差评", "告状", "控诉", "complaint", "complain", "not happy",
            "unhappy", "dissatisfied", "lodge a complaint", "formal complaint", "file a complaint", "raise a complaint",
            "escalate",
        ],
        ["工单", "服务单", "受理单", "ticket", "support ticket", "case number", "reference number", "客服工单"],
        ["催办", "没人处理", "没人理", "没人管", "没有回复", "没人回复", "一直没回复", "没下文", "石沉大海"],
        ["排队", "打不进来", "一直占线", "等太久", "排了半天", "排很久", "没人接", "打不通", "一直排队", "queue", "打不进去", "一直打不进"],
        [
            "营业时间", "开门时间", "几点关门", "几点开门", "上班时间", "下班时间", "几点下班", "几点上班", "周末开门", "周末上班", "节假日开门", "节假日上班", "服务时间",
            "opening hours",
            "business hours", "service hours", "open hours", "hours", "working hours", "上班吗", "开门吗", "周末营业", "周末开不开",
            "closing time", "opening time", "open until", "shop close", "store close", "close at", "closes at",
            "open on sunday", "open on saturday", "open at weekends", "open on weekends", "opening times",
            "when is your store open", "what time do you open", "what time do you close",
        ],
        [
            "邀请好友", "拉朋友", "拉人", "拉好友", "带朋友", "拉人头", "拉新", "推荐朋友", "邀请朋友", "介绍朋友", "refer a friend", "推荐同事", "推荐给朋友",
            "推荐别人", "介绍别人", "invite friends",
            "referral", "invite", "refer friends", "referral bonus", "recommend a friend", "bring a friend", "邀请好友奖励",
        ],
        ["奖励", "好处", "返利", "reward", "bonus"],
    ]
}
