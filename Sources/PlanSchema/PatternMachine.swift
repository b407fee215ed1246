// A matcher for the common subset of ECMA-262 patterns (literals, classes,
// `\d\w\s\p{..}`, groups, alternation, quantifiers, lookahead, anchors) on
// code points with ECMA-262 semantics: a backtracking machine for speed, and
// the same program as an automaton when backtracking would take more than
// linear time. Patterns outside the subset (backreferences, lookbehind, ...)
// are refused when the schema is compiled (see ECMARegex).

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

/// How a pattern fared on one text.
enum PatternVerdict: Sendable, Equatable {
    case match
    case noMatch
    /// The pattern could not be decided within `limit` steps. Only a
    /// pattern with lookaheads, or one too large to run as an automaton,
    /// can end here; the caller must report it, never read it as either
    /// answer.
    case tooManySteps(limit: Int)
}

/// A compiled pattern.
///
/// A text is matched in up to two ways. The backtracking machine runs first,
/// with an allowance of steps proportional to the program and the text, and
/// decides nearly every schema pattern well inside it. When the allowance
/// runs out, the same program runs as an automaton (a Pike VM: every thread
/// of the NFA advances one code point at a time, at most one thread per
/// instruction), whose steps are at most twice the program size per code
/// point of the text, whatever the pattern. So without lookaheads, a match
/// takes time linear in the text.
///
/// A lookahead is decided once per position and remembered, but deciding it
/// can take a step per position of the rest of the text: a program with
/// lookaheads therefore runs under a step limit and answers
/// ``PatternVerdict/tooManySteps(limit:)`` past it.
final class PatternProgram: Sendable {
    let instructions: [PatternInstruction]
    /// The instructions with every `run` spelled out as sets, splits and
    /// jumps, for the automaton; nil when that would exceed
    /// ``automatonSizeLimit`` (such a program runs under the step limit).
    let automaton: [PatternInstruction]?
    let sets: [ScalarSet]
    let lookaheads: [PatternProgram]
    let anchoredAtStart: Bool
    /// Whether some unbounded loop's body can match the empty string. The
    /// backtracking machine could spin on such a loop, so only the automaton
    /// (which visits an instruction once per position) runs the program.
    let hasEmptyLoop: Bool

    /// The pattern as a straight line of steps over ASCII bytes, when it is
    /// anchored at the start and never needs to backtrack; nil otherwise.
    let straightLine: StraightLine?

    /// The largest automaton built; a program beyond it runs only on the
    /// backtracking machine, under the step limit.
    static let automatonSizeLimit = 200_000

    /// The steps a text of `count` code points may take when the pattern is
    /// not guaranteed linear.
    static func stepLimit(forLength count: Int) -> Int { 10_000_000 + 100 * count }

    init(
        instructions: [PatternInstruction], sets: [ScalarSet], lookaheads: [PatternProgram], anchoredAtStart: Bool,
        hasEmptyLoop: Bool = false
    ) {
        self.instructions = instructions
        self.sets = sets
        self.lookaheads = lookaheads
        self.anchoredAtStart = anchoredAtStart
        self.hasEmptyLoop = hasEmptyLoop
        automaton = Self.automaton(for: instructions)
        straightLine = anchoredAtStart && !hasEmptyLoop ? StraightLine(instructions) : nil
    }

    /// Whether the pattern matches anywhere in `text`; a pattern that cannot
    /// be decided counts as no match. Checks and reports use ``test(_:stepLimit:)``.
    func matches(_ text: String) -> Bool { test(text) == .match }

    /// Whether the pattern matches anywhere in `text`, or that it cannot be
    /// decided within `stepLimit` steps (by default ``stepLimit(forLength:)``).
    func test(_ text: String, stepLimit: Int? = nil) -> PatternVerdict { measure(text, stepLimit: stepLimit).verdict }

    /// ``test(_:stepLimit:)`` with the number of steps it took.
    /// - Complexity: O(*m* · *n*) steps for a program of *m* instructions
    ///   without lookaheads on a text of *n* code points.
    func measure(_ text: String, stepLimit: Int? = nil) -> (verdict: PatternVerdict, steps: Int) {
        // Most schema patterns (identifiers, hashes, dates) are anchored
        // classes and literals: on ASCII text they are answered from the
        // string's own bytes, with no copy into code points.
        if let straightLine, let answer = text.utf8.withContiguousStorageIfAvailable({ straightLine.matches($0) }),
            let answer
        {
            return (answer ? .match : .noMatch, text.utf8.count)
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
            let limit = stepLimit ?? Self.stepLimit(forLength: count)
            var run = PatternRun(input: UnsafeBufferPointer(rebasing: buffer[0..<count]), limit: limit)
            let found = search(&run, from: 0, anchored: anchoredAtStart)
            return (found.map { $0 ? .match : .noMatch } ?? .tooManySteps(limit: limit), run.steps)
        }
    }

    /// What one attempt came to.
    private enum Outcome { case matched, failed, outOfSteps }

