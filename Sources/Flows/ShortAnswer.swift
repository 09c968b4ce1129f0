/// The first words of an article, as the bot says them in a chat: Markdown marks dropped,
/// whole sentences up to about ``maximumLength`` characters.
enum ShortAnswer {
    static let maximumLength = 120

    static func of(_ body: String) -> String {
        let plain = body.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "__", with: "")
            .split(whereSeparator: \.isNewline).map { line in
                line.drop { "#>*- ".contains($0) }
            }.joined(separator: " ")
        var answer = ""
        var sentence = ""
        for character in plain {
            sentence.append(character)
            guard "。！？!?".contains(character) || (character == "." && sentence.count > 1) else { continue }
            if !answer.isEmpty && answer.count + sentence.count > maximumLength { return answer }
            answer += sentence
            sentence = ""
            if answer.count >= maximumLength / 2 { return answer }
        }
        answer += sentence
        return answer.count <= maximumLength ? answer : String(answer.prefix(maximumLength)) + "…"
    }
}
