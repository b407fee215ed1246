// A small backtracking matcher for the common subset of ECMA-262 patterns
// (literals, classes, `\d\w\s\p{..}`, groups, alternation, quantifiers,
// lookahead, anchors). Swift's Regex runs these correctly but slowly; this
// machine runs them on code points with ECMA-262 semantics directly. Patterns
// outside the subset (backreferences, lookbehind, ...) stay with Regex.

/// A set of code points: an ASCII bitmap plus ranges and Unicode classes.
struct ScalarSet: Sendable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var ranges: [ClosedRange<UInt32>] = []
    var categories: [Unicode.GeneralCategory] = []
    var negatedCategories: [Unicode.GeneralCategory] = []
    /// Unicode white space beyond ASCII (for `\s`).
    var unicodeSpace = false
    var negatedSpace = false
    var negatedDigit = false
    var negatedWord = false
    var isNegated = false

    mutating func insert(_ value: UInt32) {
        if value < 64 { low |= 1 << UInt64(value) } else if value < 128 { high |= 1 << UInt64(value - 64) } else {
            ranges.append(value...value)
        }
    }

    mutating func insert(_ range: ClosedRange<UInt32>) {
        var v = range.lowerBound
        while v <= range.upperBound && v < 128 {
            insert(v)
            v += 1
        }
        if range.upperBound >= 128 { ranges.append(max(128, range.lowerBound)...range.upperBound) }
    }

    static let spaceScalars: [UInt32] = [
        0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF,
    ]

    mutating func insertSpace() {
        for v in Self.spaceScalars { insert(v) }
        insert(0x2000...0x200A)
    }

    static func isSpace(_ v: UInt32) -> Bool { spaceScalars.contains(v) || (0x2000...0x200A).contains(v) }
    static func isDigit(_ v: UInt32) -> Bool { v >= 0x30 && v <= 0x39 }
    static func isWord(_ v: UInt32) -> Bool {
        (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) || v == 0x5F
    }

    func contains(_ v: UInt32) -> Bool {
        containsIgnoringNegation(v) != isNegated
    }

    private func containsIgnoringNegation(_ v: UInt32) -> Bool {
        if v < 64 { if low & (1 << UInt64(v)) != 0 { return true } } else if v < 128 {
            if high & (1 << UInt64(v - 64)) != 0 { return true }
        }
        if negatedDigit && !Self.isDigit(v) { return true }
        if negatedWord && !Self.isWord(v) { return true }
        if negatedSpace && !Self.isSpace(v) { return true }
        if v >= 128 {
            for range in ranges where range.contains(v) { return true }
        }
        if !categories.isEmpty || !negatedCategories.isEmpty, let scalar = Unicode.Scalar(v) {
            let category = scalar.properties.generalCategory
            if categories.contains(category) { return true }
            if !negatedCategories.isEmpty && !negatedCategories.contains(category) { return true }
        }
        return false
    }
}

/// One instruction of the matcher.
enum PatternInstruction: Sendable {
    case scalar(UInt32)
    /// A code point in `sets[index]`; ASCII answers come from the bitmap
    /// `low`/`high` (code points 0-63 and 64-127), precomputed from the set.
    case set(low: UInt64, high: UInt64, index: Int)
    /// A greedy run of `minimum...maximum` members of a set (`maximum` -1 for
    /// no bound), giving back one code point at a time on backtracking.
    case run(low: UInt64, high: UInt64, index: Int, minimum: Int, maximum: Int)
    /// Any code point but a line terminator.
    case any
    /// Try `first`, on failure `second`.
    case split(Int, Int)
    case jump(Int)
    case lineStart, lineEnd
    case wordBoundary(Bool)
    /// Lookahead: `lookaheads[index]` must (or must not) match here.
    case lookahead(Int, negated: Bool)
    case match
}

/// A compiled pattern.
final class PatternProgram: Sendable {
    let instructions: [PatternInstruction]
    let sets: [ScalarSet]
    let lookaheads: [PatternProgram]
    let anchoredAtStart: Bool

    /// The pattern as a straight line of steps over ASCII bytes, when it is
    /// anchored at the start and never needs to backtrack; nil otherwise.
    let straightLine: StraightLine?

