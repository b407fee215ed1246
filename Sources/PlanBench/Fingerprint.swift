import CMbedCrypto
import Foundation
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

    /// The git blob id of `bytes` (SHA-1 of `blob <size>\0` and the bytes),
    /// in lowercase hex, computed without starting libgit2, whose start-up
    /// (it loads the system's TLS certificates) would cost more than the hash.
    public static func blobID(of bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 20)
        var context = mbedtls_sha1_context()
        mbedtls_sha1_init(&context)
        defer { mbedtls_sha1_free(&context) }
        let header = Array("blob \(bytes.count)\0".utf8)
        let status = header.withUnsafeBufferPointer { head in
            bytes.withUnsafeBufferPointer { body in
                digest.withUnsafeMutableBufferPointer { output in
                    var s = mbedtls_sha1_starts_ret(&context)
                    if s == 0 { s = mbedtls_sha1_update_ret(&context, head.baseAddress, head.count) }
                    if s == 0 { s = mbedtls_sha1_update_ret(&context, body.baseAddress, body.count) }
                    if s == 0 { s = mbedtls_sha1_finish_ret(&context, output.baseAddress) }
                    return s
                }
            }
        }
        precondition(status == 0, "SHA-1 of an in-memory buffer cannot fail")
        return hex(digest)
    }

    static func hex(_ digest: [UInt8]) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(digest.count * 2)
        for byte in digest {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The SHA-256 digest of `bytes`.
    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 32)
        let status = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                mbedtls_sha256_ret(input.baseAddress, input.count, output.baseAddress, 0)
            }
        }
        precondition(status == 0, "mbedtls_sha256_ret cannot fail for in-memory input")
        return digest
    }

    /// The SHA-1 digest of `bytes` (for HMAC-SHA1 of hashed known_hosts names).
    static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        let status = bytes.withUnsafeBufferPointer { input in
            digest.withUnsafeMutableBufferPointer { output in
                mbedtls_sha1_ret(input.baseAddress, input.count, output.baseAddress)
            }
        }
        precondition(status == 0, "mbedtls_sha1_ret cannot fail for in-memory input")
        return digest
    }

    /// HMAC-SHA1 (RFC 2104), as OpenSSH hashes host names in known_hosts.
    static func hmacSHA1(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? sha1(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = sha1(block.map { $0 ^ 0x36 } + message)
        return sha1(block.map { $0 ^ 0x5C } + inner)
    }

    /// An SSH public key's fingerprint as `ssh-keygen -l` prints it:
    /// `SHA256:` and the unpadded base64 of the SHA-256 of the key blob.
    public static func sshFingerprint(ofKeyBlob blob: [UInt8]) -> String {
        "SHA256:" + Data(sha256(blob)).base64EncodedString().replacingOccurrences(of: "=", with: "")
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
        return hex(digest)
    }
}
