// Splitting prose into lines and words for the text merge. PlanDiff has its
// own word-level tokeniser; these are kept separate until the two are unified.

enum TextTokens {
    /// The lines of `text`, each with its line break, so joining them gives
    /// the text back exactly.
    static func lines(_ text: String) -> [Substring] {
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        let utf8 = text.utf8
        var u = utf8.startIndex
        while u != utf8.endIndex {
            if utf8[u] == UInt8(ascii: "\n") {
                index = utf8.index(after: u)
                result.append(text[start..<index])
                start = index
            }
            u = utf8.index(after: u)
        }
        if start != text.endIndex { result.append(text[start...]) }
        return result
    }

    /// Words, runs of white space, and single punctuation marks, so a change
    /// to one word leaves the neighbouring sentence untouched.
    static func words(_ text: Substring) -> [Substring] {
        enum Class { case word, space, mark }
        func classOf(_ s: Unicode.Scalar) -> Class {
            if s.properties.isWhitespace { return .space }
            if s.properties.isAlphabetic || s.properties.numericType != nil || s == "_" || s == "-" || s == "'" {
                return .word
            }
            return .mark
        }
        var result: [Substring] = []
        let scalars = text.unicodeScalars
        var start = scalars.startIndex
        var current: Class?
        var i = scalars.startIndex
        while i != scalars.endIndex {
            let c = classOf(scalars[i])
            if let cur = current, cur != c || c == .mark {
                result.append(Substring(scalars[start..<i]))
                start = i
            }
            current = c
            i = scalars.index(after: i)
        }
        if start != scalars.endIndex { result.append(Substring(scalars[start...])) }
        return result
    }

    static func containsWhitespace(_ text: String) -> Bool {
        text.unicodeScalars.contains { $0.properties.isWhitespace }
    }
}
