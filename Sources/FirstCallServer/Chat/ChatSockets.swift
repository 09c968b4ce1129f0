import ContactCenter
import Flows
import Foundation

/// Who receives a chat's frames: the customer's widget windows, the desktops of the staff who
/// read it, and the supervisors who watch it silently. A socket too far behind is closed (its
/// client reconnects and catches up from the log).
struct ChatSockets {
    private var customers: [ContactID: [UUID: AsyncStream<String>.Continuation]] = [:]
    private var staff: [UserID: [UUID: AsyncStream<String>.Continuation]] = [:]
    private var watchers: [ContactID: [UUID: AsyncStream<String>.Continuation]] = [:]

    /// Windows a conversation has open.
    func customerWindows(of contactID: ContactID) -> Int { customers[contactID]?.count ?? 0 }

    /// Whether anyone (a window or a watching supervisor) has the conversation open.
    func isOpen(_ contactID: ContactID) -> Bool { customers[contactID] != nil || watchers[contactID] != nil }

    mutating func attachCustomer(
        _ contactID: ContactID, socketID: UUID, _ continuation: AsyncStream<String>.Continuation
    ) {
        customers[contactID, default: [:]][socketID] = continuation
    }

    /// Returns whether the socket was attached.
    @discardableResult
    mutating func detachCustomer(_ contactID: ContactID, socketID: UUID) -> Bool {
        let removed = customers[contactID]?.removeValue(forKey: socketID) != nil
        if customers[contactID]?.isEmpty == true { customers[contactID] = nil }
        return removed
    }

    mutating func attachStaff(_ userID: UserID, socketID: UUID, _ continuation: AsyncStream<String>.Continuation) {
        staff[userID, default: [:]][socketID] = continuation
    }

    mutating func detachStaff(_ userID: UserID, socketID: UUID) {
        staff[userID]?[socketID] = nil
        if staff[userID]?.isEmpty == true { staff[userID] = nil }
        for contactID in watchers.keys { unwatch(contactID, socketID: socketID) }
    }

    mutating func watch(_ contactID: ContactID, socketID: UUID, _ continuation: AsyncStream<String>.Continuation) {
        watchers[contactID, default: [:]][socketID] = continuation
    }

    mutating func unwatch(_ contactID: ContactID, socketID: UUID) {
        watchers[contactID]?[socketID] = nil
        if watchers[contactID]?.isEmpty == true { watchers[contactID] = nil }
    }

    /// Sends to the customer's windows; returns the windows that were closed for falling behind.
    mutating func sendToCustomer(_ contactID: ContactID, _ json: String) -> Int {
        var closed = 0
        for (socketID, continuation) in customers[contactID] ?? [:] where !Self.yieldOrClose(json, continuation) {
            if detachCustomer(contactID, socketID: socketID) { closed += 1 }
        }
        return closed
    }

    /// Sends to the desktops of `readers` and to the supervisors watching the conversation.
    func sendToStaff(_ contactID: ContactID, readers: Set<UserID>, _ json: String) {
        for reader in readers {
            for continuation in staff[reader]?.values ?? [:].values { Self.yieldOrClose(json, continuation) }
        }
        for continuation in watchers[contactID]?.values ?? [:].values { Self.yieldOrClose(json, continuation) }
    }

    /// Hands a frame to a socket's writer; a socket too far behind is finished. Returns whether
    /// the frame was taken.
    @discardableResult
    private static func yieldOrClose(_ json: String, _ continuation: AsyncStream<String>.Continuation) -> Bool {
        switch continuation.yield(json) {
        case .enqueued: return true
        case .dropped, .terminated:
            continuation.finish()
            return false
        @unknown default: return false
        }
    }
}
