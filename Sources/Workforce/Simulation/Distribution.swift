import ContactCenter
import Foundation

/// A distribution of durations in seconds, as scenarios write it:
/// `{"distribution": "exponential", "mean": 180}`, `{"distribution": "lognormal", "mean": 180,
/// "stddev": 90}` or `{"distribution": "constant", "mean": 180}`.
public enum DurationDistribution: Sendable, Equatable {
    case exponential(meanSeconds: Double)
    case lognormal(meanSeconds: Double, standardDeviationSeconds: Double)
    case constant(seconds: Double)

    /// One draw.
    func sample(_ random: inout SeededRandomNumberGenerator) -> Double {
        switch self {
        case .exponential(let mean):
            return -mean * log(random.nextUnitInterval())
        case .constant(let seconds):
            return seconds
        case .lognormal(let mean, let deviation):
            // Parameters of the underlying normal from the lognormal's mean and deviation.
            let variance = log(1 + (deviation * deviation) / (mean * mean))
            let mu = log(mean) - variance / 2
            let normal =
                sqrt(-2 * log(random.nextUnitInterval())) * cos(2 * Double.pi * random.nextUnitInterval())
            return exp(mu + sqrt(variance) * normal)
        }
    }

    var meanSeconds: Double {
        switch self {
        case .exponential(let mean), .lognormal(let mean, _), .constant(let mean): mean
        }
    }
}

extension DurationDistribution: Decodable {
    private enum Keys: String, CodingKey, CaseIterable {
        case distribution, mean, stddev
    }

    public init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, allowed: Keys.self)
        let container = try decoder.container(keyedBy: Keys.self)
        let kind = try container.decode(String.self, forKey: .distribution)
        let mean = try container.decode(Double.self, forKey: .mean)
        guard mean > 0, mean.isFinite else {
            throw DecodingError.dataCorruptedError(forKey: .mean, in: container, debugDescription: "must be positive")
        }
        switch kind {
        case "exponential": self = .exponential(meanSeconds: mean)
        case "constant": self = .constant(seconds: mean)
        case "lognormal":
            let deviation = try container.decode(Double.self, forKey: .stddev)
            guard deviation > 0, deviation.isFinite else {
                throw DecodingError.dataCorruptedError(
                    forKey: .stddev, in: container, debugDescription: "must be positive")
            }
            self = .lognormal(meanSeconds: mean, standardDeviationSeconds: deviation)
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .distribution, in: container,
                debugDescription: "unknown distribution '\(kind)'; use exponential, lognormal or constant")
        }
    }
}

/// A coding key for any name, to list the keys a JSON object has.
struct AnyKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

/// Scenario files are strict: a misspelled key is an error, not a silent default.
func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ decoder: any Decoder, allowed: Keys.Type) throws {
    let allowedNames = Set(Keys.allCases.map(\.stringValue))
    let container = try decoder.container(keyedBy: AnyKey.self)
    if let unknown = container.allKeys.map(\.stringValue).sorted().first(where: { !allowedNames.contains($0) }) {
        throw DecodingError.dataCorrupted(
            .init(
                codingPath: decoder.codingPath + [AnyKey(stringValue: unknown)],
                debugDescription: "unknown key '\(unknown)'; allowed: \(allowedNames.sorted().joined(separator: ", "))")
        )
    }
}
