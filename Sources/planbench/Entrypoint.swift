import PlanBenchCLI

@main
enum Entrypoint {
    static func main() async {
        await PlanBenchCommand.main()
    }
}
