import PlanDocument
import Testing
@testable import PlanSchema

/// Patterns run in time linear in the text when they have no lookaheads, and
/// a pattern that cannot be decided within its step limit is reported as
/// such, never read as "no match".
@Suite struct PatternComplexityTests {
    /// Nested quantifiers that take exponential time to backtrack through.
    static let catastrophic = "(x+x+)+y"

    @Test func nestedQuantifiersTakeStepsLinearInTheText() throws {
        let program = try #require(PatternCompiler.compile(Self.catastrophic))
        let short = program.measure(String(repeating: "x", count: 1_000))
        let long = program.measure(String(repeating: "x", count: 10_000))
        #expect(short.verdict == .noMatch)
        #expect(long.verdict == .noMatch)
        // Ten times the text, at most about ten times the steps (quadratic
        // would be a hundred), and a bounded number of steps per character.
        #expect(long.steps <= 12 * short.steps, "steps: \(short.steps) for 1,000, \(long.steps) for 10,000")
        #expect(long.steps <= 20 * program.instructions.count * 10_001)
        #expect(program.test(String(repeating: "x", count: 10_000) + "y") == .match)
    }

    /// The second alternative matches, but only after the first has failed
    /// in every one of its exponentially many ways.
    static let lateAlternative = "^(x+x+)+z|^x*y"

    @Test func aMatchFoundOnlyAfterExhaustiveBacktrackingIsFound() throws {
        let program = try #require(PatternCompiler.compile(Self.lateAlternative))
        #expect(program.test(String(repeating: "x", count: 40) + "y") == .match)
        #expect(program.test(String(repeating: "x", count: 40) + "w") == .noMatch)
    }

    @Test func notOfACatastrophicPatternGivesTheRightVerdict() throws {
        let validator = try Validator(schema: ["not": ["pattern": Node(.string(Self.lateAlternative))]])
        let matching = Node(.string(String(repeating: "x", count: 10_000) + "y"))
        let result = validator.validate(matching)
        #expect(!result.isValid)
        #expect(result.errors.map(\.keyword) == ["not"])
        #expect(validator.validate(Node(.string(String(repeating: "x", count: 10_000)))).isValid)
        let plain = try Validator(schema: ["not": ["pattern": Node(.string(Self.catastrophic))]])
        #expect(plain.validate(Node(.string(String(repeating: "x", count: 10_000)))).isValid)
        #expect(!plain.validate(Node(.string(String(repeating: "x", count: 10_000) + "y"))).isValid)
    }

    /// A lookahead that scans the rest of the text, tried at every position,
    /// costs a pass per position: such a program runs under the step limit.
    static let slow = "^(?:(?=.*x)x)*y"

    @Test func aLookaheadPastTheStepLimitIsUndecidedNotAVerdict() throws {
        let program = try #require(PatternCompiler.compile(Self.slow))
        #expect(program.test(String(repeating: "x", count: 5_000), stepLimit: 100_000) == .tooManySteps(limit: 100_000))
        #expect(program.test(String(repeating: "x", count: 5_000)) == .tooManySteps(limit: PatternProgram.stepLimit(forLength: 5_000)))
        #expect(program.test(String(repeating: "x", count: 300)) == .noMatch)
        #expect(program.test(String(repeating: "x", count: 300) + "y") == .match)
        #expect(program.test("xxxzy") == .noMatch)
    }

    @Test func anUndecidedPatternUnderNotIsReportedWithItsLocation() throws {
        let schema: Node = [
            "$id": "https://planbench.example/slow",
            "properties": ["code": ["not": ["pattern": Node(.string(Self.slow))]]],
        ]
        let validator = try Validator(schema: schema)
        let instance: Node = ["code": Node(.string(String(repeating: "x", count: 5_000)))]
        let result = validator.validate(instance)
        #expect(!result.isValid)
        let error = try #require(result.errors.first)
        #expect(result.errors.count == 1)
        #expect(error.keyword == "pattern")
        #expect(error.instanceLocation == JSONPointer("/code"))
        #expect(error.keywordLocation == JSONPointer("/properties/code/not/pattern"))
        #expect(error.absoluteKeywordLocation == "https://planbench.example/slow#/properties/code/not/pattern")
        #expect(error.message.hasPrefix("pattern /\(Self.slow)/ at https://planbench.example/slow#/properties/code/not/pattern needs more than "))
        #expect(error.message.contains("steps on this value"))
        #expect(!validator.isValid(instance))
    }

