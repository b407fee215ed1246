// The planbench executable: everything happens in PlanBenchCLI, so tests can
// run the same commands in-process. Process-wide settings are made here and
// nowhere else.
#if canImport(Glibc)
import Glibc
import CSystemShims
import PlanDocument
#endif
import PlanBenchCLI

@main
enum Entrypoint {
    static func main() {
        #if canImport(Glibc)
        // Heaps grow in steps of a whole arena heap, so the parsing threads of
        // a large JSON file can put their trees on huge pages (HugePageHeap).
        _ = csystem_set_malloc_top_pad(Int32(HugePageHeap.topPad))
        #endif
        let status = CommandRunner.run(Array(CommandLine.arguments.dropFirst()))
        exit(status)
    }
}
