// Checks the `uri`, `uri-reference`, `iri`, `iri-reference` and
// `uri-template` formats against the grammars of RFC 3986, RFC 3987 and
// RFC 6570.

enum URIGrammar {
    private static func isUnreserved(_ s: Unicode.Scalar) -> Bool {
        s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || "-._~".unicodeScalars.contains(s))
    }

    private static func isSubDelim(_ s: Unicode.Scalar) -> Bool { "!$&'()*+,;=".unicodeScalars.contains(s) }

    /// RFC 3987 `ucschar` (and `iprivate` where allowed).
    private static func isUCS(_ s: Unicode.Scalar, privateUse: Bool) -> Bool {
        let v = s.value
        let ucs = (0xA0...0xD7FF).contains(v) || (0xF900...0xFDCF).contains(v) || (0xFDF0...0xFFEF).contains(v)
            || (v >= 0x10000 && v <= 0xEFFFD && (v & 0xFFFF) < 0xFFFE)
        if ucs { return true }
        return privateUse && ((0xE000...0xF8FF).contains(v) || (v >= 0xF0000 && (v & 0xFFFF) < 0xFFFE))
    }

    /// Whether every character of `part` is allowed: unreserved, sub-delims,
    /// `extra`, `%XX`, and (for IRIs) `ucschar`.
    private static func check(
        _ part: Substring.UnicodeScalarView, extra: String, international: Bool, privateUse: Bool = false
    ) -> Bool {
        var scalars = part[...]
        while let s = scalars.popFirst() {
            if s == "%" {
                let hex = scalars.prefix(2)
                guard hex.count == 2, hex.allSatisfy({ $0.properties.isASCIIHexDigit }) else { return false }
                scalars = scalars.dropFirst(2)
            } else if isUnreserved(s) || isSubDelim(s) || extra.unicodeScalars.contains(s) {
                continue
            } else if international && isUCS(s, privateUse: privateUse) {
                continue
            } else {
                return false
            }
        }
        return true
    }

    static func isValid(_ text: String, international: Bool, allowRelative: Bool) -> Bool {
        var rest = Substring(text)
        var fragment: Substring? = nil
        var query: Substring? = nil
        if let hash = rest.firstIndex(of: "#") {
            fragment = rest[rest.index(after: hash)...]
            rest = rest[..<hash]
        }
        if let question = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: question)...]
            rest = rest[..<question]
        }
        if let fragment, !check(fragment.unicodeScalars, extra: ":@/?", international: international) { return false }
        if let query, !check(query.unicodeScalars, extra: ":@/?", international: international, privateUse: true) {
            return false
        }
        // Scheme: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".
        var hasScheme = false
        if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains("/") {
            let scheme = rest[..<colon]
            guard let first = scheme.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic,
                scheme.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "+-.".unicodeScalars.contains($0)) })
            else { return false }
            hasScheme = true
            rest = rest[rest.index(after: colon)...]
        }
        guard hasScheme || allowRelative else { return false }
        var path = rest
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex(of: "/") ?? afterSlashes.endIndex
            guard isAuthority(afterSlashes[..<end], international: international) else { return false }
            path = afterSlashes[end...]
        } else if !hasScheme, let firstSegment = path.split(separator: "/", omittingEmptySubsequences: false).first,
            firstSegment.contains(":")
        {
            // A relative path's first segment may not hold a colon (it would read as a scheme).
            return false
        }
        return check(path.unicodeScalars, extra: ":@/", international: international)
    }

    private static func isAuthority(_ authority: Substring, international: Bool) -> Bool {
        var host = authority
        if let at = authority.lastIndex(of: "@") {
            guard check(authority[..<at].unicodeScalars, extra: ":", international: international) else { return false }
            host = authority[authority.index(after: at)...]
        }
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return false }
            let literal = host[host.index(after: host.startIndex)..<close]
            let port = host[host.index(after: close)...]
            guard port.isEmpty || (port.hasPrefix(":") && port.dropFirst().allSatisfy(\.isASCIIDigit)) else { return false }
            if literal.first == "v" || literal.first == "V" {
                // IPvFuture: "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ).
                guard let dot = literal.firstIndex(of: "."), literal.index(after: literal.startIndex) < dot else { return false }
                let version = literal[literal.index(after: literal.startIndex)..<dot]
                let rest = literal[literal.index(after: dot)...]
                return version.allSatisfy(\.isHexDigit) && !rest.isEmpty
                    && rest.unicodeScalars.allSatisfy { isUnreserved($0) || isSubDelim($0) || $0 == ":" }
            }
            return FormatChecks.isIPv6(Array(literal.utf8)[...])
        }
        if let colon = host.lastIndex(of: ":") {
            guard host[host.index(after: colon)...].allSatisfy(\.isASCIIDigit) else { return false }
            host = host[..<colon]
        }
        return check(host.unicodeScalars, extra: "", international: international)
    }

    /// RFC 6570 level 4 template syntax.
    static func isTemplate(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        while let s = scalars.popFirst() {
            if s == "{" {
                guard let close = scalars.firstIndex(of: "}") else { return false }
                let expression = Substring(scalars[..<close])
                scalars = scalars[scalars.index(after: close)...]
                guard isExpression(expression) else { return false }
            } else if s == "}" {
                return false
            } else if s == "%" {
                let hex = scalars.prefix(2)
                guard hex.count == 2, hex.allSatisfy({ $0.properties.isASCIIHexDigit }) else { return false }
                scalars = scalars.dropFirst(2)
            } else if s.value <= 0x20 || s.value == 0x7F || "\"'<>\\^`|".unicodeScalars.contains(s) && s != "'" {
                return false
            }
        }
        return true
    }

    private static func isExpression(_ expression: Substring) -> Bool {
        var body = expression
        if let first = body.first, "+#./;?&=,!@|".contains(first) {
            guard "+#./;?&".contains(first) else { return false }
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return false }
        for spec in body.split(separator: ",", omittingEmptySubsequences: false) {
            var name = spec
            if name.hasSuffix("*") {
                name = name.dropLast()
            } else if let colon = name.firstIndex(of: ":") {
                let length = name[name.index(after: colon)...]
                guard (1...4).contains(length.count), length.allSatisfy(\.isASCIIDigit), length.first != "0" else {
                    return false
                }
                name = name[..<colon]
            }
            guard isVariableName(name) else { return false }
        }
        return true
    }

    private static func isVariableName(_ name: Substring) -> Bool {
        guard !name.isEmpty, !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..") else { return false }
        var scalars = name.unicodeScalars[...]
        while let s = scalars.popFirst() {
            if s == "%" {
                let hex = scalars.prefix(2)
                guard hex.count == 2, hex.allSatisfy({ $0.properties.isASCIIHexDigit }) else { return false }
                scalars = scalars.dropFirst(2)
            } else if !(s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == ".")) {
                return false
            }
        }
        return true
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isWholeNumber }
}
