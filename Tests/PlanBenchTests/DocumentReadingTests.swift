import Foundation
import Testing
import PlanBench
import PlanDocument

@Suite struct DocumentReadingTests {
    /// A fresh folder of its own, removed afterwards (tests run in parallel).
    func withScratchFolder(_ body: (String) throws -> Void) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("document-reading-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try body(folder)
    }

    @Test(arguments: [0, 1, 4095, 4096, 65_537, 300_001])
    func readsEveryByteOfAFile(size: Int) throws {
        try withScratchFolder { folder in
            var generator = SystemRandomNumberGenerator()
            let bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let path = folder + "/file.bin"
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            #expect(DocumentReading.contents(atPath: path) == bytes)
        }
    }

    @Test func missingFilesAndFoldersAreNotRead() throws {
        try withScratchFolder { folder in
            #expect(DocumentReading.contents(atPath: folder + "/absent.yaml") == nil)
            #expect(DocumentReading.contents(atPath: folder) == nil)
        }
    }

    /// Every command parses YAML with the same limits: a short alias bomb that
    /// `show` refuses is refused when a save parses it too.
    @Test func refusesAShortAliasBombLikeEveryCommand() {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        for level in 1...6 {
            let previous = level == 1 ? "a" : "l\(level - 1)"
            bomb += "l\(level): &l\(level) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
        }
        #expect {
            _ = try DocumentReading.parse(Array(bomb.utf8), path: "plans/bomb.yaml")
        } throws: { error in
            guard case .aliasExpansionLimit = error as? DocumentError else { return false }
            return true
        }
    }

    @Test func readsADocumentThatStartsWithAByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id: p\ntitle: T\n".utf8)
        let node = try DocumentReading.parse(bytes, path: "plans/p.yaml")
        #expect(node["title"]?.position == SourcePosition(line: 2, column: 8))
    }
}
