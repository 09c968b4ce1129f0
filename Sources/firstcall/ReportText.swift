import Analytics
import Foundation

/// A contact report as text for a terminal: the overall figures, then one line per queue.
enum ReportText {
    static func render(_ report: ContactReport) -> String {
        let overall = report.overall
        var lines = [
            "contacts \(overall.contacts): offered \(overall.offered), answered \(overall.answered), "
                + "abandoned \(overall.abandoned) (short \(overall.shortAbandoned)), self-served \(overall.selfServed)",
            "answer rate \(percent(overall.answerRate)), abandonment \(percent(overall.abandonmentRate)), "
                + "service level \(percent(overall.serviceLevel)), ASA \(seconds(overall.averageSpeedOfAnswerSeconds))",
            "AHT \(seconds(overall.averageHandleSeconds)), talk \(seconds(overall.averageTalkSeconds)), "
                + "transfers \(percent(overall.transferRate))",
            "FCR \(percent(overall.fcrRate)) (survey \(percent(overall.surveyFcrRate))), CSAT \(percent(overall.csat)) "
                + "(mean \(overall.csatMean.map { String(format: "%.2f", $0) } ?? "–")), "
                + "self-service \(percent(overall.selfServiceRate))",
        ]
        if !report.byQueue.isEmpty {
            lines.append("")
            lines.append("queue\toffered\tanswered\tabandon\tSL\tASA\tAHT\tFCR\tCSAT")
            for (name, metrics) in report.byQueue.sorted(by: { $0.name < $1.name }) {
                lines.append(
                    [
                        name, "\(metrics.offered)", "\(metrics.answered)", percent(metrics.abandonmentRate),
                        percent(metrics.serviceLevel), seconds(metrics.averageSpeedOfAnswerSeconds),
                        seconds(metrics.averageHandleSeconds), percent(metrics.fcrRate), percent(metrics.csat),
                    ].joined(separator: "\t"))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func percent(_ share: Double?) -> String {
        share.map { String(format: "%.1f%%", $0 * 100) } ?? "–"
    }

    private static func seconds(_ value: Double?) -> String {
        value.map { String(format: "%.1f s", $0) } ?? "–"
    }
}
