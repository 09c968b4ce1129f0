import ContactCenter
import Hummingbird

/// A plain HTTP request to a WebSocket path is answered 426 with a message instead of 404,
/// after the same authentication the upgrade needs.
enum UpgradeHint {
    static func add(
        _ path: RouterPath, to routes: some RouterMethods<AppRequestContext>, requiring role: Role?
    ) {
        routes.get(path) { _, context -> Response in
            if let role { try context.require(role) }
            throw APIError(.upgradeRequired, "this is a WebSocket: connect with an Upgrade: websocket request")
        }
    }
}
