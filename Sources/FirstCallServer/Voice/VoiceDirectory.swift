import Flows

/// Which numbers FirstCall answers and with which IVR menu (PRODUCT.md §2.1), beyond those the
/// admin keeps (``VoiceNumbersController``). Calls to any other number are refused: an exposed
/// PBX answers only what it was set up for.
public struct VoiceDirectory: Sendable {
    /// A number's menu and the language its prompts speak.
    public struct Route: Sendable {
        public var menu: VoiceMenu
        /// `zh-CN` or `en`.
        public var language: String
        /// How long the caller hears ringing before the menu answers: one ring, as callers
        /// expect of a switchboard.
        public var ringBackMilliseconds: Int
        /// Whether callers are asked the DTMF survey after the agent hangs up.
        public var survey: Bool
        /// How often a waiting caller hears her place and expected wait again.
        public var announcementSeconds: Int

        public static let defaultAnnouncementSeconds = 45
        /// Announcements come at most this often and at least this seldom.
        public static let announcementSecondsRange = 15...600

        public init(
            menu: VoiceMenu, language: String, ringBackMilliseconds: Int = 1_000, survey: Bool = true,
            announcementSeconds: Int = defaultAnnouncementSeconds
        ) {
            self.announcementSeconds = announcementSeconds
            self.menu = menu
            self.language = language
            self.ringBackMilliseconds = ringBackMilliseconds
            self.survey = survey
        }
    }

    /// Answers every number the admin has not set up (the demo center); `nil` refuses them.
    public var anyNumber: Route?

    public init(anyNumber: Route? = nil) {
        self.anyNumber = anyNumber
    }
}
