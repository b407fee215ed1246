import ArgumentParser
import Foundation
import PlanBench

/// Runs `planbench` with arguments and returns its exit status, without
/// exiting the process: the executable and the tests both go through here.
///
/// Exit statuses: 0 success; 1 the operation found problems (invalid
/// documents, conflicts); 2 usage or environment errors.
public enum CommandRunner {
    public static func run(_ arguments: [String], invocation: Invocation = .process) -> Int32 {
        Invocation.$current.withValue(invocation) {
            do {
                var command = try PlanBenchCommand.parseAsRoot(relocatingDirectoryOption(arguments))
                defer { (command as? MovesBranch)?.refreshIndex() }
                do {
                    try command.run()
                } catch {
                    return report(error)
                }
                return 0
            } catch {
                return report(error)
            }
        }
    }

    /// Moves leading `-C DIR` options (git's position: `planbench -C DIR save`)
    /// after the subcommand, where the subcommands declare them.
    static func relocatingDirectoryOption(_ arguments: [String]) -> [String] {
        var rest = arguments[...]
        var directory: String?
        while rest.count >= 2, rest.first == "-C" {
            let next = rest[rest.startIndex + 1]
            // Like git, a later relative -C is taken relative to the earlier one.
            if let current = directory, !next.hasPrefix("/") {
                directory = current + "/" + next
            } else {
                directory = next
            }
            rest = rest.dropFirst(2)
        }
        guard let directory else { return arguments }
        var result = Array(rest)
        var command: ParsableCommand.Type = PlanBenchCommand.self
        var index = 0
        while index < result.count,
            let sub = command.configuration.subcommands.first(where: { $0.configuration.commandName == result[index] })
        {
            command = sub
            index += 1
        }
        result.insert(contentsOf: ["-C", directory], at: index)
        return result
    }

    /// Prints `error` the way users should see it and returns the exit status.
    static func report(_ error: Error) -> Int32 {
        if let error = error as? PlanBenchError {
            switch error {
            case .invalidDocuments(let diagnostics), .commitRefused(let diagnostics):
                diagnostics.printReport(format: .text)
            default:
                break
            }
            if case .invalidEdit(let diagnostics) = error {
                diagnostics.printReport(format: .text)
            }
            Terminal.printError("planbench: \(error)")
            return error.exitStatus
        }
        if let exit = error as? ExitCode {
            return exit.rawValue
        }
        // A failure of the environment that reached here unexplained (a Foundation
        // file error): the path and what to do, exit 2.
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain || nsError.domain == NSPOSIXErrorDomain {
            Terminal.printError("planbench: \(SystemFailure.describe(error))")
            return 2
        }
        let code = PlanBenchCommand.exitCode(for: error)
        let message = PlanBenchCommand.fullMessage(for: error)
        if code == .success {
            // --help and --version are "errors" to the parser; print them as output.
            Terminal.print(message)
            return 0
        }
        if !message.isEmpty { Terminal.printError(message) }
        // ArgumentParser says 64 (EX_USAGE) for usage errors; planbench says 2, like git.
        return code == .validationFailure ? 2 : (code.rawValue == 1 ? 1 : 2)
    }
}

/// A command that can move the current branch (save, merge, review, ...): after
/// it runs, an existing workspace index is brought up to date with the new
/// commits, so the next reader finds it current. Whatever happens, the command's
/// outcome stands (the index is derived data).
protocol MovesBranch {
    var workspaceOptions: WorkspaceOptions { get }
}

extension MovesBranch {
    func refreshIndex() {
        // Benchmarks switch it off to time the update by itself.
        guard Invocation.current.environment["PLANBENCH_INDEX_REFRESH"] != "0" else { return }
        (try? Workspace.open(at: workspaceOptions.startDirectory))?.refreshIndexIfPresent()
    }
}
