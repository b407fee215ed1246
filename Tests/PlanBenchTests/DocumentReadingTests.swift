import Foundation
import Testing
import PlanBench

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
}
