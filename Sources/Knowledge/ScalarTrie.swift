/// Sequences of numbers (Unicode scalar values, syllable numbers) with a value each, for scanning
/// text by longest match without building substrings.
struct ScalarTrie<Value: Sendable & Equatable>: Sendable, Equatable {
    private var children: [[UInt32: Int32]] = [[:]]
    private var values: [Value?] = [nil]
    private(set) var isEmpty = true

    mutating func insert(_ scalars: [Unicode.Scalar], value: Value) {
        insert(keys: scalars.map(\.value), value: value)
    }

    mutating func insert(keys: [UInt32], value: Value) {
        var node = 0
        for key in keys {
            if let next = children[node][key] {
                node = Int(next)
            } else {
                children.append([:])
                values.append(nil)
                children[node][key] = Int32(children.count - 1)
                node = children.count - 1
            }
        }
        values[node] = value
        isEmpty = false
    }

    /// The value of a sequence, if it was inserted.
    func value(of scalars: some Sequence<Unicode.Scalar>) -> Value? {
        value(ofKeys: scalars.map(\.value))
    }

    /// The value of a sequence of numbers, if it was inserted.
    func value(ofKeys keys: [UInt32]) -> Value? {
        var node = 0
        for key in keys {
            guard let next = children[node][key] else { return nil }
            node = Int(next)
        }
        return values[node]
    }

    /// The longest inserted sequence, at most `limit` long, that `scalars` holds at `start`, with
    /// its value. With `gapLength`, the text may have extra words inside the sequence (their
    /// length at a position, 0 where none starts); the length returned spans them. Only matches
    /// that `accepting` takes (by their length and value) count.
    func longestMatch(
        in scalars: [Unicode.Scalar], from start: Int, limit: Int = .max, gapLength: (Int) -> Int = { _ in 0 },
        accepting: (Int, Value) -> Bool = { _, _ in true }
    ) -> (length: Int, value: Value)? {
        longestMatch(in: scalars, from: start, limit: limit, key: \.value, gapLength: gapLength, accepting: accepting)
    }

    /// The longest inserted sequence that `keys` holds at `start`, with its value.
    func longestMatch(inKeys keys: [UInt32], from start: Int) -> (length: Int, value: Value)? {
        longestMatch(
            in: keys, from: start, limit: .max, key: { $0 }, gapLength: { _ in 0 }, accepting: { _, _ in true })
    }

    private func longestMatch<Element>(
        in elements: [Element], from start: Int, limit: Int, key: (Element) -> UInt32, gapLength: (Int) -> Int,
        accepting: (Int, Value) -> Bool
    ) -> (length: Int, value: Value)? {
        let end = start + min(limit, elements.count - start)
        var best: (length: Int, value: Value)?
        // Both the next element itself and, where a gap starts, the element after the gap may
        // continue a sequence (装个宽带 is 装宽带 with 个 inside even where 装个光纤 is known).
        func follow(from node: Int, to position: Int) {
            guard position < end, let next = children[node][key(elements[position])] else { return }
            if let value = values[Int(next)], case let length = position + 1 - start, length > best?.length ?? 0,
                accepting(length, value)
            {
                best = (length, value)
            }
            walk(from: Int(next), at: position + 1)
        }
        func walk(from node: Int, at position: Int) {
            follow(from: node, to: position)
            if node != 0, position < end, case let gap = gapLength(position), gap > 0 {
                follow(from: node, to: position + gap)
            }
        }
        walk(from: 0, at: start)
        return best
    }
}
