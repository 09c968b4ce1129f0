import ContactCenter
import Foundation
import Hummingbird
import Storage

/// A contact's call recordings (PRODUCT.md §5.1), for those allowed to hear them: supervisors
/// and admins, quality evaluators, and the agent who answered the call.
struct RecordingController {
    let recordings: CallRecordings
    let events: any EventStore

    func addRoutes(to group: RouterGroup<AppRequestContext>) {
        group.get("contacts/{id}/recordings", use: list)
        group.get("contacts/{id}/recordings/{name}", use: play)
    }

    /// `GET contacts/{id}/recordings`.
    @Sendable private func list(_ request: Request, context: AppRequestContext) async throws -> some ResponseGenerator {
        let contactID = try await allowedContact(context)
        return ListResponse(items: recordings.recordings(of: contactID).map(RecordingResponse.init))
    }

    /// `GET contacts/{id}/recordings/{name}`: the WAV, never cached by shared caches.
    @Sendable private func play(_ request: Request, context: AppRequestContext) async throws -> Response {
        let contactID = try await allowedContact(context)
        guard let name = context.parameters.get("name"), let url = recordings.file(of: contactID, named: name),
            let data = try? Data(contentsOf: url)
        else { throw APIError.notFound("recording") }
        let headers: HTTPFields = [
            .contentType: "audio/wav",
            .contentDisposition: "inline; filename=\"\(name)\"",
            .cacheControl: "private, no-store",
        ]
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(data: data)))
    }

    private func allowedContact(_ context: AppRequestContext) async throws -> ContactID {
        let user = try context.require(.agent)
        guard let contactID = ContactID.parsingUUID(context.parameters.get("id") ?? "") else {
            throw APIError.notFound("contact")
        }
        guard user.role < .supervisor, !user.canEvaluateQuality else { return contactID }
        let answered = try await events.events(forContact: contactID).contains { recorded in
            if case .offerAccepted(_, let agentID, _) = recorded.event { agentID == user.id } else { false }
        }
        guard answered else { throw APIError.forbidden }
        return contactID
    }
}

/// One recording as the API lists it.
struct RecordingResponse: ResponseEncodable {
    var name: String
    var agentId: String?
    var bytes: Int
    var durationSeconds: Double

    init(_ recording: CallRecordings.Recording) {
        name = recording.name
        agentId = recording.agentID?.rawValue
        bytes = recording.bytes
        durationSeconds = (recording.durationSeconds * 100).rounded() / 100
    }
}
