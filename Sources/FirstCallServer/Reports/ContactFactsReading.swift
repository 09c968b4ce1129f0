import Analytics
import ContactCenter
import Foundation
import Storage

extension EventStore {
    /// The facts of the contacts created in `[from, to)`, folded from their events read page by
    /// page: what reports and the review sample count.
    func contactFacts(createdFrom from: Date, to: Date, pageSize: Int = 5_000) async throws -> ContactFactsFold {
        var fold = ContactFactsFold()
        var after: Int64 = 0
        while true {
            let page = try await factEvents(ofContactsCreatedFrom: from, to: to, after: after, limit: pageSize)
            for recorded in page { fold.apply(recorded.event) }
            guard page.count == pageSize, let last = page.last else { return fold }
            after = last.sequence
        }
    }
}
