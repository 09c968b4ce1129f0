import Foundation

/// A quality form (PRODUCT.md §6): weighted items grouped in sections. An item is answered
/// yes or no, or on a scale from 0 to its maximum; a fatal item failed sets the contact's score
/// to 0 and counts as a fatal error.
public struct Scorecard: Codable, Sendable, Hashable, Identifiable {
    public var id: String
    public var name: String
    public var sections: [Section]
    /// A retired scorecard keeps its evaluations but takes no new ones.
    public var isActive: Bool

    public struct Section: Codable, Sendable, Hashable {
        public var title: String
        public var items: [Item]

        public init(title: String, items: [Item]) {
            self.title = title
            self.items = items
        }
    }

    public struct Item: Codable, Sendable, Hashable {
        /// Stable within the scorecard: answers name it.
        public var id: String
        public var text: String
        /// Its share of the score among the answered items; more than 0.
        public var weight: Double
        public var kind: Kind
        /// Failed (answered no), it zeroes the score. Only yes/no items are fatal.
        public var fatal: Bool
        /// Whether "not applicable" is an answer: the item then leaves the score.
        public var allowsNotApplicable: Bool

        public init(
            id: String, text: String, weight: Double = 1, kind: Kind = .yesNo, fatal: Bool = false,
            allowsNotApplicable: Bool = false
        ) {
            self.id = id
            self.text = text
            self.weight = weight
            self.kind = kind
            self.fatal = fatal
            self.allowsNotApplicable = allowsNotApplicable
        }
    }

    public enum Kind: Codable, Sendable, Hashable {
        case yesNo
        /// From 0 to `maximum` (2–10).
        case scale(maximum: Int)
    }

    public init(id: String, name: String, sections: [Section], isActive: Bool = true) {
        self.id = id
        self.name = name
        self.sections = sections
        self.isActive = isActive
    }

    public var items: [Item] { sections.flatMap(\.items) }

    /// What is wrong with the form, if anything: the field (as a client names it) and why.
    public func problem() -> ScorecardProblem? {
        if name.trimmingCharacters(in: .whitespaces).isEmpty { return ScorecardProblem(field: "name", reason: .empty) }
        if name.count > 100 { return ScorecardProblem(field: "name", reason: .tooLong) }
        if items.isEmpty { return ScorecardProblem(field: "sections", reason: .empty) }
        var seen: Set<String> = []
        for (sectionIndex, section) in sections.enumerated() {
            let sectionField = "sections[\(sectionIndex)]"
            if section.title.trimmingCharacters(in: .whitespaces).isEmpty {
                return ScorecardProblem(field: "\(sectionField).title", reason: .empty)
            }
            for (itemIndex, item) in section.items.enumerated() {
                let field = "\(sectionField).items[\(itemIndex)]"
                if item.id.isEmpty || !seen.insert(item.id).inserted {
                    return ScorecardProblem(field: "\(field).id", reason: .duplicate)
                }
                if item.text.trimmingCharacters(in: .whitespaces).isEmpty {
                    return ScorecardProblem(field: "\(field).text", reason: .empty)
                }
                if !(item.weight > 0 && item.weight <= 100) {
                    return ScorecardProblem(field: "\(field).weight", reason: .outOfRange)
                }
                if case .scale(let maximum) = item.kind {
                    if !(2...10).contains(maximum) {
                        return ScorecardProblem(field: "\(field).kind", reason: .outOfRange)
                    }
                    if item.fatal { return ScorecardProblem(field: "\(field).fatal", reason: .fatalScale) }
                }
            }
        }
        return nil
    }
}

/// Why a scorecard or an evaluation was refused, and where.
public struct ScorecardProblem: Error, Sendable, Hashable {
    public var field: String
    public var reason: Reason

    public init(field: String, reason: Reason) {
        self.field = field
        self.reason = reason
    }

    public enum Reason: String, Sendable, Hashable {
        case empty, tooLong, duplicate, outOfRange
        /// Only a yes/no item may be fatal.
        case fatalScale
        /// An item left without an answer.
        case unanswered
        /// An answer the item does not take (a scale value out of range, N.A. where not allowed).
        case invalidAnswer
        /// An answer to an item the scorecard does not have.
        case unknownItem
    }
}