    @Test func anUndecidedPropertyNamePatternIsReportedOnTheMember() throws {
        let key = String(repeating: "x", count: 5_000)
        let schema: Node = ["patternProperties": [Self.slow: false]]
        let result = try Validator(schema: schema).validate([key: 1])
        #expect(!result.isValid)
        let error = try #require(result.errors.first)
        #expect(error.keyword == "patternProperties")
        #expect(error.instanceLocation.tokens == [key])
        #expect(error.message.contains("steps on the property name"))
    }

    /// A loop whose body can match nothing runs on the automaton alone.
    @Test(arguments: [("(a*)*b", "aaaab", true), ("(a*)*b", "aaaa", false), ("^(a|)+$", "aaa", true), ("^(a?)*c", "aab", false)])
    func emptyLoopsRunOnTheAutomaton(pattern: String, text: String, expected: Bool) throws {
        let program = try #require(PatternCompiler.compile(pattern))
        #expect(program.hasEmptyLoop)
        #expect(program.matches(text) == expected)
        #expect(program.matches(String(repeating: "a", count: 20_000)) == (pattern == "^(a|)+$"))
    }

    /// A backreference under nested quantifiers: backtracking takes time
    /// exponential in the text (Swift's Regex, which ran such patterns, took
    /// 0.2 s on 12 characters, 6.7 s on 16 and over two minutes on 20), and
    /// nothing at hand bounds it, so the schema is refused before any value is
    /// matched.
    static let backreference = "^((x+)+)\\2y"

    @Test func aPatternNoEngineCanBoundIsRefusedWhereItIs() throws {
        let schema: Node = [
            "$id": "https://planbench.example/refs",
            "properties": ["code": ["pattern": Node(.string(Self.backreference))]],
        ]
        #expect(
            throws: SchemaError.unsupportedPattern(
                pattern: Self.backreference, location: "https://planbench.example/refs#/properties/code/pattern",
                feature: "a backreference (\\2)")
        ) { try Validator(schema: schema) }
        let lookbehind: Node = ["patternProperties": ["(?<=a)b~": true]]
        #expect(
            throws: SchemaError.unsupportedPattern(
                pattern: "(?<=a)b~", location: "urn:planbench:schema#/patternProperties/(?<=a)b~0",
                feature: "a lookbehind ((?<=...)")
        ) { try Validator(schema: lookbehind) }
        let named: Node = ["additionalProperties": false, "patternProperties": ["(?<n>a)\\k<n>": true]]
        #expect {
            try Validator(schema: named)
        } throws: { error in
            guard case .unsupportedPattern(_, let location, let feature) = error as? SchemaError else { return false }
            return location == "urn:planbench:schema#/patternProperties/(?<n>a)\\k<n>" && feature.contains("named backreference")
        }
        // The message says why and what to do.
        let message = "\(SchemaError.unsupportedPattern(pattern: "(a)\\1", location: "s#/pattern", feature: "a backreference (\\1)"))"
        #expect(message.hasPrefix("s#/pattern: `(a)\\1` uses a backreference (\\1), which planbench refuses"))
        #expect(message.contains("rewrite it without that"))
    }

    /// Invalid syntax is still reported as such, and the `regex` format still
    /// accepts valid patterns the machine does not run.
    @Test func invalidSyntaxIsNotCalledUnsupported() throws {
        #expect {
            try Validator(schema: ["pattern": "(a\\1"])
        } throws: { error in
            guard case .invalidPattern(_, let location, _) = error as? SchemaError else { return false }
            return location == "urn:planbench:schema#/pattern"
        }
        #expect(ECMARegex.isValidSyntax("(a)\\1"))
        #expect(ECMARegex.isValidSyntax("(?<=a)b"))
        #expect(!ECMARegex.isValidSyntax("(?i)a"))
    }
}
