import Testing
@testable import PlanSchema

/// The fast pattern machine must agree with Swift's Regex (run with ECMA-262
/// semantics) wherever both accept a pattern.
@Suite struct PatternMachineTests {
    static let patterns = [
        "^[a-z][a-z0-9-]{2,63}$", "^(I|II|III|IV|V|VI|VII|VIII)(\\.[A-Z](\\.[0-9]+)?)?$", "a+b*", "(ab|a)c",
        "^\\d{3}-\\d{4}$", "x(?=y)", "x(?!y)", "[^abc]+", "\\bab\\b", "a{2,}", "colou?r", "^$", ".*", "\\p{L}+",
        "^[\\w.-]+@[\\w-]+\\.[a-z]{2,}$", "(a|b)*c", "a*?b", "^[^\\s]+$", "^a{1,3}b{0,2}$", "[a-c-]x", "\\.\\-",
        "^(?:a|b)+$", "y$", "^\\S\\s\\S$", "[\\d\\s]", "\\W+", "(?<name>ab)c",
        // Straight-line patterns (answered from UTF-8 bytes on ASCII text):
        "^[A-Za-z0-9._-]+$", "^ab:[0-9a-c]{2}$", "^a+b", "^[a-c]+[x-z]", "^[^a]+$", "^[I]*\\.", "^x{2,3}$",
        "^\\d", "^[a-z]*$", "^a+a", "^[ab]+b$",
    ]

    static let straightLinePatterns = [
        "^[A-Za-z0-9._-]+$", "^ab:[0-9a-c]{2}$", "^a+b", "^[a-c]+[x-z]", "^[^a]+$", "^[I]*\\.", "^x{2,3}$",
        "^\\d", "^[a-z]*$", "^sha256:[0-9a-f]{64}$",
    ]

    /// A deterministic stream of short strings over a small alphabet.
    static func samples(count: Int, seed: UInt64) -> [String] {
        let alphabet = Array("abcxyrIVX.-0123 _@\nlé")
        var state = seed
        var result: [String] = []
        for _ in 0..<count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let length = Int(state >> 60)
            var text = ""
            for _ in 0..<length {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                text.append(alphabet[Int(state >> 33) % alphabet.count])
            }
            result.append(text)
        }
        return result + ["abc", "colour", "color", "ab", "a.b@cd.org", "IV.B.3", "xy", "xz", "aaab", "123-4567"]
    }

    @Test(arguments: patterns)
    func agreesWithSwiftRegex(pattern: String) throws {
        let program = try #require(PatternCompiler.compile(pattern), "the machine should take \(pattern)")
        let regex = try Regex(try ECMARegex.translate(pattern))
            .matchingSemantics(.unicodeScalar).asciiOnlyDigits().asciiOnlyWordCharacters()
        for text in Self.samples(count: 400, seed: UInt64(pattern.utf8.count)) {
            let expected = (try? regex.firstMatch(in: text)) != nil
            #expect(program.matches(text) == expected, "\(pattern) on \(text.debugDescription)")
        }
    }

    /// The byte-level path must actually be taken for these (the agreement
    /// test above then checks its answers), and refused where a run could
    /// need to give characters back or the pattern is not a straight line.
    @Test func straightLinePathTakesOnlyPatternsThatNeverBacktrack() throws {
        for pattern in Self.straightLinePatterns {
            let program = try #require(PatternCompiler.compile(pattern))
            #expect(program.straightLine != nil, "\(pattern) should run as a straight line")
        }
        for pattern in ["^a+a", "^[ab]+b$", "^[a-z]+[0-9a]", "a+b", "^(a|b)c", "^.x", "^a*b*c", "^x(?=y)"] {
            let program = try #require(PatternCompiler.compile(pattern))
            #expect(program.straightLine == nil, "\(pattern) needs the backtracking machine")
        }
    }

    /// Texts that push far more backtracking points than fit on the caller's
    /// stack (64) agree with Swift's Regex too.
    @Test(arguments: ["(a|b)*c", "^(?:a|ab)+$", "^(a|b|c)*(x|y)$", "a{2,}b"])
    func deepBacktrackingAgreesWithSwiftRegex(pattern: String) throws {
        let program = try #require(PatternCompiler.compile(pattern))
        let regex = try Regex(try ECMARegex.translate(pattern))
        for text in [String(repeating: "ab", count: 300), String(repeating: "ab", count: 300) + "c",
                     String(repeating: "abc", count: 200) + "y", String(repeating: "a", count: 500) + "b"] {
            let expected = (try? regex.firstMatch(in: text)) != nil
            #expect(program.matches(text) == expected, "\(pattern) on \(text.prefix(12))... (\(text.count))")
        }
    }

    @Test func backtrackingPointsComeBackLastInFirstOutPastTheCallersSpace() {
        let popped = BacktrackStack.withStack { stack -> [Int] in
            for i in 0..<1_000 { stack.push((pc: i, position: i * 2, floor: -i)) }
            var seen: [Int] = []
            while let (pc, position, floor) = stack.pop() {
                if position == pc * 2 && floor == -pc { seen.append(pc) }
            }
            return seen
        }
        #expect(popped == Array((0..<1_000).reversed()))
    }

    @Test func straightLineDefersNonASCIIToTheMachine() throws {
        let identifier = try #require(PatternCompiler.compile("^[A-Za-z0-9._-]+$"))
        #expect(!identifier.matches("ab é"))
        #expect(!identifier.matches("abé"))
        let anyButA = try #require(PatternCompiler.compile("^[^a]+$"))
        #expect(anyButA.matches("xéz"))
        #expect(!anyButA.matches("xéa"))
        let fixed = try #require(PatternCompiler.compile("^[^a]{2}$"))
        #expect(fixed.matches("é1"))
        #expect(!fixed.matches("é12"))
    }

    @Test func takesNoSyntaxOutsideItsSubset() {
        #expect(PatternCompiler.compile("(a)\\1") == nil)
        #expect(PatternCompiler.compile("(?<=a)b") == nil)
        #expect(PatternCompiler.compile("\\p{Script=Greek}") == nil)
    }
}
