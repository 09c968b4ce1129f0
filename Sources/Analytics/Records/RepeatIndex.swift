/// Contacts of known customers, column by column (33 bytes each with the report's own columns),
/// and the repeat-contact rule over them (README "Contact records"): a contact is repeated when
/// another of the same customer arrives after it ended, at most the FCR window later, for the
/// same reason (an unknown reason matches any).
public struct RepeatIndex: Sendable {
    private var customerOf: [Int32] = []
    private var reasonOf: [Int32] = []
    private var arrivedAt: [Int64] = []
    private var endedAt: [Int64] = []

    public init() {}

    /// How many contacts the index holds; they are numbered in the order added.
    public var count: Int { customerOf.count }

    public mutating func reserve(_ contacts: Int) {
        customerOf.reserveCapacity(contacts)
        reasonOf.reserveCapacity(contacts)
        arrivedAt.reserveCapacity(contacts)
        endedAt.reserveCapacity(contacts)
    }

    /// Adds a contact of customer number `customer` (numbers from 0), `reason` -1 when unknown.
    /// Adds a contact folded from the log, its customer and reason numbered in `customers` and
    /// `reasons`; `false` (nothing added) when it has no customer or has not ended.
    @discardableResult
    public mutating func add(
        _ facts: ContactFacts, customers: inout ByteKeyTable, reasons: inout ByteKeyTable
    ) -> Bool {
        guard let endedAt = facts.endedAt, let customer = facts.customerID else { return false }
        add(
            customer: customers.number(of: customer.rawValue),
            reason: facts.reason.map { reasons.number(of: $0) } ?? -1,
            arrivedAtMicroseconds: facts.createdAt.microsecondsSince1970,
            endedAtMicroseconds: endedAt.microsecondsSince1970)
        return true
    }

    public mutating func add(customer: Int32, reason: Int32, arrivedAtMicroseconds: Int64, endedAtMicroseconds: Int64) {
        customerOf.append(customer)
        reasonOf.append(reason)
        arrivedAt.append(arrivedAtMicroseconds)
        endedAt.append(endedAtMicroseconds)
    }

    /// Calls `body` with each contact's number and whether it is repeated, customer by customer.
    /// The contacts are grouped by a counting sort over `customers` (the number of distinct
    /// customers) and each customer's ordered by arrival, so the whole pass is linear but for
    /// the customers' own sorts.
    public func forEach(customers: Int, windowSeconds: Double, _ body: (Int, Bool) -> Void) {
        let total = customerOf.count
        guard total > 0 else { return }
        var firstOf = [Int32](repeating: 0, count: customers + 1)
        for customer in customerOf { firstOf[Int(customer) + 1] += 1 }
        for customer in 0..<customers { firstOf[customer + 1] += firstOf[customer] }
        var order = [Int32](repeating: 0, count: total)
        var next = firstOf
        for contact in 0..<total {
            let customer = Int(customerOf[contact])
            order[Int(next[customer])] = Int32(contact)
            next[customer] += 1
        }
        let window = Int64((windowSeconds * 1_000_000).rounded())
        for customer in 0..<customers {
            let group = Int(firstOf[customer])..<Int(firstOf[customer + 1])
            if group.count > 1 {
                order[group].sort { arrivedAt[Int($0)] < arrivedAt[Int($1)] }
            }
            for position in group {
                let contact = Int(order[position])
                body(contact, isRepeated(contact, among: order[group], window: window))
            }
        }
    }

    private func isRepeated(_ contact: Int, among group: ArraySlice<Int32>, window: Int64) -> Bool {
        let after = endedAt[contact]
        let reason = reasonOf[contact]
        var low = group.startIndex
        var high = group.endIndex
        while low < high {
            let middle = (low + high) / 2
            if arrivedAt[Int(group[middle])] > after { high = middle } else { low = middle + 1 }
        }
        for position in low..<group.endIndex {
            let other = Int(group[position])
            if arrivedAt[other] > after + window { return false }
            if other != contact && (reason < 0 || reasonOf[other] < 0 || reasonOf[other] == reason) { return true }
        }
        return false
    }
}
