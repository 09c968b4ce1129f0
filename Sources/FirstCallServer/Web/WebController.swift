import Foundation
import Hummingbird

/// The web UI's pages. Each is the shared shell (head, the page's script) around the page's
/// body; signed-in pages get the shared top bar. Scripts, styles and catalogs are static files
/// under `/assets/`.
struct WebController {
    let pages: [String: ByteBuffer]
    /// The chat widget script, served at `/widget.js` for customers' web sites.
    let widget: ByteBuffer
    /// The demo shop page with the widget on it, when the demo runs.
    let demoShop: ByteBuffer?

    /// The pages and whether they are for signed-in users (and so carry the top bar).
    static let pageNames = [
        "login": false, "faq": false, "admin": true, "supervisor": true, "agent": true, "planner": true,
        "history": true, "reports": true, "wallboard": true, "quality": true,
    ]

    /// Builds the pages once from the resource folder.
    init(webDirectory: URL, servesDemoShop: Bool = false) throws {
        func read(_ path: String) throws -> String {
            try String(contentsOf: webDirectory.appendingPathComponent(path), encoding: .utf8)
        }
        let shell = try read("shell.html")
        let topbar = try read("topbar.html")
        var pages: [String: ByteBuffer] = [:]
        for (name, isSignedIn) in Self.pageNames {
            let body = (isSignedIn ? topbar : "") + (try read("pages/\(name).html"))
            let page = shell.replacingOccurrences(of: "{{body}}", with: body)
                .replacingOccurrences(of: "{{page}}", with: name)
            pages[name] = ByteBuffer(string: page)
        }
        self.pages = pages
        // The widget is one script on a customer's site: its messages travel inside it.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let widgetMessages = try encoder.encode(try MessageCatalogs.bundled().section("widget."))
        widget = ByteBuffer(
            string: try read("widget.js").replacingOccurrences(
                of: "__FIRSTCALL_WIDGET_CATALOGS__", with: String(decoding: widgetMessages, as: UTF8.self)))
        demoShop = servesDemoShop ? ByteBuffer(string: try read("demo/shop.html")) : nil
    }

    /// The demo shop stands for a customer's own web site: like one, it lets the widget show
    /// the pages agents push (any web address) in a frame; everything else stays strict.
    static let demoShopContentSecurityPolicy =
        SecurityHeadersMiddleware<AppRequestContext>.contentSecurityPolicy + "; frame-src http: https:"

    func addRoutes(to router: Router<AppRequestContext>) {
        router.get("/") { _, _ in
            Response.redirect(to: "/admin")
        }
        for (name, page) in pages {
            router.get(RouterPath(name)) { _, _ in
                Response(
                    status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: page))
            }
        }
        router.get("widget.js") { _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "public, max-age=300"],
                body: .init(byteBuffer: widget))
        }
        if let demoShop {
            router.get("demo/shop") { _, _ in
                Response(
                    status: .ok,
                    headers: [
                        .contentType: "text/html; charset=utf-8",
                        .contentSecurityPolicy: Self.demoShopContentSecurityPolicy,
                    ],
                    body: .init(byteBuffer: demoShop))
            }
        }
    }
}
