import ContactCenter
import Foundation

/// The counts of a set of contacts and the rates of PRODUCT.md §7.4 derived from them. A rate
/// whose denominator is 0 is `nil`, never 0 or 1.
public struct ContactMetrics: Sendable, Hashable, Codable {
    /// Every contact counted, self-service ones included.
    public var contacts = 0
    public var offered = 0
    public var answered = 0
    public var abandoned = 0
    /// Abandoned after waiting less than the short-abandon threshold: left out of both the
    /// abandonment rate and the service level.
    public var shortAbandoned = 0
    public var answeredWithinThreshold = 0
    /// Answered contacts whose queue wait is known, and the sum of those waits.
    public var answeredWithWait = 0
    public var answeredWaitSeconds = 0.0
    /// Answered contacts whose talk, hold and wrap-up are known.
    public var handled = 0
    public var handleSeconds = 0.0
    /// Answered contacts whose talk time is known.
    public var talked = 0
    public var talkSeconds = 0.0
    public var transferred = 0
    /// Survey answers, those of 4–5, and the sum of scores.
    public var rated = 0
    public var satisfied = 0
    public var satisfactionSum = 0
    /// Survey answers to "the first time you contacted us about this?", and the yeses.
    public var surveyedFirstContact = 0
    public var surveyFirstContactYes = 0
    /// Answered contacts of a known customer, and those the customer did not contact again about
    /// within the FCR window.
    public var answeredWithCustomer = 0
    public var resolvedAtFirstContact = 0
    /// Contacts that never reached a queue, and those with no repeat within the FCR window.
    public var selfServed = 0
    public var selfServedWithoutRepeat = 0
    /// Where abandons happened: in the IVR or bot (self-service contacts the customer left), and
    /// while an agent's phone or desk rang (the rest of `abandoned` left in the queue).
    public var abandonedInSelfService = 0
    public var abandonedRinging = 0
    /// Contacts that began in the IVR or with the bot, and those of them that went on to a
    /// queue: the transfer-to-human rate.
    public var enteredSelfService = 0
    public var leftSelfServiceForQueue = 0
    /// Answered contacts with a transcript, and those whose customer says she is contacting
    /// again.
    public var answeredWithTranscript = 0
    public var transcriptRepeats = 0

    public init() {}

    /// Counts one contact, with the service-level threshold of its queue and channel.
    public mutating func add(_ facts: ContactFacts, thresholds: MetricThresholds, queue: Queue? = nil) {
        if let satisfaction = facts.satisfaction {
            rated += 1
            satisfactionSum += satisfaction
            if satisfaction >= 4 { satisfied += 1 }
        }
        if let firstContact = facts.firstContact { countSurvey(firstContact: firstContact) }
        contacts += 1
        if facts.enteredSelfService { countSelfServiceEntry(leftForQueue: facts.isOffered) }
        guard facts.isOffered else {
            selfServed += 1
            return
        }
        offered += 1
        let wait = facts.waitSeconds ?? 0
        if facts.isAnswered {
            answered += 1
            countAnswerWait(wait, threshold: thresholds.serviceLevelSeconds(for: facts.channel, in: queue))
            if facts.isTransferred { transferred += 1 }
            if let handle = facts.handleSeconds, let talk = facts.talkSeconds {
                handled += 1
                handleSeconds += handle
                talked += 1
                talkSeconds += talk
            }
        } else if let queuedAt = facts.queuedAt, let endedAt = facts.endedAt {
            // Offered and ended unanswered, whoever ended it: abandoned, as reports count it.
            abandoned += 1
            if facts.abandonStage == .ringing { abandonedRinging += 1 }
            if endedAt.timeIntervalSince(queuedAt) < thresholds.shortAbandonSeconds { shortAbandoned += 1 }
        }
    }