    init(instructions: [PatternInstruction], sets: [ScalarSet], lookaheads: [PatternProgram], anchoredAtStart: Bool) {
        self.instructions = instructions
        self.sets = sets
        self.lookaheads = lookaheads
        self.anchoredAtStart = anchoredAtStart
        straightLine = anchoredAtStart ? StraightLine(instructions) : nil
    }

    /// Whether the pattern matches anywhere in `text`.
    func matches(_ text: String) -> Bool {
        // Most schema patterns (identifiers, hashes, dates) are anchored
        // classes and literals: on ASCII text they are answered from the
        // string's own bytes, with no copy into code points.
        if let straightLine, let answer = text.utf8.withContiguousStorageIfAvailable({ straightLine.matches($0) }),
            let answer
        {
            return answer
        }
        return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: text.utf8.count + 1) { buffer in
            var count = 0
            // ASCII bytes are code points already; anything else is decoded.
            var ascii = true
            for byte in text.utf8 {
                if byte >= 0x80 { ascii = false; break }
                buffer[count] = UInt32(byte)
                count += 1
            }
            if !ascii {
                count = 0
                for s in text.unicodeScalars {
                    buffer[count] = s.value
                    count += 1
                }
            }
            let input = UnsafeBufferPointer(rebasing: buffer[0..<count])
            return BacktrackStack.withStack { stack in
                if anchoredAtStart { return run(input, from: 0, stack: &stack) != nil }
                for start in 0...input.count where run(input, from: start, stack: &stack) != nil { return true }
                return false
            }
        }
    }

    /// Runs from `start`; returns the end of the match or nil.
    func run(_ input: UnsafeBufferPointer<UInt32>, from start: Int) -> Int? {
        BacktrackStack.withStack { run(input, from: start, stack: &$0) }
    }

    private func run(_ input: UnsafeBufferPointer<UInt32>, from start: Int, stack: inout BacktrackStack) -> Int? {
        stack.removeAll()
        return instructions.withUnsafeBufferPointer { code in
            sets.withUnsafeBufferPointer { sets in
                execute(code, sets, input, from: start, stack: &stack)
            }
        }
    }

    private func execute(
        _ code: UnsafeBufferPointer<PatternInstruction>, _ sets: UnsafeBufferPointer<ScalarSet>,
        _ input: UnsafeBufferPointer<UInt32>, from start: Int, stack: inout BacktrackStack
    ) -> Int? {
        var pc = 0
        var position = start
        var steps = 0
        while true {
            steps += 1
            // Catastrophic backtracking is cut off rather than allowed to hang.
            if steps > 5_000_000 { return nil }
            var failed = false
            switch code[pc] {
            case .scalar(let v):
                if position < input.count && input[position] == v { position += 1; pc += 1 } else { failed = true }
            case .set(let low, let high, let set):
                guard position < input.count else { failed = true; break }
                let v = input[position]
                let member = v < 64 ? low & (1 << UInt64(v)) != 0 : v < 128 ? high & (1 << UInt64(v - 64)) != 0 : sets[set].contains(v)
                if member { position += 1; pc += 1 } else { failed = true }
            case .any:
                if position < input.count, ![0x0A, 0x0D, 0x2028, 0x2029].contains(input[position]) {
                    position += 1
                    pc += 1
                } else {
                    failed = true
                }
            case .split(let first, let second):
                stack.push((second, position, -1))
                pc = first
            case .run(let low, let high, let set, let minimum, let maximum):
                let limit = maximum < 0 ? input.count : min(input.count, position + maximum)
                var end = position
                while end < limit {
                    let v = input[end]
                    let member = v < 64 ? low & (1 << UInt64(v)) != 0 : v < 128 ? high & (1 << UInt64(v - 64)) != 0 : sets[set].contains(v)
                    if !member { break }
                    end += 1
                }
                if end - position < minimum {
                    failed = true
                } else {
                    if end > position + minimum { stack.push((pc + 1, end - 1, position + minimum)) }
                    position = end
                    pc += 1
                }
            case .jump(let target):
                pc = target
            case .lineStart:
                if position == 0 { pc += 1 } else { failed = true }
            case .lineEnd:
                if position == input.count { pc += 1 } else { failed = true }
            case .wordBoundary(let expected):
                let before = position > 0 && ScalarSet.isWord(input[position - 1])
                let after = position < input.count && ScalarSet.isWord(input[position])
                if (before != after) == expected { pc += 1 } else { failed = true }
            case .lookahead(let program, let negated):
                let found = lookaheads[program].run(input, from: position) != nil
                if found != negated { pc += 1 } else { failed = true }
            case .match:
                return position
            }
            if failed {
                guard let (next, at, floor) = stack.pop() else { return nil }
                // A run gives back one more code point next time.
                if floor >= 0 && at > floor { stack.push((next, at - 1, floor)) }
                pc = next
                position = at
            }
        }
    }
}

