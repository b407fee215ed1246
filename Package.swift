// swift-tools-version: 6.1
// planbench: a workbench for drafting and reviewing plans that implement a
// reference document. Pure modules (document model, schema validator, diff,
// merge) know nothing of git; the git layer knows nothing of plans; the
// workspace layer composes them; the CLI is a library driven by a thin
// executable so tests can run commands in-process.
import PackageDescription

let package = Package(
    name: "planbench",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "planbench", targets: ["planbench"]),
        .library(name: "PlanBench", targets: ["PlanBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        // Starts libgit2 without parsing the CA bundle until a network operation needs it.
        .target(name: "CLibGit2Startup", dependencies: ["CLibGit2"]),
        // SHA-256 for citation fingerprints (mbed TLS comes with libgit2-dev).
        .systemLibrary(name: "CMbedCrypto", providers: [.apt(["libmbedtls-dev"])]),
        // libyaml, read only through PlanDocument's YAMLReader.
        .systemLibrary(
            name: "CLibYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]
        ),
        // glibc extensions (pthread_getattr_np, mallopt) as plain C functions.
        .target(name: "CSystemShims"),
        // sqlite3_db_config (variadic) for the index, on the system SQLite GRDB uses.
        .target(name: "CSQLiteShims", linkerSettings: [.linkedLibrary("sqlite3")]),
        // Ordered document tree with source positions; YAML and JSON in and out.
        .target(
            name: "PlanDocument",
            dependencies: [
                "CLibYAML",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),
        // JSON Schema validator (draft 2020-12 and draft-07).
        .target(name: "PlanSchema", dependencies: ["PlanDocument", "CSystemShims"]),
        // Structural diff of document trees.
        .target(name: "PlanDiff", dependencies: ["PlanDocument"]),
        // Three-way merge of document trees.
        .target(name: "PlanMerge", dependencies: ["PlanDocument", "PlanDiff"]),
        // The adequacy review record and its life cycle, as plain values.
        .target(
            name: "PlanReview",
            dependencies: ["PlanDocument", .product(name: "OrderedCollections", package: "swift-collections")]
        ),
        // The review report (HTML with an SVG heatmap, Markdown, JSON) from plain values; no I/O.
        .target(name: "PlanReport", dependencies: ["PlanDocument", "PlanDiff", "PlanReview"]),
        // Swift wrapper over libgit2; nothing else imports CLibGit2.
        .target(name: "PlanGit", dependencies: ["CLibGit2", "CLibGit2Startup"]),
        // The workspace index: SQLite through GRDB (system SQLite, FTS5), derived from
        // plain values the workspace reads out of git; knows nothing of libgit2.
        .target(
            name: "PlanIndex",
            dependencies: ["PlanDocument", "CSQLiteShims", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // Workspace facade: validate -> commit; guidelines, plans, checks.
        .target(
            name: "PlanBench",
            dependencies: ["PlanDocument", "PlanSchema", "PlanDiff", "PlanMerge", "PlanReview", "PlanReport", "PlanGit", "PlanIndex", "CMbedCrypto"]
        ),
        // The review desk in a browser (`planbench serve`): Hummingbird routes and pages that
        // call the workspace exactly as the CLI does.
        .target(
            name: "PlanServe",
            dependencies: [
                "PlanBench", "PlanDocument", "PlanDiff", "PlanReview", "PlanReport", "PlanIndex", "PlanGit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // ArgumentParser commands, as a library so tests drive them in-process.
        .target(
            name: "PlanBenchCLI",
            dependencies: [
                "PlanBench", "PlanSchema", "PlanDocument", "PlanDiff", "PlanMerge", "PlanReview", "PlanReport", "PlanIndex", "PlanServe",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The entry point; process-wide settings (malloc tuning) are made here.
        .executableTarget(name: "planbench", dependencies: ["PlanBenchCLI", "PlanDocument", "CSystemShims"]),
        // What each fuzz target does with an input, shared by the libFuzzer
        // executables (Tools/fuzz-targets) and FuzzRegressionTests. Not API.
        .target(name: "_PlanFuzzing", dependencies: ["PlanDocument", "PlanSchema", "PlanDiff", "PlanMerge"]),
        // Benchmark driver for Tools/bench-commit (the workspace API in one process).
        .executableTarget(name: "planbench-bench", dependencies: ["PlanBench"]),
        // The merge benchmark's driver (scenarios, scoring, engine timing); see Tools/bench-merge.
        .executableTarget(
            name: "planmerge-bench",
            dependencies: ["PlanDocument", "PlanMerge", "PlanBenchCLI"]
        ),

        .testTarget(name: "PlanDocumentTests", dependencies: [
            "PlanDocument", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "PlanSchemaTests", dependencies: ["PlanSchema"], exclude: ["known-failures.txt"]),
        .testTarget(name: "PlanDiffTests", dependencies: [
            "PlanDiff", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "PlanMergeTests", dependencies: [
            "PlanMerge", .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        .testTarget(name: "PlanGitTests", dependencies: ["PlanGit"]),
        .testTarget(name: "FuzzRegressionTests", dependencies: ["_PlanFuzzing"], exclude: ["fuzz-regressions"]),
        .testTarget(name: "PlanReviewTests", dependencies: ["PlanReview", "PlanDocument"]),
        .testTarget(name: "PlanIndexTests", dependencies: ["PlanIndex", "PlanDocument"]),
        .testTarget(name: "PlanReportTests", dependencies: ["PlanReport", "PlanReview", "PlanDiff", "PlanDocument"]),
        .testTarget(name: "PlanBenchTests", dependencies: ["PlanBench", "PlanReview", "PlanDocument", "PlanMerge"]),
        .testTarget(name: "PlanBenchCLITests", dependencies: ["PlanBenchCLI", "PlanBench", "PlanSchema", "PlanDocument", "PlanReview", "PlanReport"]),
        .testTarget(name: "PlanServeTests", dependencies: ["PlanServe", "PlanBench", "PlanBenchCLI", "PlanReview"]),
    ],
    swiftLanguageModes: [.v6]
)