    /// Whether the program matches at `start` (`anchored`) or at any
    /// position from `start` on; nil when the run's step limit was reached.
    private func search(_ run: inout PatternRun, from start: Int, anchored: Bool) -> Bool? {
        if !hasEmptyLoop {
            // With an automaton to fall back on, backtracking gets an
            // allowance linear in the text; without one, the whole limit.
            let allowance = 4 * (instructions.count + 8) * (run.input.count - start + 1)
            let until = automaton == nil ? run.limit : min(run.limit, run.steps + allowance)
            switch backtrack(&run, from: start, anchored: anchored, until: until) {
            case .matched: return true
            case .failed: return false
            case .outOfSteps:
                if run.isExhausted { return nil }
                guard automaton != nil else {
                    run.isExhausted = true
                    return nil
                }
            }
        }
        guard let automaton else {
            run.isExhausted = true
            return nil
        }
        return simulate(automaton, &run, from: start, anchored: anchored)
    }

    /// Whether lookahead `index` matches at `position`; nil past the step limit.
    private func lookahead(_ index: Int, at position: Int, _ run: inout PatternRun) -> Bool? {
        let program = lookaheads[index]
        let key = ObjectIdentifier(program)
        if let known = run.lookaheadAnswers[key]?[position], known != 0 { return known == 1 }
        guard let found = program.search(&run, from: position, anchored: true) else { return nil }
        run.lookaheadAnswers[key, default: [UInt8](repeating: 0, count: run.input.count + 1)][position] = found ? 1 : 2
        return found
    }

    // MARK: Backtracking

    private func backtrack(_ run: inout PatternRun, from start: Int, anchored: Bool, until budget: Int) -> Outcome {
        BacktrackStack.withStack { stack in
            instructions.withUnsafeBufferPointer { code in
                sets.withUnsafeBufferPointer { sets in
                    let last = anchored ? start : run.input.count
                    var first = start
                    while first <= last {
                        stack.removeAll()
                        let outcome = execute(code, sets, &run, from: first, stack: &stack, until: budget)
                        if outcome != .failed { return outcome }
                        first += 1
                    }
                    return .failed
                }
            }
        }
    }

    private func execute(
        _ code: UnsafeBufferPointer<PatternInstruction>, _ sets: UnsafeBufferPointer<ScalarSet>,
        _ run: inout PatternRun, from start: Int, stack: inout BacktrackStack, until budget: Int
    ) -> Outcome {
        let input = run.input
        var pc = 0
        var position = start
        while true {
            run.steps += 1
            if run.steps > budget { return .outOfSteps }
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
                if position < input.count, !Self.isLineTerminator(input[position]) {
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
                run.steps += end - position
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
                if Self.isWordBoundary(input, position) == expected { pc += 1 } else { failed = true }
            case .lookahead(let program, let negated):
                guard let found = lookahead(program, at: position, &run) else { return .outOfSteps }
                if found != negated { pc += 1 } else { failed = true }
            case .match:
                return .matched
            }
            if failed {
                guard let (next, at, floor) = stack.pop() else { return .failed }
                // A run gives back one more code point next time.
                if floor >= 0 && at > floor { stack.push((next, at - 1, floor)) }
                pc = next
                position = at
            }
        }
    }

    // MARK: Automaton

    /// Runs the automaton: the set of instructions the match could be at
    /// advances one code point at a time, each instruction at most once per
    /// position, so no position is ever read twice.
    private func simulate(
        _ code: [PatternInstruction], _ run: inout PatternRun, from start: Int, anchored: Bool
    ) -> Bool? {
        let limited = !lookaheads.isEmpty
        let input = run.input
        // `marks[pc]` is the position whose list last took instruction pc.
        var marks = [Int](repeating: -1, count: code.count)
        var pending: [Int] = []
        var current: [Int] = []
        var next: [Int] = []
        pending.reserveCapacity(code.count)
        current.reserveCapacity(code.count)
        next.reserveCapacity(code.count)
        return code.withUnsafeBufferPointer { code in
            sets.withUnsafeBufferPointer { sets in
                switch follow(code, from: 0, at: start, &marks, &pending, into: &current, &run) {
                case .matched: return true
                case .outOfSteps: return nil
                case .failed: break
                }
                var position = start
                while position < input.count {
                    if limited && run.steps > run.limit {
                        run.isExhausted = true
                        return nil
                    }
                    if current.isEmpty && anchored { return false }
                    next.removeAll(keepingCapacity: true)
                    let v = input[position]
                    for pc in current {
                        run.steps += 1
                        let consumed: Bool
                        switch code[pc] {
                        case .scalar(let s): consumed = v == s
                        case .set(let low, let high, let set):
                            consumed = v < 64 ? low & (1 << UInt64(v)) != 0 : v < 128 ? high & (1 << UInt64(v - 64)) != 0 : sets[set].contains(v)
                        case .any: consumed = !Self.isLineTerminator(v)
                        default: consumed = false
                        }
                        guard consumed else { continue }
                        switch follow(code, from: pc + 1, at: position + 1, &marks, &pending, into: &next, &run) {
                        case .matched: return true
                        case .outOfSteps: return nil
                        case .failed: break
                        }
                    }
                    if !anchored {
                        switch follow(code, from: 0, at: position + 1, &marks, &pending, into: &next, &run) {
                        case .matched: return true
                        case .outOfSteps: return nil
                        case .failed: break
                        }
                    }
                    swap(&current, &next)
                    position += 1
                }
                return false
            }
        }
    }

