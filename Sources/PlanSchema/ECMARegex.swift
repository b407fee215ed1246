// `pattern` and `patternProperties` are ECMA-262 regular expressions, run by
// the pattern machine (PatternMachine.swift). Swift's Regex only checks syntax
// (for errors and the `regex` format), after translating the few places where
// ECMA-262 and Swift's Regex disagree.

/// A compiled `pattern`: unanchored search, like ECMA-262's `RegExp.test`.
///
/// Every pattern runs on the pattern machine (PatternMachine.swift), which
/// decides it in time linear in the text, or says past its step limit that
/// it cannot. A valid pattern outside the machine's subset (backreferences,
/// lookbehind, ...) is refused when the schema is compiled: the only other
/// engine at hand, Swift's Regex, backtracks with no step limit and cannot be
/// stopped once it runs (it has no budget and no cancellation), so a hostile
/// pattern such as `^((x+)+)\2y` would hang on a few dozen characters of an
/// untrusted document.
final class ECMARegex: Sendable {
    let program: PatternProgram
    let source: String

    /// - Throws: ``SchemaError/invalidPattern(pattern:location:reason:)`` for
    ///   invalid syntax, ``SchemaError/unsupportedPattern(pattern:location:feature:)``
    ///   for a valid pattern the machine does not run.
    init(_ source: String) throws(SchemaError) {
        self.source = source
        guard let program = PatternCompiler.compile(source) else {
            if Self.isValidSyntax(source) {
                throw .unsupportedPattern(pattern: source, location: "", feature: Self.unsupportedFeature(in: source))
            }
            try Self.checkSyntax(source)
            throw .invalidPattern(pattern: source, location: "", reason: "syntax that ECMA-262 does not have")
        }
        self.program = program
    }

    /// Whether the pattern matches anywhere in `text`, or that it cannot be
    /// decided within the pattern machine's step limit.
    func test(_ text: String) -> PatternVerdict { program.test(text) }

    /// Throws when `source` is not a regular expression at all (Swift's Regex
    /// compiles the translated pattern; nothing is matched).
    static func checkSyntax(_ source: String) throws(SchemaError) {
        let translated = try translate(source)
        do {
            _ = try Regex(translated)
        } catch {
            throw .invalidPattern(pattern: source, location: "", reason: "\(error)")
        }
    }

