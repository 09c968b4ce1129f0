import ContactCenter

/// One caller in an IVR menu (PRODUCT.md §2.1): greeted, asked, and sent to a queue by the key
/// pressed, to a person on 0, or after too many wrong or missing keys; told the center is
/// closed outside its hours. A value type: inputs in, actions out, no clock (the no-input time
/// is the switch's, which plays the prompts).
public struct VoiceSession: Sendable, Equatable {
    public enum Input: Sendable, Equatable {
        /// The call was answered; `isOpen` from the queue's hours and the holiday calendar.
        case started(isOpen: Bool)
        case digit(Character)
        /// The question ended and no key came in time.
        case noInput
    }

    public enum Action: Sendable, Equatable {
        /// Play these prompts; with `questionSeconds` they ask for a key that long after.
        case play([String], questionSeconds: Int?)
        /// Route the call; the menu is over.
        case queue(QueueID, priority: Int, reason: String?)
        /// Play these prompts, then hang up.
        case farewell([String])
    }

    public enum State: Sendable, Equatable {
        case notStarted
        /// Asked whether the call is about the caller's last contact (1 yes, 2 the menu).
        case confirmingLast
        /// Asked the question this many times.
        case asking(attempt: Int)
        case done
    }

    public let menu: VoiceMenu
    /// The option whose reason the caller's last contact had: offered first, as one key press.
    public let likelyOption: VoiceMenu.Option?
    public private(set) var state: State = .notStarted

    /// The prompt that asks whether the call is about the caller's last contact.
    public static let lastReasonPrompt = "menu-last-reason"

    public init(menu: VoiceMenu, likelyOption: VoiceMenu.Option? = nil) {
        self.menu = menu
        self.likelyOption = likelyOption
    }

    /// The option of `menu` for the reason of the caller's last contact, if one has it.
    public static func likelyOption(in menu: VoiceMenu, lastReason: String?) -> VoiceMenu.Option? {
        guard let lastReason, !lastReason.isEmpty else { return nil }
        return menu.options.first { $0.reason == lastReason }
    }

    public mutating func handle(_ input: Input) -> [Action] {
        switch (state, input) {
        case (.notStarted, .started(let isOpen)):
            guard isOpen else {
                state = .done
                return [.farewell(["closed"])]
            }
            if likelyOption != nil {
                state = .confirmingLast
                return [.play(menu.greeting + [Self.lastReasonPrompt], questionSeconds: menu.noInputSeconds)]
            }
            state = .asking(attempt: 1)
            return [.play(menu.greeting + menu.question, questionSeconds: menu.noInputSeconds)]
        case (.confirmingLast, .digit("1")):
            guard let option = likelyOption else { return [] }
            state = .done
            return [
                .play(["connecting"], questionSeconds: nil),
                .queue(option.queueID, priority: option.priority, reason: option.reason),
            ]
        case (.confirmingLast, .digit("0")):
            state = .done
            return [
                .play(["connecting"], questionSeconds: nil),
                .queue(menu.personQueueID, priority: ContactPriority.normal, reason: nil),
            ]
        case (.confirmingLast, _):
            // Something else (2, another key, or nothing): the whole menu.
            state = .asking(attempt: 1)
            return [.play(menu.question, questionSeconds: menu.noInputSeconds)]
        case (.asking, .digit("0")):
            state = .done
            return [
                .play(["connecting"], questionSeconds: nil),
                .queue(menu.personQueueID, priority: ContactPriority.normal, reason: nil),
            ]
        case (.asking(let attempt), .digit(let key)):
            guard let option = menu.options.first(where: { $0.key == String(key) }) else {
                return again(after: attempt, saying: "invalid")
            }
            state = .done
            return [
                .play(["connecting"], questionSeconds: nil),
                .queue(option.queueID, priority: option.priority, reason: option.reason),
            ]
        case (.asking(let attempt), .noInput):
            return again(after: attempt, saying: "no-input")
        default:
            return []
        }
    }

    /// A wrong or missing key: the question again, or a person once the attempts are spent
    /// (a caller who cannot use the menu still reaches someone).
    private mutating func again(after attempt: Int, saying prompt: String) -> [Action] {
        guard attempt < menu.attempts else {
            state = .done
            return [
                .play([prompt, "connecting"], questionSeconds: nil),
                .queue(menu.personQueueID, priority: ContactPriority.normal, reason: nil),
            ]
        }
        state = .asking(attempt: attempt + 1)
        return [.play([prompt] + menu.question, questionSeconds: menu.noInputSeconds)]
    }
}
