import ArgumentParser
import PlanBench

/// The `planbench` root command.
public struct PlanBenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "planbench",
        abstract: "Draft, review and check plans that implement a reference document, versioned in git."
    )
    public init() {}
}