/// The machine's backtracking points: in space on the caller's stack while
/// they fit, on the heap past that. An array here cost several allocations
/// per match of a pattern with alternatives (`^(I|II|III|IV)...`), which
/// were most of the time spent matching citation references.
///
/// It owns the heap storage it grows into, so it cannot be copied, and frees
/// that storage when it goes away.
struct BacktrackStack: ~Copyable {
    typealias Entry = (pc: Int, position: Int, floor: Int)
    private var storage: UnsafeMutablePointer<Entry>
    private var capacity: Int
    private var onHeap = false
    private var count = 0

    private init(_ buffer: UnsafeMutableBufferPointer<Entry>) {
        storage = buffer.baseAddress!
        capacity = buffer.count
    }

    /// Runs `body` with an empty stack that lives as long as the call.
    static func withStack<Result>(_ body: (inout BacktrackStack) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: Entry.self, capacity: 64) { buffer in
            var stack = BacktrackStack(buffer)
            return body(&stack)
        }
    }

    @inline(__always)
    mutating func push(_ entry: Entry) {
        if count == capacity { grow() }
        storage[count] = entry
        count += 1
    }

    @inline(__always)
    mutating func pop() -> Entry? {
        guard count > 0 else { return nil }
        count -= 1
        return storage[count]
    }

    mutating func removeAll() { count = 0 }

    deinit {
        if onHeap { storage.deallocate() }
    }

    private mutating func grow() {
        let bigger = UnsafeMutablePointer<Entry>.allocate(capacity: capacity * 2)
        bigger.initialize(from: storage, count: count)
        if onHeap { storage.deallocate() }
        storage = bigger
        capacity *= 2
        onHeap = true
    }
}

/// A pattern that runs start to end without backtracking, on ASCII text:
/// `^`, then literals, classes and greedy runs of a class, then `$` or not.
///
/// A run needs no backtracking when it has a fixed length, or when what
/// follows it cannot start with a character the run would take (a class
/// disjoint from it, an ASCII literal outside it, `$`, or the end of the
/// pattern): giving characters back could then never let the rest match.
/// Only the ASCII parts of classes matter, because any non-ASCII byte met
/// where a class is tested hands the text back to the general machine.
struct StraightLine: Sendable {
    enum Step: Sendable {
        case byte(UInt8)
        case set(low: UInt64, high: UInt64)
        case run(low: UInt64, high: UInt64, minimum: Int, maximum: Int)
    }

    let steps: [Step]
    /// Whether the pattern ends with `$` (the text must end there too).
    let anchoredAtEnd: Bool

    init?(_ instructions: [PatternInstruction]) {
        guard case .lineStart? = instructions.first else { return nil }
        var steps: [Step] = []
        var anchoredAtEnd = false
        for (i, instruction) in instructions.enumerated().dropFirst() {
            switch instruction {
            case .scalar(let v) where v < 0x80: steps.append(.byte(UInt8(v)))
            case .set(let low, let high, _): steps.append(.set(low: low, high: high))
            case .run(let low, let high, _, let minimum, let maximum):
                steps.append(.run(low: low, high: high, minimum: minimum, maximum: maximum))
            case .lineEnd where i == instructions.count - 2: anchoredAtEnd = true
            case .match where i == instructions.count - 1: break
            default: return nil
            }
        }
        for (i, step) in steps.enumerated() {
            guard case .run(let low, let high, let minimum, let maximum) = step, minimum != maximum else { continue }
            guard i + 1 < steps.count else { continue }
            switch steps[i + 1] {
            case .byte(let b):
                if Self.contains(low, high, b) { return nil }
            case .set(let nextLow, let nextHigh):
                if low & nextLow != 0 || high & nextHigh != 0 { return nil }
            case .run(let nextLow, let nextHigh, let nextMinimum, _):
                if nextMinimum == 0 || low & nextLow != 0 || high & nextHigh != 0 { return nil }
            }
        }
        self.steps = steps
        self.anchoredAtEnd = anchoredAtEnd
    }

