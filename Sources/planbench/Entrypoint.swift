// The planbench executable: everything happens in PlanBenchCLI, so tests can
// run the same commands in-process.
#if canImport(Glibc)
import Glibc
#endif
import PlanBenchCLI

@main
enum Entrypoint {
    static func main() {
        let status = CommandRunner.run(Array(CommandLine.arguments.dropFirst()))
        exit(status)
    }
}
