/// Brings text to one form before it is indexed or searched: half-width letters and digits,
/// lower case, and simplified Chinese characters (`忘記密碼` → `忘记密码`), character by character
/// through a table built once from ICU `Hant-Hans`.
enum TextNormalizer {
    static func normalize(_ text: String) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x41...0x5A: scalars.append(Unicode.Scalar(scalar.value + 0x20)!)
            case 0...0x7F: scalars.append(scalar)
            case 0xFF01...0xFF5E:
                let ascii = scalar.value - 0xFEE0
                scalars.append(Unicode.Scalar((0x41...0x5A).contains(ascii) ? ascii + 0x20 : ascii)!)
            case 0x3000: scalars.append(" ")
            case Pinyin.firstIdeograph...Pinyin.lastIdeograph:
                let simplified = table[Int(scalar.value - Pinyin.firstIdeograph)]
                scalars.append(simplified == 0 ? scalar : Unicode.Scalar(simplified)!)
            default:
                scalars.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return scalars
    }

    /// A letter of a Latin word: English or typed pinyin.
    static func isLatinLetter(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && scalar.properties.isAlphabetic
    }

    /// A letter or digit of a Latin word.
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar))
    }

    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        (Pinyin.firstIdeograph...Pinyin.lastIdeograph).contains(scalar.value)
            || (0x3400...0x4DBF).contains(scalar.value)
    }

    /// The simplified form of each ideograph that ICU maps to one other ideograph (0: itself).
    private static let table: [UInt32] = {
        var table = [UInt32](repeating: 0, count: Pinyin.ideographCount)
        guard let characters = IdeographTransform.outputs(of: "Hant-Hans") else { return table }
        for (index, character) in characters.enumerated() {
            let scalars = character.unicodeScalars
            guard scalars.count == 1, let scalar = scalars.first, scalar.value != Pinyin.firstIdeograph + UInt32(index),
                (Pinyin.firstIdeograph...Pinyin.lastIdeograph).contains(scalar.value)
            else { continue }
            table[index] = scalar.value
        }
        return table
    }()
}
