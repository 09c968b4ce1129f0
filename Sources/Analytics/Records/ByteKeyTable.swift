#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Gives each distinct byte string (a customer, queue, agent or reason as written in a file) a
/// dense number, 0, 1, 2, …, in the order first seen. Keys are compared byte for byte, so two
/// keys never share a number; the table keeps one copy of each key and no `String` per row,
/// which is what lets a report read ten million rows in a few hundred megabytes.
public struct ByteKeyTable: Sendable {
    /// The bytes of every key, end to end; key `n` is `bytes[starts[n]..<starts[n + 1]]`.
    private var bytes: [UInt8] = []
    private var starts: [Int] = [0]
    /// Open addressing, at most 70 % full: each slot holds a key's number plus one in its high
    /// half and the top of its hash in the low half (so most mismatches are seen without reading
    /// the key), or 0.
    private var slots: [UInt64]
    private var mask: Int

    public init(expectedKeys: Int = 16) {
        var capacity = 16
        while capacity * 7 < expectedKeys * 10 { capacity *= 2 }
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// How many distinct keys the table holds.
    public var count: Int { starts.count - 1 }

    /// The number of `key`, given a new one if the table has not seen it.
    public mutating func number(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let hash = Self.hash(key)
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF == tag {
                let index = Int(entry >> 32) - 1
                if equals(index, key) { return Int32(index) }
            }
            slot = (slot + 1) & mask
        }
        let index = count
        bytes.append(contentsOf: key)
        starts.append(bytes.count)
        slots[slot] = UInt64(index + 1) << 32 | tag
        if count * 10 > slots.count * 7 { grow() }
        return Int32(index)
    }

    /// The number of a key given as text.
    public mutating func number(of key: String) -> Int32 {
        var key = key
        return key.withUTF8 { number(of: $0) }
    }

    /// Key `number` as text.
    public func key(_ number: Int32) -> String {
        let index = Int(number)
        return String(decoding: bytes[starts[index]..<starts[index + 1]], as: UTF8.self)
    }

    private func equals(_ index: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[index]
        guard starts[index + 1] - start == key.count else { return false }
        return bytes.withUnsafeBufferPointer { stored in
            key.isEmpty || memcmp(stored.baseAddress! + start, key.baseAddress!, key.count) == 0
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = Array(repeating: 0, count: capacity)
        mask = capacity - 1
        bytes.withUnsafeBufferPointer { stored in
            for index in 0..<count {
                let hash = Self.hash(UnsafeBufferPointer(rebasing: stored[starts[index]..<starts[index + 1]]))
                var slot = Int(truncatingIfNeeded: hash) & mask
                while slots[slot] != 0 { slot = (slot + 1) & mask }
                slots[slot] = UInt64(index + 1) << 32 | hash >> 32
            }
        }
    }

    /// FNV-1a over the bytes (from `seed`, FNV's offset basis unless given), then a 64-bit
    /// finaliser so that the low bits used for the slot depend on every byte.
    static func hash(_ key: UnsafeBufferPointer<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var hash = seed
        for byte in key {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
