import Foundation

/// Rounding of staffing quantities as if the inputs were the exact decimals a planner typed:
/// `21 / (1 − 0.3)` is 30 even though binary floating point makes it 30.000000000000004.
/// A quantity within a billionth (relative) of an integer counts as that integer.
enum ExactRounding {
    static func ceiling(_ value: Double) -> Int {
        Int((value - tolerance(value)).rounded(.up))
    }

    static func floor(_ value: Double) -> Int {
        Int((value + tolerance(value)).rounded(.down))
    }

    private static func tolerance(_ value: Double) -> Double {
        1e-9 * Swift.max(1, abs(value))
    }
}
