// swift-tools-version:6.0
import PackageDescription

// Kernels are compiled for the CPU that builds them (see README: "Build flags").
// Without a target CPU Swift emits baseline x86-64 code: SIMD FMAs become scalar
// libm calls and the kernels run ~100x below the machine's peak. Set
// ATTNBENCH_TARGET_CPU (e.g. x86-64-v3 is rejected by swiftc; use a named CPU such as
// haswell or znver3) to build a binary for other machines than this one.
let targetCPU = Context.environment["ATTNBENCH_TARGET_CPU"] ?? "native"
let nativeCPU: [SwiftSetting] =
    [.unsafeFlags(["-target-cpu", targetCPU])]
    + (targetCPU == "native" ? [.define("ATTNBENCH_NATIVE_BUILD")] : [])

let package = Package(
    name: "attnbench",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "attnbench", targets: ["attnbench"]),
        .library(name: "AttentionKernels", targets: ["AttentionKernels"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0")
    ],
    targets: [
        .systemLibrary(
            name: "CPAPI",
            pkgConfig: "papi",
            providers: [.apt(["libpapi-dev"])]
        ),
        // Callgrind's client requests (header only; no-ops where valgrind/callgrind.h is missing).
        .systemLibrary(name: "CCallgrind"),
        .target(name: "AttentionKernels", swiftSettings: nativeCPU),
        .systemLibrary(name: "CPerfEvent"),
        .target(name: "Counters", dependencies: ["CPAPI", "CPerfEvent", "CCallgrind"]),
        .target(
            name: "Harness",
            dependencies: ["AttentionKernels", "Counters", .product(name: "Yams", package: "Yams")],
            swiftSettings: nativeCPU
        ),
        // Native code for the statistics of `compare` (vectorized bootstrap draws) too.
        .target(name: "Reports", dependencies: ["Harness", "AttentionKernels", "Counters"], swiftSettings: nativeCPU),
        .executableTarget(
            name: "attnbench",
            dependencies: [
                "Reports", "Harness", "AttentionKernels", "Counters",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ],
            swiftSettings: nativeCPU
        ),
        .testTarget(
            name: "AttentionKernelsTests", dependencies: ["AttentionKernels"], exclude: ["Fixtures"],
            swiftSettings: nativeCPU),
        .testTarget(name: "CountersTests", dependencies: ["Counters"]),
        // Synthetic run records shared by the Harness (records) and Reports tests.
        .target(
            name: "TestFixtures", dependencies: ["Harness", "AttentionKernels", "Counters"], path: "Tests/TestFixtures"),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "Counters", "TestFixtures"]),
        .testTarget(
            name: "ReportsTests", dependencies: ["Reports", "Harness", "AttentionKernels", "Counters", "TestFixtures"]),
        .testTarget(
            name: "CLITests", dependencies: ["attnbench", "AttentionKernels", "Harness", "Counters", "Reports"],
            exclude: ["Fixtures"])
    ],
    swiftLanguageModes: [.v5]
)
