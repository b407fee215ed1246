// swift-tools-version: 6.1
// libFuzzer targets for planbench (run them with Tools/fuzz). The pure
// modules are the main package's own sources (Sources/* are links to them);
// each executable hands one case of _PlanFuzzing's FuzzTarget to libFuzzer's
// driver. Built with `-sanitize=fuzzer,address`.
import PackageDescription

let targets = ["yaml", "json", "archive", "schema", "diff", "merge"]

let package = Package(
    name: "planbench-fuzz",
    dependencies: [
        // The version the main package resolves (its Package.resolved).
        .package(url: "https://github.com/apple/swift-collections", exact: "1.6.0"),
    ],
    targets: [
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
        .target(name: "CSystemShims"),
        .target(
            name: "PlanDocument",
            dependencies: ["CLibYAML", .product(name: "OrderedCollections", package: "swift-collections")]
        ),
        .target(name: "PlanSchema", dependencies: ["PlanDocument", "CSystemShims"]),
        .target(name: "PlanDiff", dependencies: ["PlanDocument"]),
        .target(name: "PlanMerge", dependencies: ["PlanDocument", "PlanDiff"]),
        .target(name: "_PlanFuzzing", dependencies: ["PlanDocument", "PlanSchema", "PlanDiff", "PlanMerge"]),
        // Declares LLVMFuzzerRunDriver, which the fuzzer runtime defines.
        .target(name: "CFuzzerDriver"),
    ] + targets.map { name in
        .executableTarget(name: "fuzz-\(name)", dependencies: ["_PlanFuzzing", "PlanDocument", "CFuzzerDriver"], path: "Targets/\(name)")
    },
    swiftLanguageModes: [.v6]
)
