// Unsigned LEB128 varints: seven bits a byte, low bits first, the high bit
// set on every byte but the last. The one varint of planbench's binary
// formats (the parsed-tree cache, plan facts).

public enum LEB128 {
    /// Appends `value` to `out`.
    @inline(__always)
    public static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// The value at `offset` in `bytes`, moving `offset` past it; nil when the
    /// bytes end first or encode more than 64 bits (the tenth byte may carry
    /// only the top bit). Bytes read from files are untrusted: never a trap.
    @inline(__always)
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, at offset: inout Int) -> UInt64? {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            let b = bytes[offset]
            offset += 1
            guard shift < 63 || b <= 1 else { return nil }
            result |= UInt64(b & 0x7F) << shift
            if b < 0x80 { return result }
            shift += 7
        }
        return nil
    }
}
