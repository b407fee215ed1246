/// An RFC 6901 JSON Pointer: the address of a node inside a document.
///
/// ```swift
/// let p = JSONPointer("/sections/0/title")
/// p.tokens            // ["sections", "0", "title"]
/// p.appending("x")    // /sections/0/title/x
/// ```
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible, Comparable {
    public var tokens: [String]

    public init(tokens: [String] = []) { self.tokens = tokens }

    /// Parses the pointer text; `""` is the whole document. Text that does
    /// not start with `/` is read as a single token for convenience.
    public init(_ text: String) {
        if text.isEmpty {
            tokens = []
        } else if text.hasPrefix("/") {
            tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
                JSONPointer.unescape(String($0))
            }
        } else {
            tokens = [text]
        }
    }

    public static let root = JSONPointer()

    public var isRoot: Bool { tokens.isEmpty }

    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    public func appending(_ index: Int) -> JSONPointer { appending(String(index)) }

    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    public var description: String {
        tokens.map { "/" + JSONPointer.escape($0) }.joined()
    }

    public static func escape(_ token: String) -> String {
        guard token.contains("~") || token.contains("/") else { return token }
        return token.replacingOccurrences("~", with: "~0").replacingOccurrences("/", with: "~1")
    }

    public static func unescape(_ token: String) -> String {
        guard token.contains("~") else { return token }
        return token.replacingOccurrences("~1", with: "/").replacingOccurrences("~0", with: "~")
    }

    public static func < (lhs: JSONPointer, rhs: JSONPointer) -> Bool {
        lhs.tokens.lexicographicallyPrecedes(rhs.tokens)
    }
}

extension String {
    /// Plain substring replacement without Foundation.
    func replacingOccurrences(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var result = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            result += rest[..<range.lowerBound]
            result += replacement
            rest = rest[range.upperBound...]
        }
        result += rest
        return result
    }
}
