import Foundation
import Hummingbird

/// The web UI's pages. Scripts, styles and catalogs are static files under `/assets/`.
struct WebController {
    let pages: [String: ByteBuffer]

    /// Reads the pages once from the resource folder.
    init(webDirectory: URL) throws {
        var pages: [String: ByteBuffer] = [:]
        for name in ["login", "admin", "supervisor", "agent"] {
            let data = try Data(contentsOf: webDirectory.appendingPathComponent("\(name).html"))
            pages[name] = ByteBuffer(bytes: data)
        }
        self.pages = pages
    }

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
    }
}