    /// Counts one contact of a contact-record file or the exported log, as the README defines
    /// each figure: offered when it has a queue time, answered when it has an answer time,
    /// abandoned when offered and not answered; the FCR and self-service figures wait for
    /// `countResolution`, once the repeats are known.
    public mutating func add(_ record: ContactRecord, options: ContactReportOptions) {
        contacts += 1
        if let satisfaction = record.satisfaction {
            rated += 1
            satisfactionSum += Int(satisfaction)
            if satisfaction >= 4 { satisfied += 1 }
        }
        if let firstContact = record.surveyFirstContact { countSurvey(firstContact: firstContact) }
        if record.enteredSelfService { countSelfServiceEntry(leftForQueue: record.queuedAtMicroseconds != nil) }
        if record.queuedAtMicroseconds != nil {
            offered += 1
        } else {
            selfServed += 1
            if record.abandonStage == .selfService { abandonedInSelfService += 1 }
        }
        if let answeredAt = record.answeredAtMicroseconds {
            answered += 1
            if let queuedAt = record.queuedAtMicroseconds {
                countAnswerWait(
                    Double(answeredAt - queuedAt) / 1e6,
                    threshold: record.serviceLevelThresholdSeconds ?? options.serviceLevelThresholdSeconds)
            }
            if record.customer != nil { answeredWithCustomer += 1 }
            if let mentionsRepeat = record.mentionsRepeat {
                answeredWithTranscript += 1
                if mentionsRepeat { transcriptRepeats += 1 }
            }
            if record.transferred { transferred += 1 }
            if let talk = record.talkSeconds {
                talked += 1
                talkSeconds += talk
                if let hold = record.holdSeconds, let wrap = record.wrapSeconds {
                    handled += 1
                    handleSeconds += talk + hold + wrap
                }
            }
        } else if let queuedAt = record.queuedAtMicroseconds {
            abandoned += 1
            if record.abandonStage == .ringing { abandonedRinging += 1 }
            if Double(record.endedAtMicroseconds - queuedAt) / 1e6 < options.shortAbandonSeconds { shortAbandoned += 1 }
        }
    }

    /// Counts a contact found to have no repeat within the FCR window: resolved at first contact
    /// if it was answered, contained if it never reached a queue.
    public mutating func countResolution(answered: Bool) {
        if answered { resolvedAtFirstContact += 1 } else { selfServedWithoutRepeat += 1 }
    }

    private mutating func countAnswerWait(_ wait: Double, threshold: Double) {
        answeredWithWait += 1
        answeredWaitSeconds += wait
        if wait <= threshold { answeredWithinThreshold += 1 }
    }

    private mutating func countSelfServiceEntry(leftForQueue: Bool) {
        enteredSelfService += 1
        if leftForQueue { leftSelfServiceForQueue += 1 }
    }

    private mutating func countSurvey(firstContact: Bool) {
        surveyedFirstContact += 1
        if firstContact { surveyFirstContactYes += 1 }
    }

    /// Adds the counts of `other`, a disjoint set of contacts (a team is its agents).
    public mutating func merge(_ other: ContactMetrics) {
        contacts += other.contacts
        offered += other.offered
        answered += other.answered
        abandoned += other.abandoned
        shortAbandoned += other.shortAbandoned
        answeredWithinThreshold += other.answeredWithinThreshold
        answeredWithWait += other.answeredWithWait
        answeredWaitSeconds += other.answeredWaitSeconds
        handled += other.handled
        handleSeconds += other.handleSeconds
        talked += other.talked
        talkSeconds += other.talkSeconds
        transferred += other.transferred
        rated += other.rated
        satisfied += other.satisfied
        satisfactionSum += other.satisfactionSum
        surveyedFirstContact += other.surveyedFirstContact
        surveyFirstContactYes += other.surveyFirstContactYes
        answeredWithCustomer += other.answeredWithCustomer
        resolvedAtFirstContact += other.resolvedAtFirstContact
        selfServed += other.selfServed
        selfServedWithoutRepeat += other.selfServedWithoutRepeat
        abandonedInSelfService += other.abandonedInSelfService
        abandonedRinging += other.abandonedRinging
        answeredWithTranscript += other.answeredWithTranscript
        transcriptRepeats += other.transcriptRepeats
        enteredSelfService += other.enteredSelfService
        leftSelfServiceForQueue += other.leftSelfServiceForQueue
    }

