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
        /// Asked the question this many times.
        case asking(attempt: Int)
        case done
    }

    public let menu: VoiceMenu
    public private(set) var state: State = .notStarted

    public init(menu: VoiceMenu) {
        self.menu = menu
    }

    public mutating func handle(_ input: Input) -> [Action] {
        switch (state, input) {
        case (.notStarted, .started(let isOpen)):
            guard isOpen else {
                state = .done
                return [.farewell(["closed"])]
            }
            state = .asking(attempt: 1)
            return [.play(menu.greeting + menu.question, questionSeconds: menu.noInputSeconds)]
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