    static func contains(_ low: UInt64, _ high: UInt64, _ b: UInt8) -> Bool {
        b < 64 ? low & (1 << UInt64(b)) != 0 : b < 128 ? high & (1 << UInt64(b - 64)) != 0 : false
    }

    /// Whether `text` (UTF-8) matches; nil when a non-ASCII byte is met
    /// where the answer depends on it.
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool? {
        var position = 0
        for step in steps {
            switch step {
            case .byte(let b):
                // A non-ASCII byte is never an ASCII literal.
                guard position < text.count, text[position] == b else { return false }
                position += 1
            case .set(let low, let high):
                guard position < text.count else { return false }
                let b = text[position]
                if b >= 0x80 { return nil }
                guard Self.contains(low, high, b) else { return false }
                position += 1
            case .run(let low, let high, let minimum, let maximum):
                let limit = maximum < 0 ? text.count : min(text.count, position + maximum)
                var end = position
                while end < limit {
                    let b = text[end]
                    if b >= 0x80 { return nil }
                    if !Self.contains(low, high, b) { break }
                    end += 1
                }
                guard end - position >= minimum else { return false }
                position = end
            }
        }
        // With `$`, anything left over (ASCII or not) is a character too many.
        return !anchoredAtEnd || position == text.count
    }
}

/// Parses ECMA-262 pattern text into a ``PatternProgram``; nil when the
/// pattern uses something outside the subset (the caller then uses Regex).
struct PatternCompiler {
    private var scalars: [Unicode.Scalar]
    private var index = 0

    indirect enum Node {
        case empty
        case atom(PatternInstruction)
        case setAtom(ScalarSet)
        case sequence([Node])
        case alternation([Node])
        case repeated(Node, min: Int, max: Int?, greedy: Bool)
        case lookahead(Node, negated: Bool)
    }

    static func compile(_ source: String) -> PatternProgram? {
        var parser = PatternCompiler(scalars: Array(source.unicodeScalars))
        guard let node = parser.parseAlternation(), parser.index == parser.scalars.count else { return nil }
        let anchored: Bool
        if case .sequence(let items) = node, case .atom(.lineStart)? = items.first { anchored = true } else { anchored = false }
        return program(for: node, anchored: anchored)
    }

