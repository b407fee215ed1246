// Small editing helpers for building concurrent-edit scenarios from plans.
import OrderedCollections
import PlanDocument

extension Node {
    /// The node after applying `change` to the value at `pointer`.
    func editing(_ pointer: JSONPointer, _ change: (inout Node) -> Void) -> Node {
        var copy = self
        copy.edit(pointer.tokens[...], change)
        return copy
    }

    private mutating func edit(_ tokens: ArraySlice<String>, _ change: (inout Node) -> Void) {
        guard let token = tokens.first else { return change(&self) }
        switch content {
        case .mapping(var m):
            content = .null
            var child = m[token] ?? .null
            child.edit(tokens.dropFirst(), change)
            m[token] = child
            content = .mapping(m)
        case .sequence(var s):
            content = .null
            s[Int(token)!].edit(tokens.dropFirst(), change)
            content = .sequence(s)
        default:
            preconditionFailure("cannot descend into a scalar at \(token)")
        }
    }

    func setting(_ pointer: JSONPointer, to value: Node) -> Node { editing(pointer) { $0 = value } }

    func moving(in pointer: JSONPointer, from: Int, to: Int) -> Node {
        editing(pointer) { parent in
            var s = parent.sequence!
            let item = s.remove(at: from)
            s.insert(item, at: to)
            parent = Node(.sequence(s))
        }
    }

    func inserting(_ value: Node, in pointer: JSONPointer, at index: Int) -> Node {
        editing(pointer) { parent in
            var s = parent.sequence ?? []
            s.insert(value, at: index)
            parent = Node(.sequence(s))
        }
    }

    func removing(in pointer: JSONPointer, at index: Int) -> Node {
        editing(pointer) { parent in
            var s = parent.sequence!
            s.remove(at: index)
            parent = Node(.sequence(s))
        }
    }
}

/// A deterministic random number generator (SplitMix64), so a seed names a
/// scenario set exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Words of a prose text with the sentence each belongs to, for edits that
/// touch one word of one sentence.
struct ProseWords {
    struct Word {
        var range: Range<String.Index>
        var sentence: Int
    }

    let text: String
    private(set) var words: [Word] = []
    private(set) var sentenceCount = 0

    init(_ text: String) {
        self.text = text
        var sentence = 0
        var start: String.Index?
        var index = text.startIndex
        while index != text.endIndex {
            let c = text[index]
            if c.isLetter {
                if start == nil { start = index }
            } else {
                if let s = start {
                    words.append(Word(range: s..<index, sentence: sentence))
                    start = nil
                }
                if c == "." || c == "\n" {
                    let next = text.index(after: index)
                    if next == text.endIndex || text[next] == " " || text[next] == "\n" || c == "\n" {
                        if words.last?.sentence == sentence { sentence += 1 }
                    }
                }
            }
            index = text.index(after: index)
        }
        if let s = start { words.append(Word(range: s..<text.endIndex, sentence: sentence)) }
        sentenceCount = (words.last?.sentence ?? -1) + 1
    }

    /// Words of sentence `n` long enough to be worth changing.
    func candidates(inSentence n: Int) -> [Word] {
        words.filter { $0.sentence == n && text[$0.range].count >= 4 }
    }

    /// The text with each range replaced; ranges must not overlap.
    static func replacing(_ text: String, _ replacements: [(Range<String.Index>, String)]) -> String {
        var result = text
        for (range, word) in replacements.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
            result.replaceSubrange(range, with: word)
        }
        return result
    }
}

extension JSONPointer: ExpressibleByStringLiteral, ExpressibleByUnicodeScalarLiteral,
    ExpressibleByExtendedGraphemeClusterLiteral, ExpressibleByStringInterpolation
{
    public init(stringLiteral value: String) { self.init(value) }
}