    /// What in a valid pattern the pattern machine does not run, in words.
    static func unsupportedFeature(in source: String) -> String {
        let scalars = Array(source.unicodeScalars)
        var inClass = false
        var i = 0
        func text(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        while i < scalars.count {
            let c = scalars[i]
            let next = i + 1 < scalars.count ? scalars[i + 1] : nil
            if c == "\\", let next {
                if !inClass, ("1"..."9").contains(next) { return "a backreference (\\\(next))" }
                if !inClass, next == "k", i + 2 < scalars.count, scalars[i + 2] == "<" {
                    return "a named backreference (\\k<...>)"
                }
                if next == "p" || next == "P", i + 2 < scalars.count, scalars[i + 2] == "{",
                    let close = scalars[(i + 3)...].firstIndex(of: "}"),
                    PatternCompiler.categories(named: text((i + 3)..<close)) == nil
                {
                    return "the Unicode property \\\(next){\(text((i + 3)..<close))}, which is not a general category it knows"
                }
                i += 2
                continue
            }
            if c == "[" { inClass = true } else if c == "]" { inClass = false }
            if !inClass, c == "(", next == "?", i + 3 < scalars.count, scalars[i + 2] == "<",
                scalars[i + 3] == "=" || scalars[i + 3] == "!"
            {
                return "a lookbehind (\(text(i..<(i + 4)))...)"
            }
            if !inClass, c == "{", let close = scalars[(i + 1)...].firstIndex(of: "}"),
                text((i + 1)..<close).split(separator: ",", omittingEmptySubsequences: false)
                    .contains(where: { ($0.count > 5) || (Int($0) ?? 0) > 10_000 })
            {
                return "a repetition count above 10,000 ({\(text((i + 1)..<close))})"
            }
            i += 1
        }
        return "syntax outside the subset that planbench's pattern matcher runs (or a pattern too large for it)"
    }

    /// Whether `text` is an ECMA-262 regular expression (the `regex` format).
    ///
    /// Swift's Regex accepts syntax ECMA-262 does not (inline flags, Python
    /// named groups), so those are refused first; and it lacks lookbehind,
    /// which ECMA-262 has, so lookbehind groups are checked as plain groups.
    static func isValidSyntax(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        var inClass = false
        var checked = ""
        while i < scalars.count {
            let c = scalars[i]
            if c == "\\" {
                checked.unicodeScalars.append(c)
                if i + 1 < scalars.count { checked.unicodeScalars.append(scalars[i + 1]) }
                i += 2
                continue
            }
            if c == "[" { inClass = true } else if c == "]" { inClass = false }
            if !inClass, c == "(", i + 1 < scalars.count, scalars[i + 1] == "?" {
                let rest = String(String.UnicodeScalarView(scalars[(i + 2)...].prefix(2)))
                if rest.hasPrefix(":") || rest.hasPrefix("=") || rest.hasPrefix("!") {
                    // Non-capturing group or lookahead.
                } else if rest == "<=" || rest == "<!" {
                    checked += "(?:"
                    i += 4
                    continue
                } else if rest.hasPrefix("<") {
                    // Named group `(?<name>`.
                } else {
                    return false
                }
            }
            checked.unicodeScalars.append(c)
            i += 1
        }
        return PatternCompiler.compile(checked) != nil || (try? checkSyntax(checked)) != nil
    }

    /// Rewrites ECMA-262 syntax into Swift Regex syntax.
    static func translate(_ source: String) throws(SchemaError) -> String {
        var out = ""
        var scalars = Array(source.unicodeScalars)[...]
        var inClass = false
        while let c = scalars.popFirst() {
            switch c {
            case "\\":
                guard let next = scalars.popFirst() else {
                    throw .invalidPattern(pattern: source, location: "", reason: "trailing backslash")
                }
                switch next {
                case "u":
                    let hex = scalars.prefix(4)
                    if hex.count == 4, hex.allSatisfy({ $0.properties.isASCIIHexDigit }) {
                        out += "\\u{" + String(String.UnicodeScalarView(hex)) + "}"
                        scalars = scalars.dropFirst(4)
                    } else if scalars.first == "{" {
                        out += "\\u"
                    } else {
                        out += "u"
                    }
                case "c":
                    if let letter = scalars.first, letter.properties.isAlphabetic, letter.isASCII {
                        scalars = scalars.dropFirst()
                        out += "\\u{" + String(letter.value % 32, radix: 16) + "}"
                    } else {
                        out += "\\\\c"
                    }
                case "s":
                    // ECMA-262's \s also matches U+FEFF, which Unicode does not call a space.
                    out += inClass ? "\\s\\u{FEFF}" : "[\\s\\u{FEFF}]"
                case "S" where !inClass:
                    out += "[^\\s\\u{FEFF}]"
                case "d", "D", "w", "W", "S", "b", "B", "p", "P", "t", "n", "r", "f", "v", "0",
                    "1", "2", "3", "4", "5", "6", "7", "8", "9", "x", "k":
                    out += "\\" + String(next)
                default:
                    // An identity escape: the character itself, quoted for Swift.
                    if next.properties.isAlphabetic && next.isASCII {
                        throw .invalidPattern(pattern: source, location: "", reason: "unknown escape \\\(next)")
                    }
                    out += "\\" + String(next)
                }
            case "[":
                if inClass {
                    out += "\\["
                } else if scalars.first == "]" {
                    // `[]` matches nothing in ECMA-262.
                    scalars = scalars.dropFirst()
                    out += "(?!)"
                } else if scalars.starts(with: ["^", "]"]) {
                    // `[^]` matches any character.
                    scalars = scalars.dropFirst(2)
                    out += "[\\s\\S]"
                } else {
                    inClass = true
                    out += "["
                    if scalars.first == "^" { out += "^"; scalars = scalars.dropFirst() }
                }
            case "]":
                out += inClass ? "]" : "\\]"
                inClass = false
            case "$":
                // ECMA-262's `$` (without the m flag) matches only at the very end.
                out += inClass ? "$" : "\\z"
            case "&" where inClass, "~" where inClass:
                // Swift reads `&&` and `~~` in a class as set operators.
                out += "\\" + String(c)
            case " ", "#":
                out += "\\" + String(c)
            default:
                out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
