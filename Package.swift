// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "confide",
    products: [
        .executable(name: "confide", targets: ["confide"]),
        .library(name: "ConfideKit", targets: ["ConfideKit"]),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CReadline",
            pkgConfig: "readline",
            providers: [.apt(["libreadline-dev"])]
        ),
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        .target(name: "ConfideKit", dependencies: ["CSQLite", "CBLAS"]),
        .executableTarget(name: "confide", dependencies: ["ConfideKit", "CReadline"]),
        .executableTarget(name: "confide-bench", dependencies: ["ConfideKit", "CBLAS"]),
        .testTarget(name: "ConfideKitTests", dependencies: ["ConfideKit"], exclude: ["Fixtures"]),
        .testTarget(name: "ConfideCLITests", dependencies: ["confide"]),
    ],
    swiftLanguageModes: [.v6]
)