    /// answered / offered.
    public var answerRate: Double? { Self.share(answered, of: offered) }
    /// (abandoned − short) / (offered − short).
    public var abandonmentRate: Double? { Self.share(abandoned - shortAbandoned, of: offered - shortAbandoned) }
    /// Answered within the threshold / (offered − short abandons).
    public var serviceLevel: Double? { Self.share(answeredWithinThreshold, of: offered - shortAbandoned) }
    /// Mean queue wait of answered contacts.
    public var averageSpeedOfAnswerSeconds: Double? { Self.mean(answeredWaitSeconds, over: answeredWithWait) }
    /// Mean talk, hold and wrap-up of handled contacts.
    public var averageHandleSeconds: Double? { Self.mean(handleSeconds, over: handled) }
    public var averageTalkSeconds: Double? { Self.mean(talkSeconds, over: talked) }
    /// Answered contacts transferred / answered.
    public var transferRate: Double? { Self.share(transferred, of: answered) }
    /// Share of survey scores 4–5.
    public var csat: Double? { Self.share(satisfied, of: rated) }
    public var csatMean: Double? { Self.mean(Double(satisfactionSum), over: rated) }
    /// Survey FCR: yes / (yes + no).
    public var surveyFcrRate: Double? { Self.share(surveyFirstContactYes, of: surveyedFirstContact) }
    /// Repeat-contact FCR: answered contacts of a known customer with no repeat / all of them.
    public var fcrRate: Double? { Self.share(resolvedAtFirstContact, of: answeredWithCustomer) }
    /// Transcript FCR: answered contacts whose customer does not say she is contacting again /
    /// answered contacts with a transcript.
    public var transcriptFcrRate: Double? {
        Self.share(answeredWithTranscript - transcriptRepeats, of: answeredWithTranscript)
    }
    /// Answered contacts of a known customer that the customer contacted again about.
    public var repeated: Int { answeredWithCustomer - resolvedAtFirstContact }
    /// Containment: self-service contacts with no repeat / all contacts.
    public var selfServiceRate: Double? { Self.share(selfServedWithoutRepeat, of: contacts) }
    /// Contacts that left the IVR or bot for a queue / contacts that began there.
    public var transferToHumanRate: Double? { Self.share(leftSelfServiceForQueue, of: enteredSelfService) }

    private static func share(_ part: Int, of whole: Int) -> Double? {
        whole > 0 ? Double(part) / Double(whole) : nil
    }

    private static func mean(_ sum: Double, over count: Int) -> Double? {
        count > 0 ? sum / Double(count) : nil
    }
}

/// The thresholds metrics are measured against (PRODUCT.md §7.4, all configurable).
public struct MetricThresholds: Sendable, Hashable {
    /// An answer within this many seconds counts toward the service level, unless the queue
    /// sets its own: 20 s for calls, 40 s for chats, 4 h for e-mail.
    public var serviceLevelSeconds: [Channel: Double]
    /// A customer who gives up sooner than this is a short abandon.
    public var shortAbandonSeconds: Double

    public init(
        serviceLevelSeconds: [Channel: Double] = [.voice: 20, .chat: 40, .email: 14_400],
        shortAbandonSeconds: Double = 5
    ) {
        self.serviceLevelSeconds = serviceLevelSeconds
        self.shortAbandonSeconds = shortAbandonSeconds
    }

    /// The queue's own threshold, else the channel's.
    public func serviceLevelSeconds(for channel: Channel, in queue: Queue?) -> Double {
        if let own = queue?.serviceLevelThresholdSeconds { return Double(own) }
        return serviceLevelSeconds[channel] ?? 40
    }
}
