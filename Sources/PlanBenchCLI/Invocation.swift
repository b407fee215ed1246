// What a command run sees of the outside world: where to print, the
// environment, the directory it was started in. Tests run commands
// in-process and in parallel, each with its own Invocation, so nothing here
// touches process-wide state.
#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import PlanDiff
import PlanDocument

/// Where a command's output goes.
public struct Console: Sendable {
    public var writeOut: @Sendable (String) -> Void
    public var writeErr: @Sendable (String) -> Void
    /// Whether standard output is a terminal (colour only then).
    public var isTerminal: Bool
    /// Whether standard error is a terminal (progress lines only then).
    public var errorIsTerminal: Bool

    public init(
        writeOut: @escaping @Sendable (String) -> Void, writeErr: @escaping @Sendable (String) -> Void,
        isTerminal: Bool, errorIsTerminal: Bool = false
    ) {
        self.writeOut = writeOut
        self.writeErr = writeErr
        self.isTerminal = isTerminal
        self.errorIsTerminal = errorIsTerminal
    }

    /// The process's own standard output and error.
    public static let standard = Console(
        writeOut: { text in
            FileHandle.standardOutput.write(Data(text.utf8))
        },
        writeErr: { text in
            FileHandle.standardError.write(Data(text.utf8))
        },
        isTerminal: isatty(1) == 1,
        errorIsTerminal: isatty(2) == 1
    )
}

/// Output captured in memory, for tests.
public final class CapturedOutput: Sendable {
    private let state = Locked<(out: String, err: String)>(("", ""))

    /// Whether the captured standard error should count as a terminal (to test
    /// progress lines).
    private let errorIsTerminal: Bool

    public init(errorIsTerminal: Bool = false) {
        self.errorIsTerminal = errorIsTerminal
    }

    public var stdout: String { state.withLock { $0.out } }
    public var stderr: String { state.withLock { $0.err } }

    public var console: Console {
        Console(
            writeOut: { text in self.state.withLock { $0.out += text } },
            writeErr: { text in self.state.withLock { $0.err += text } },
            isTerminal: false, errorIsTerminal: errorIsTerminal)
    }
}

/// The context of one command run.
public struct Invocation: Sendable {
    public var console: Console
    public var environment: [String: String]
    /// The directory relative paths and workspace discovery start from.
    public var currentDirectory: String

    public init(console: Console, environment: [String: String], currentDirectory: String) {
        self.console = console
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// The real process: its standard streams, environment and working directory.
    public static var process: Invocation {
        Invocation(
            console: .standard, environment: ProcessInfo.processInfo.environment,
            currentDirectory: FileManager.default.currentDirectoryPath)
    }

    @TaskLocal public static var current: Invocation = .process

    /// Whether to colour output: a terminal, and `NO_COLOR` unset (https://no-color.org).
    public var usesColor: Bool {
        DiffOutput.shouldUseColor(environment: environment, isTerminal: console.isTerminal)
    }
}

/// Printing helpers for commands.
enum Terminal {
    static func print(_ text: String = "") {
        Invocation.current.console.writeOut(text + "\n")
    }

    static func printError(_ text: String) {
        Invocation.current.console.writeErr(text + "\n")
    }

    /// Text from a document made safe for one terminal line: control
    /// characters (escape sequences among them) shown as `\u{…}`, line
    /// breaks as spaces. Documents are untrusted input.
    static func sanitized(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar == "\t" || scalar == "\r" {
                out.append(" ")
            } else if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
