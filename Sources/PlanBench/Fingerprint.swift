import CMbedCrypto
import PlanDocument

/// The fingerprint that pins a citation to the content of a Guideline section.
///
/// It hashes the section's title, text and role statements after
/// normalisation (whitespace runs collapsed, trimmed), so re-flowing a
/// paragraph does not make citations suspect but changing a word does.
/// Sub-sections are not part of it: a change in IV.C.2.b.i does not make a
/// citation of IV.C.2 suspect.
public enum Fingerprint {
    /// `sha256:` followed by 64 hex digits.
    public static func of(section: Node) -> String {
        var canonical = "title\u{1F}" + normalise(section["title"]?.string ?? "")
        canonical += "\u{1E}text\u{1F}" + normalise(section["text"]?.string ?? "")
        for role in section["roles"]?.sequence ?? [] {
            canonical += "\u{1E}role\u{1F}" + normalise(role["actor"]?.string ?? "")
            canonical += "\u{1F}" + normalise(role["responsibility"]?.string ?? "")
            canonical += "\u{1F}" + normalise(role["scope"]?.string ?? "")
        }
        return "sha256:" + sha256Hex(Array(canonical.utf8))
    }

    /// Collapses every run of whitespace to one space and trims the ends.
    static func normalise(_ text: String) -> String {
        text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The SHA-256 digest of `bytes` in lowercase hex.
    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        let status = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                mbedtls_sha256_ret(input.baseAddress, input.count, output.baseAddress, 0)
            }
        }
        precondition(status == 0, "mbedtls_sha256_ret cannot fail for in-memory input")
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