    /// Follows the moves that read nothing (splits, jumps, assertions) from
    /// `pc` at `position`, adding the instructions that read a code point to
    /// `list`; `.matched` when one reaches `match`.
    private func follow(
        _ code: UnsafeBufferPointer<PatternInstruction>, from pc: Int, at position: Int, _ marks: inout [Int],
        _ pending: inout [Int], into list: inout [Int], _ run: inout PatternRun
    ) -> Outcome {
        guard marks[pc] != position else { return .failed }
        marks[pc] = position
        pending.removeAll(keepingCapacity: true)
        pending.append(pc)
        while let pc = pending.popLast() {
            run.steps += 1
            var targets = (-1, -1)
            switch code[pc] {
            case .jump(let target): targets.0 = target
            case .split(let first, let second): targets = (first, second)
            case .lineStart: if position == 0 { targets.0 = pc + 1 }
            case .lineEnd: if position == run.input.count { targets.0 = pc + 1 }
            case .wordBoundary(let expected): if Self.isWordBoundary(run.input, position) == expected { targets.0 = pc + 1 }
            case .lookahead(let program, let negated):
                guard let found = lookahead(program, at: position, &run) else { return .outOfSteps }
                if found != negated { targets.0 = pc + 1 }
            case .match: return .matched
            case .scalar, .set, .any, .run: list.append(pc)
            }
            if targets.0 >= 0 && marks[targets.0] != position {
                marks[targets.0] = position
                pending.append(targets.0)
            }
            if targets.1 >= 0 && marks[targets.1] != position {
                marks[targets.1] = position
                pending.append(targets.1)
            }
        }
        return .failed
    }

    /// `instructions` with each `run` spelled out: its minimum as that many
    /// sets, then an optional set per further code point, or a loop.
    static func automaton(for instructions: [PatternInstruction]) -> [PatternInstruction]? {
        var start: [Int] = []
        start.reserveCapacity(instructions.count + 1)
        var size = 0
        for instruction in instructions {
            start.append(size)
            if case .run(_, _, _, let minimum, let maximum) = instruction {
                size += minimum + (maximum < 0 ? 3 : 2 * (maximum - minimum))
            } else {
                size += 1
            }
            if size > automatonSizeLimit { return nil }
        }
        start.append(size)
        var code: [PatternInstruction] = []
        code.reserveCapacity(size)
        for instruction in instructions {
            switch instruction {
            case .split(let first, let second): code.append(.split(start[first], start[second]))
            case .jump(let target): code.append(.jump(start[target]))
            case .run(let low, let high, let set, let minimum, let maximum):
                for _ in 0..<minimum { code.append(.set(low: low, high: high, index: set)) }
                if maximum < 0 {
                    let loop = code.count
                    code += [.split(loop + 1, loop + 3), .set(low: low, high: high, index: set), .jump(loop)]
                } else {
                    let exit = code.count + 2 * (maximum - minimum)
                    for _ in minimum..<maximum {
                        code += [.split(code.count + 1, exit), .set(low: low, high: high, index: set)]
                    }
                }
            default: code.append(instruction)
            }
        }
        return code
    }

    @inline(__always)
    static func isLineTerminator(_ v: UInt32) -> Bool { v == 0x0A || v == 0x0D || v == 0x2028 || v == 0x2029 }

    @inline(__always)
    static func isWordBoundary(_ input: UnsafeBufferPointer<UInt32>, _ position: Int) -> Bool {
        let before = position > 0 && ScalarSet.isWord(input[position - 1])
        let after = position < input.count && ScalarSet.isWord(input[position])
        return before != after
    }
}

/// One text being matched: the code points, the steps taken so far (across
/// lookaheads too), and what each lookahead answered at each position.
struct PatternRun {
    let input: UnsafeBufferPointer<UInt32>
    let limit: Int
    var steps = 0
    /// Set once the step limit is reached anywhere; the answer is then void.
    var isExhausted = false
    /// Per lookahead program: 0 not yet asked, 1 matches, 2 does not, by position.
    var lookaheadAnswers: [ObjectIdentifier: [UInt8]] = [:]

    init(input: UnsafeBufferPointer<UInt32>, limit: Int) {
        self.input = input
        self.limit = limit
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
            instructions: emitter.code, sets: emitter.sets, lookaheads: emitter.lookaheads, anchoredAtStart: anchored,
            hasEmptyLoop: emitter.hasEmptyLoop)
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

    /// Whether `node` can match the empty string (a backtracking loop over it could spin).
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
        /// Whether an unbounded loop's body can match the empty string.
        var hasEmptyLoop = false

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
            if PatternCompiler.canBeEmpty(inner) && maximum == nil { hasEmptyLoop = true }
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
