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
        .target(name: "ConfideKit", dependencies: ["CSQLite"]),
        .executableTarget(name: "confide", dependencies: ["ConfideKit", "CReadline"]),
        .executableTarget(name: "confide-bench", dependencies: ["ConfideKit"]),
        .testTarget(name: "ConfideKitTests", dependencies: ["ConfideKit"]),
        .testTarget(name: "ConfideCLITests", dependencies: ["confide"]),
    ],
    swiftLanguageModes: [.v6]
)
