import Testing
@testable import PlanDiff

@Suite struct TextDiffTests {
    @Test func tokensAreWordsSpacesAndPunctuation() {
        #expect(TextDiff.tokens("U.S. forces,  lead.\n") == ["U", ".", "S", ".", " ", "forces", ",", "  ", "lead", ".", "\n"])
    }

    @Test func changedWordIsTheOnlyChange() {
        let segments = TextDiff.diff("The SDF leads ISR.", "The SDF supports ISR.")
        #expect(segments == [
            TextSegment(.equal, "The SDF "), TextSegment(.delete, "leads"),
            TextSegment(.insert, "supports"), TextSegment(.equal, " ISR."),
        ])
    }

    @Test func neighbouringChangesSeparatedBySpaceReadAsOne() {
        let segments = TextDiff.diff("an old red car", "an new blue car")
        #expect(segments == [
            TextSegment(.equal, "an "), TextSegment(.delete, "old red"),
            TextSegment(.insert, "new blue"), TextSegment(.equal, " car"),
        ])
    }

    @Test func unchangedLinesOfLongTextStayWhole() {
        let old = "First line stays.\nSecond line has a typo: teh.\nThird line stays.\n"
        let new = "First line stays.\nSecond line has a typo: the.\nThird line stays.\n"
        let segments = TextDiff.diff(old, new)
        #expect(segments.first == TextSegment(.equal, "First line stays.\nSecond line has a typo: "))
        #expect(segments.filter { $0.kind != .equal } == [TextSegment(.delete, "teh"), TextSegment(.insert, "the")])
        #expect(segments.last == TextSegment(.equal, ".\nThird line stays.\n"))
    }

    @Test func reflowedParagraphShowsOnlyTheLineBreaksThatMoved() {
        let old = "Japan and the United States\nwill cooperate closely."
        let new = "Japan and the United States will\ncooperate closely."
        let changes = TextDiff.diff(old, new).filter { $0.kind != .equal }
        #expect(changes.allSatisfy { $0.text.allSatisfy { $0.isWhitespace } || $0.text == "will" })
        #expect(TextSegment.newText(of: TextDiff.diff(old, new)) == new)
    }

    @Test func equalAndEmptyTexts() {
        #expect(TextDiff.diff("", "") == [])
        #expect(TextDiff.diff("same", "same") == [TextSegment(.equal, "same")])
        #expect(TextDiff.diff("", "new") == [TextSegment(.insert, "new")])
    }

    @Test(arguments: [
        ([1, 2, 3, 4, 5], [1, 3, 4, 2, 5], 4),
        ([7, 7, 7, 1], [1, 7, 7, 7], 3),
        ([], [1, 2], 0),
        ([1, 2, 3], [4, 5, 6], 0),
    ])
    func alignmentFindsALongestCommonSubsequence(a: [Int], b: [Int], length: Int) {
        #expect(SequenceAlignment.align(a, b).count == length)
    }
}
