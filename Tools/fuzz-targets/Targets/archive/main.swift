import CFuzzerDriver
import PlanDocument
import _PlanFuzzing

import Glibc

/// With PLANBENCH_FUZZ_ARCHIVE_SEEDS=DIR set, each input is read as YAML and
/// written to DIR as an archive instead (how Tools/fuzz seeds this target).
func writeSeed(_ bytes: [UInt8], to directory: String) {
    guard let node = try? YAMLReader().read(bytes) else { return }
    let archive = NodeArchive.encode(node, producer: FuzzTarget.archiveProducer)
    var hash: UInt64 = 14_695_981_039_346_656_037
    for byte in archive { hash = (hash ^ UInt64(byte)) &* 1_099_511_628_211 }
    guard let file = fopen("\(directory)/seed-\(String(hash, radix: 16))", "wb") else { return }
    _ = archive.withUnsafeBytes { fwrite($0.baseAddress, 1, $0.count, file) }
    fclose(file)
}

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let directory = getenv("PLANBENCH_FUZZ_ARCHIVE_SEEDS") {
        writeSeed(bytes, to: String(cString: directory))
    } else {
        FuzzTarget.archive.run(bytes)
    }
    return 0
})
