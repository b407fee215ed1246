// `pattern` and `patternProperties` are ECMA-262 regular expressions; this
// translates the few places where ECMA-262 and Swift's Regex disagree and
// runs the result with ECMA-like semantics (code points, ASCII \d and \w).

/// A compiled `pattern`: unanchored search, like ECMA-262's `RegExp.test`.
final class ECMARegex: @unchecked Sendable {
    // `Regex` holds an immutable compiled program and is only read after
    // compilation; Swift 6.3's `Regex` is not yet declared `Sendable`.
    private let regex: Regex<AnyRegexOutput>?
    /// The fast machine, for patterns within its subset.
    private let program: PatternProgram?
    let source: String

    init(_ source: String) throws(SchemaError) {
        self.source = source
        if let program = PatternCompiler.compile(source) {
            self.program = program
            self.regex = nil
            return
        }
        program = nil
        let translated = try Self.translate(source)
        do {
            regex = try Regex(translated)
                .matchingSemantics(.unicodeScalar)
                .asciiOnlyDigits()
                .asciiOnlyWordCharacters()
        } catch {
            throw .invalidPattern(pattern: source, location: "", reason: "\(error)")
        }
    }

    /// Whether the pattern matches anywhere in `text`, or that it cannot be
    /// decided within the pattern machine's step limit.
    func test(_ text: String) -> PatternVerdict {
        if let program { return program.test(text) }
        return (try? regex?.firstMatch(in: text)) != nil ? .match : .noMatch
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
        return (try? ECMARegex(checked)) != nil
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
