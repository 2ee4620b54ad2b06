// swift-tools-version: 6.1
import PackageDescription

/// Merle: a terminal mail reader. Layers (arrows point down) are described in
/// docs/DECISIONS.md and the design document; each target below is one layer.
let package = Package(
    name: "Merle",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "merle", targets: ["merle"]),
        .executable(name: "merle-bench", targets: ["merle-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // C system libraries and tiny shims for the macros Swift cannot import.
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "CCursesShim", dependencies: ["CNcursesw"], path: "Sources/CCursesShim",
                linkerSettings: [.linkedLibrary("ncursesw")]),
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL"),
        .target(name: "COpenSSLShim", dependencies: ["COpenSSL"], path: "Sources/COpenSSLShim"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "CZlibShim", dependencies: ["CZlib"], path: "Sources/CZlibShim"),
        // GnuPG Made Easy (Debian libgpgme-dev), for OpenPGP mail; S/MIME uses COpenSSL's CMS.
        .systemLibrary(name: "CGPGME", path: "Sources/CGPGME"),
        .target(name: "CMallocShim", path: "Sources/CMallocShim"),

        // Layers, lowest first.
        .target(name: "MailMessage"),
        .target(name: "Transport", dependencies: ["COpenSSL", "COpenSSLShim", "CZlib", "CZlibShim"]),
        .target(name: "IMAPProtocol", dependencies: ["Transport"]),
        .target(name: "POP3Protocol", dependencies: ["Transport", "COpenSSLShim"]),
        .target(name: "SMTPProtocol", dependencies: ["Transport"]),
        .target(name: "MailStore", dependencies: [
            "MailMessage", "COpenSSLShim",
            .product(name: "GRDB", package: "GRDB.swift"),
            // SQLite's incremental blob reads, for messages too big to read whole.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "MerleConfig", dependencies: [
            "Transport", "MailMessage",
            .product(name: "TOMLKit", package: "TOMLKit"),
        ]),
        .target(name: "SyncEngine", dependencies: ["Transport", "IMAPProtocol", "SMTPProtocol", "POP3Protocol", "MailMessage", "MailStore", "MerleConfig"]),
        .target(name: "Terminal", dependencies: ["CNcursesw", "CCursesShim"]),
        // Verifies and decrypts for the renderer (MailMessage's MessageCryptography);
        // only the reader and `merle show` hand it in, never the store or the index.
        .target(name: "MailCrypto", dependencies: ["MailMessage", "CGPGME", "COpenSSL"]),
        .target(name: "MailUI", dependencies: ["Terminal", "MailStore", "MailMessage", "MailCrypto", "SyncEngine", "MerleConfig"],
                resources: [.copy("../../Themes")]),
        .executableTarget(name: "merle", dependencies: [
            "CMallocShim", "MailUI", "SyncEngine", "MailMessage", "MailCrypto",
            "Transport", "IMAPProtocol", "POP3Protocol", "SMTPProtocol", "MailStore", "MerleConfig",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ], linkerSettings: [
            // LLD with packed relative relocations (DT_RELR, glibc 2.36): the static binary's
            // 93,000 relocations take 38 KB instead of 2.2 MB, which every start read and kept
            // resident (docs/DECISIONS.md, "Linking the binary").
            .unsafeFlags(["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"]),
            // The functions a sync runs, laid out together (scripts/make-link-order wrote the
            // list): the kernel maps code in 64 KB blocks around each page used, and scattered
            // they made most of the binary's code resident (docs/DECISIONS.md).
            .unsafeFlags(["-Xlinker", "--symbol-ordering-file=\(Context.packageDirectory)/scripts/link-order.txt",
                          "-Xlinker", "--no-warn-symbol-ordering"], .when(configuration: .release)),
        ]),

        // Benchmarks (Benchmarks/run-*): figures, never timed unit tests.
        .executableTarget(name: "merle-bench", dependencies: ["MailMessage", "MailStore", "MailUI", "MerleConfig", "SyncEngine", "Terminal"], path: "Benchmarks/MerleBench"),

        // Test stand-ins that ship as a target of their own (as NIOEmbedded does), never
        // in the merle binary: a scripted in-memory Connection.
        .target(name: "TransportTesting", dependencies: ["Transport"]),

        // Tests. TestSupport finds the real test servers started by scripts/test-servers.
        .target(name: "TestSupport", dependencies: ["Transport", "COpenSSL", "COpenSSLShim", "MailStore"], path: "Tests/TestSupport"),
        .testTarget(name: "MailMessageTests", dependencies: ["MailMessage"], exclude: ["Fixtures"]),
        .testTarget(name: "TransportTests", dependencies: ["TransportTesting", "Transport", "TestSupport"]),
        .testTarget(name: "IMAPProtocolTests", dependencies: ["TransportTesting", "IMAPProtocol", "Transport", "TestSupport"]),
        .testTarget(name: "POP3ProtocolTests", dependencies: ["TransportTesting", "POP3Protocol", "TestSupport"]),
        .testTarget(name: "SMTPProtocolTests", dependencies: ["TransportTesting", "SMTPProtocol", "TestSupport"]),
        .testTarget(name: "MailStoreTests", dependencies: ["MailStore", "TestSupport"]),
        .testTarget(name: "MailCryptoTests", dependencies: ["MailCrypto", "MailMessage", "MailStore", "MailUI", "TestSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal"]),
        .testTarget(name: "MailUITests", dependencies: ["MailUI", "Terminal", "MailStore", "SyncEngine", "TestSupport"], exclude: ["__Snapshots__"]),
        .testTarget(name: "SyncEngineTests", dependencies: [
            "SyncEngine", "TransportTesting", "IMAPProtocol", "POP3Protocol", "SMTPProtocol", "MailStore", "MerleConfig", "Transport", "TestSupport",
            .product(name: "GRDB", package: "GRDB.swift"),
        ]),
        .testTarget(name: "MerleConfigTests", dependencies: ["MerleConfig", "TestSupport"]),
        // Runs the built binary as users' scripts do; depends on it so it is built first.
        .testTarget(name: "merleTests", dependencies: [
            "merle", "TestSupport", "IMAPProtocol", "SMTPProtocol", "Transport", "MailStore", .product(name: "GRDB", package: "GRDB.swift"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

// In release builds each of Merle's functions gets a section of its own, so that the link
// order above can place it (public functions have one anyway).
let ownTargets: Set<String> = ["MailMessage", "Transport", "IMAPProtocol", "POP3Protocol", "SMTPProtocol", "MailStore",
                               "MerleConfig", "SyncEngine", "Terminal", "MailCrypto", "MailUI", "merle"]
for target in package.targets where ownTargets.contains(target.name) {
    target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-Xfrontend", "-function-sections"], .when(configuration: .release))]
}
