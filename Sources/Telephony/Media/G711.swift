/// G.711 (ITU-T, 1988): 16-bit linear PCM to and from 8-bit μ-law (North America, Japan) and
/// A-law (Europe, China), the two codecs every SIP phone offers (RTP payload types 0 and 8).
public enum G711 {
    /// μ-law: bias 132, clipped at 32,635, sign, 3-bit segment and 4-bit mantissa, inverted.
    public static func muLaw(fromLinear sample: Int16) -> UInt8 {
        let bias = 0x84
        let clip = 32_635
        var value = Int(sample)
        let sign = value < 0 ? 0x80 : 0
        if value < 0 { value = -value }
        value = min(value, clip) + bias
        var segment = 7
        var mask = 0x4000
        while segment > 0 && value & mask == 0 {
            segment -= 1
            mask >>= 1
        }
        let mantissa = (value >> (segment + 3)) & 0x0F
        return ~UInt8(sign | (segment << 4) | mantissa)
    }

    public static func linear(fromMuLaw code: UInt8) -> Int16 {
        let inverted = Int(~code)
        let segment = (inverted >> 4) & 0x07
        let mantissa = inverted & 0x0F
        let magnitude = (((mantissa << 3) + 0x84) << segment) - 0x84
        return Int16(inverted & 0x80 != 0 ? -magnitude : magnitude)
    }

    /// A-law: 13-bit magnitude, sign, 3-bit segment and 4-bit mantissa, even bits inverted (0x55).
    public static func aLaw(fromLinear sample: Int16) -> UInt8 {
        var value = Int(sample) >> 3
        let sign = value >= 0 ? 0x80 : 0
        if value < 0 { value = -value - 1 }
        value = min(value, 0x0FFF)
        let code: Int
        if value < 32 {
            code = value >> 1
        } else {
            var segment = 1
            while value >= (32 << segment) { segment += 1 }
            code = (segment << 4) | ((value >> segment) & 0x0F)
        }
        return UInt8((sign | code) ^ 0x55)
    }

    public static func linear(fromALaw code: UInt8) -> Int16 {
        let value = Int(code ^ 0x55)
        let segment = (value >> 4) & 0x07
        let mantissa = value & 0x0F
        var magnitude = segment == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (segment - 1)
        if value & 0x80 == 0 { magnitude = -magnitude }
        return Int16(magnitude)
    }
}
