import Foundation

/// Runs an ICU transform over every CJK Unified Ideograph at once, to build a per-character table.
enum IdeographTransform {
    /// ICU's output for each ideograph in order (one whitespace-free piece each), or nil when the
    /// transform did not keep one piece per ideograph.
    static func outputs(of transform: String) -> [Substring]? {
        var text = ""
        text.reserveCapacity(Pinyin.ideographCount * 4)
        for value in Pinyin.firstIdeograph...Pinyin.lastIdeograph {
            text.unicodeScalars.append(Unicode.Scalar(value)!)
            text.append(" ")
        }
        guard let output = text.applyingTransform(StringTransform(transform), reverse: false) else { return nil }
        let pieces = output.split(separator: " ", omittingEmptySubsequences: true)
        return pieces.count == Pinyin.ideographCount ? pieces : nil
    }
}