    private static func program(for node: Node, anchored: Bool) -> PatternProgram? {
        var emitter = Emitter()
        guard emitter.emit(node) else { return nil }
        emitter.code.append(.match)
        guard emitter.code.count < 20_000 else { return nil }
        return PatternProgram(
            instructions: emitter.code, sets: emitter.sets, lookaheads: emitter.lookaheads, anchoredAtStart: anchored)
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    private mutating func parseAlternation() -> Node? {
        var branches: [Node] = []
        while true {
            guard let branch = parseSequence() else { return nil }
            branches.append(branch)
            if peek == "|" { index += 1 } else { break }
        }
        return branches.count == 1 ? branches[0] : .alternation(branches)
    }

    private mutating func parseSequence() -> Node? {
        var items: [Node] = []
        while let c = peek, c != "|", c != ")" {
            guard var atom = parseAtom() else { return nil }
            if let quantified = parseQuantifier(atom) { atom = quantified } else if quantifierFailed { return nil }
            items.append(atom)
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private var quantifierFailed = false

    private mutating func parseQuantifier(_ atom: Node) -> Node? {
        quantifierFailed = false
        guard let c = peek else { return nil }
        var minimum = 0
        var maximum: Int? = nil
        switch c {
        case "*": index += 1
        case "+": index += 1; minimum = 1
        case "?": index += 1; maximum = 1
        case "{":
            let save = index
            index += 1
            guard let n = parseNumber() else { index = save; return nil }
            minimum = n
            maximum = n
            if peek == "," {
                index += 1
                maximum = parseNumber()
            }
            guard peek == "}" else { index = save; return nil }
            index += 1
            if let maximum, maximum < minimum { quantifierFailed = true; return nil }
        default:
            return nil
        }
        if case .atom(.lineStart) = atom { quantifierFailed = true; return nil }
        var greedy = true
        if peek == "?" { index += 1; greedy = false }
        if let next = peek, "*+?{".unicodeScalars.contains(next), next != "{" { quantifierFailed = true; return nil }
        return .repeated(atom, min: minimum, max: maximum, greedy: greedy)
    }

    private mutating func parseNumber() -> Int? {
        var value = 0
        var digits = 0
        while let c = peek, ("0"..."9").contains(c) {
            value = value * 10 + Int(c.value - 48)
            digits += 1
            index += 1
            if value > 10_000 { return nil }
        }
        return digits > 0 ? value : nil
    }

    private mutating func parseAtom() -> Node? {
        guard let c = peek else { return nil }
        index += 1
        switch c {
        case "^": return .atom(.lineStart)
        case "$": return .atom(.lineEnd)
        case ".": return .atom(.any)
        case "(":
            var lookahead: Bool? = nil
            if peek == "?" {
                guard index + 1 < scalars.count else { return nil }
                switch scalars[index + 1] {
                case ":": index += 2
                case "=": index += 2; lookahead = false
                case "!": index += 2; lookahead = true
                case "<":
                    // Named group; lookbehind is left to Regex.
                    guard index + 2 < scalars.count, scalars[index + 2] != "=", scalars[index + 2] != "!" else { return nil }
                    guard let close = scalars[index...].firstIndex(of: ">") else { return nil }
                    index = close + 1
                default: return nil
                }
            }
            guard let inner = parseAlternation(), peek == ")" else { return nil }
            index += 1
            if let negated = lookahead { return .lookahead(inner, negated: negated) }
            return inner
        case "[":
            return parseClass().map { .setAtom($0) }
        case "\\":
            return parseEscape(inClass: false)
        case ")", "*", "+", "?", "{", "}", "]":
            // ECMA-262 allows a lone `]` or `}` as a literal; the rest are errors.
            return c == "]" || c == "}" ? .atom(.scalar(c.value)) : nil
        default:
            return .atom(.scalar(c.value))
        }
    }

    /// After `\`: an atom, or for a class a set of code points.
    private mutating func parseEscape(inClass: Bool) -> Node? {
        guard let set = parseEscapeSet(inClass: inClass) else {
            guard let c = peek else { return nil }
            switch c {
            case "b" where !inClass: index += 1; return .atom(.wordBoundary(true))
            case "B" where !inClass: index += 1; return .atom(.wordBoundary(false))
            default: return nil
            }
        }
        if set.ranges.isEmpty, set.categories.isEmpty, set.negatedCategories.isEmpty, !set.isNegated,
            !set.negatedDigit, !set.negatedWord, !set.negatedSpace, (set.low | set.high).nonzeroBitCount == 1
        {
            let bit = set.low != 0 ? set.low.trailingZeroBitCount : 64 + set.high.trailingZeroBitCount
            return .atom(.scalar(UInt32(bit)))
        }
        return .setAtom(set)
    }

    /// Escapes that stand for code points: `\d`, `\n`, `\u0041`, `\p{L}`, `\.`.
    private mutating func parseEscapeSet(inClass: Bool) -> ScalarSet? {
        guard let c = peek else { return nil }
        var set = ScalarSet()
        switch c {
        case "d": set.insert(0x30...0x39)
        case "D": set.negatedDigit = true
        case "w": set.insert(0x30...0x39); set.insert(0x41...0x5A); set.insert(0x61...0x7A); set.insert(0x5F)
        case "W": set.negatedWord = true
        case "s": set.insertSpace()
        case "S": set.negatedSpace = true
        case "t": set.insert(0x09)
        case "n": set.insert(0x0A)
        case "r": set.insert(0x0D)
        case "f": set.insert(0x0C)
        case "v": set.insert(0x0B)
        case "0":
            guard index + 1 >= scalars.count || !("0"..."9").contains(scalars[index + 1]) else { return nil }
            set.insert(0)
        case "x":
            guard index + 2 < scalars.count, let v = UInt32(String(String.UnicodeScalarView(scalars[(index + 1)...(index + 2)])), radix: 16) else { return nil }
            index += 2
            set.insert(v)
        case "u":
            guard index + 4 < scalars.count, let v = UInt32(String(String.UnicodeScalarView(scalars[(index + 1)...(index + 4)])), radix: 16),
                !(0xD800...0xDFFF).contains(v)
            else { return nil }
            index += 4
            set.insert(v)
        case "c":
            guard index + 1 < scalars.count, scalars[index + 1].isASCII, scalars[index + 1].properties.isAlphabetic else { return nil }
            index += 1
            set.insert(scalars[index].value % 32)
        case "p", "P":
            guard index + 1 < scalars.count, scalars[index + 1] == "{",
                let close = scalars[index...].firstIndex(of: "}"),
                let categories = Self.categories(named: String(String.UnicodeScalarView(scalars[(index + 2)..<close])))
            else { return nil }
            index = close
            if c == "p" { set.categories = categories } else { set.negatedCategories = categories }
        default:
            // Identity escapes of syntax characters only (as with the u flag).
            guard "^$\\.*+?()[]{}|/-".unicodeScalars.contains(c) else { return nil }
            set.insert(c.value)
        }
        index += 1
        return set
    }

    private mutating func parseClass() -> ScalarSet? {
        var set = ScalarSet()
        if peek == "^" { set.isNegated = true; index += 1 }
        while let c = peek, c != "]" {
            index += 1
            var low: UInt32
            if c == "\\" {
                guard let escaped = parseEscapeSet(inClass: true) else {
                    if peek == "b" { index += 1; low = 0x08 } else { return nil }
                    set.insert(low)
                    continue
                }
                if escaped.ranges.isEmpty && escaped.categories.isEmpty && escaped.negatedCategories.isEmpty
                    && !escaped.negatedDigit && !escaped.negatedWord && !escaped.negatedSpace
                    && (escaped.low | escaped.high).nonzeroBitCount == 1
                {
                    low = UInt32(escaped.low != 0 ? escaped.low.trailingZeroBitCount : 64 + escaped.high.trailingZeroBitCount)
                } else {
                    // A class escape such as \d: merge it; it cannot start a range.
                    set.low |= escaped.low
                    set.high |= escaped.high
                    set.ranges += escaped.ranges
                    set.categories += escaped.categories
                    if !escaped.negatedCategories.isEmpty { return nil }
                    set.negatedDigit = set.negatedDigit || escaped.negatedDigit
                    set.negatedWord = set.negatedWord || escaped.negatedWord
                    set.negatedSpace = set.negatedSpace || escaped.negatedSpace
                    if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" { return nil }
                    continue
                }
            } else {
                low = c.value
            }
            if peek == "-", index + 1 < scalars.count, scalars[index + 1] != "]" {
                index += 1
                guard let h = peek else { return nil }
                index += 1
                var high = h.value
                if h == "\\" {
                    guard let escaped = parseEscapeSet(inClass: true), (escaped.low | escaped.high).nonzeroBitCount == 1,
                        escaped.ranges.isEmpty
                    else { return nil }
                    high = UInt32(escaped.low != 0 ? escaped.low.trailingZeroBitCount : 64 + escaped.high.trailingZeroBitCount)
                } else if h == "[" {
                    return nil
                }
                guard low <= high else { return nil }
                set.insert(low...high)
            } else {
                set.insert(low)
            }
        }
        guard peek == "]" else { return nil }
        index += 1
        return set
    }

    static func categories(named name: String) -> [Unicode.GeneralCategory]? {
        let letters: [Unicode.GeneralCategory] = [.uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter]
        let marks: [Unicode.GeneralCategory] = [.nonspacingMark, .spacingMark, .enclosingMark]
        let numbers: [Unicode.GeneralCategory] = [.decimalNumber, .letterNumber, .otherNumber]
        var name = Substring(name)
        for prefix in ["General_Category=", "gc="] where name.hasPrefix(prefix) { name = name.dropFirst(prefix.count) }
        switch name {
        case "L", "Letter": return letters
        case "Lu", "Uppercase_Letter": return [.uppercaseLetter]
        case "Ll", "Lowercase_Letter": return [.lowercaseLetter]
        case "Lt", "Titlecase_Letter": return [.titlecaseLetter]
        case "Lm", "Modifier_Letter": return [.modifierLetter]
        case "Lo", "Other_Letter": return [.otherLetter]
        case "M", "Mark": return marks
        case "Mn", "Nonspacing_Mark": return [.nonspacingMark]
        case "Mc", "Spacing_Mark": return [.spacingMark]
        case "N", "Number": return numbers
        case "Nd", "Decimal_Number", "digit": return [.decimalNumber]
        case "Nl", "Letter_Number": return [.letterNumber]
        case "No", "Other_Number": return [.otherNumber]
        case "P", "Punctuation":
            return [.connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation]
        case "S", "Symbol": return [.mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol]
        case "Z", "Separator": return [.spaceSeparator, .lineSeparator, .paragraphSeparator]
        case "Zs", "Space_Separator": return [.spaceSeparator]
        default: return nil
        }
    }

    /// Whether `node` can match the empty string (a loop over it could spin).
    fileprivate static func canBeEmpty(_ node: Node) -> Bool {
        switch node {
        case .empty: return true
        case .setAtom: return false
        case .atom(let instruction):
            switch instruction {
            case .scalar, .set, .any: return false
            case .run(_, _, _, let minimum, _): return minimum == 0
            default: return true
            }
        case .sequence(let items): return items.allSatisfy(canBeEmpty)
        case .alternation(let branches): return branches.contains(where: canBeEmpty)
        case .repeated(let inner, let minimum, _, _): return minimum == 0 || canBeEmpty(inner)
        case .lookahead: return true
        }
    }

    /// Lays out instructions, moving sets and lookaheads to side tables.
    struct Emitter {
        var code: [PatternInstruction] = []
        var sets: [ScalarSet] = []
        var lookaheads: [PatternProgram] = []

    static func asciiBits(of set: ScalarSet) -> (UInt64, UInt64) {
        var low: UInt64 = 0
        var high: UInt64 = 0
        for v in UInt32(0)..<128 where set.contains(v) {
            if v < 64 { low |= 1 << UInt64(v) } else { high |= 1 << UInt64(v - 64) }
        }
        return (low, high)
    }

    mutating func emit(_ node: Node) -> Bool {
        switch node {
        case .empty:
            return true
        case .atom(let instruction):
            code.append(instruction)
            return true
        case .setAtom(let set):
            let (low, high) = Self.asciiBits(of: set)
            code.append(.set(low: low, high: high, index: sets.count))
            sets.append(set)
            return true
        case .sequence(let items):
            return items.allSatisfy { emit($0) }
        case .alternation(let branches):
            var jumps: [Int] = []
            for (i, branch) in branches.enumerated() {
                if i < branches.count - 1 {
                    let split = code.count
                    code.append(.split(split + 1, -1))
                    guard emit(branch) else { return false }
                    jumps.append(code.count)
                    code.append(.jump(-1))
                    code[split] = .split(split + 1, code.count)
                } else {
                    guard emit(branch) else { return false }
                }
            }
            for j in jumps { code[j] = .jump(code.count) }
            return true
        case .lookahead(let inner, let negated):
            guard let sub = PatternCompiler.program(for: inner, anchored: true) else { return false }
            code.append(.lookahead(lookaheads.count, negated: negated))
            lookaheads.append(sub)
            return true
        case .repeated(.atom(.scalar(let v)), let minimum, let maximum, true):
            // A repeated literal is a run of a one-member set: no loop of splits.
            var set = ScalarSet()
            set.insert(v)
            return emit(.repeated(.setAtom(set), min: minimum, max: maximum, greedy: true))
        case .repeated(.setAtom(let set), let minimum, let maximum, true):
            let (low, high) = Self.asciiBits(of: set)
            code.append(.run(low: low, high: high, index: sets.count, minimum: minimum, maximum: maximum ?? -1))
            sets.append(set)
            return true
        case .repeated(let inner, let minimum, let maximum, let greedy):
            if PatternCompiler.canBeEmpty(inner) && maximum == nil { return false }
            for _ in 0..<minimum { guard emit(inner) else { return false } }
            if let maximum {
                // Optional copies: each may be skipped, ending the repetition.
                var exits: [Int] = []
                for _ in minimum..<maximum {
                    exits.append(code.count)
                    code.append(.split(-1, -1))
                    guard emit(inner) else { return false }
                }
                for e in exits { code[e] = greedy ? .split(e + 1, code.count) : .split(code.count, e + 1) }
            } else {
                let loop = code.count
                code.append(.split(-1, -1))
                guard emit(inner) else { return false }
                code.append(.jump(loop))
                code[loop] = greedy ? .split(loop + 1, code.count) : .split(code.count, loop + 1)
            }
            return code.count < 20_000
        }
    }
    }
}
