import Foundation

/// How a queue's chat widget looks and what it asks before the chat (PRODUCT.md §1.2): the
/// shop's colour, title, avatar and welcome message, and the details a customer gives first.
public struct WidgetSettings: Codable, Sendable, Hashable {
    /// `#rrggbb`.
    public var color: String
    /// The panel's title; `nil` for the widget's own ("在线客服").
    public var title: String?
    /// An http(s) image shown beside the title.
    public var avatarURL: String?
    /// Shown first in every new chat; `nil` for the widget's own greeting.
    public var welcome: String?
    /// What the pre-chat form asks for, per detail.
    public var preChat: [Detail: Ask]

    /// A detail a customer may give before chatting.
    public enum Detail: String, Codable, Sendable, CaseIterable, CodingKeyRepresentable {
        case name
        case phone
        case email
    }

    /// Whether the pre-chat form asks for a detail.
    public enum Ask: String, Codable, Sendable, CaseIterable {
        case off
        case optional
        case required
    }

    public static let standardColor = "#1d4ed8"

    public init(
        color: String = standardColor, title: String? = nil, avatarURL: String? = nil, welcome: String? = nil,
        preChat: [Detail: Ask] = [:]
    ) {
        self.color = color
        self.title = title
        self.avatarURL = avatarURL
        self.welcome = welcome
        self.preChat = preChat
    }

    /// Whether `text` is a colour as the settings keep it (`#1d4ed8`).
    public static func isColor(_ text: String) -> Bool {
        text.count == 7 && text.first == "#" && text.dropFirst().allSatisfy(\.isHexDigit)
    }
}
