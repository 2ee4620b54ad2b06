import ArgumentParser
import Foundation
import MailUI
import MerleConfig

/// `merle config check [--connect]`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Work with the configuration file.", subcommands: [Check.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check", abstract: "Validate the configuration; with --connect, also log in to each server.")

        @OptionGroup var global: GlobalOptions
        @Flag(help: "Connect and log in to each configured server and print what it offers.") var connect = false

        func run() throws {
            try runReportingFailure {
                let path = global.resolvedConfigPath
                let configuration = try global.loadConfiguration()
                _ = try Keymap.standard.applying(configuration.keys)
                print("\(path): OK, \(configuration.accounts.count) account\(configuration.accounts.count == 1 ? "" : "s")")
                for account in configuration.accounts {
                    let incoming = account.incoming.server
                    print("  \(account.name) <\(account.email)>: \(account.incoming.protocolName) \(incoming.host):\(incoming.port) (\(incoming.tls.rawValue))"
                          + (account.smtp.map { ", smtp \($0.host):\($0.port) (\($0.tls.rawValue))" } ?? ", no smtp"))
                    for server in [incoming] + (account.smtp.map { [$0] } ?? []) {
                        if server.tls == .insecure {
                            print("    warning: \(server.host):\(server.port) uses tls = \"insecure\": password and mail travel unencrypted")
                        }
                        if let caFile = server.caFile, !FileManager.default.fileExists(atPath: caFile) {
                            throw ConfigError(file: path, problem: "ca_file \(caFile) of account \"\(account.name)\" does not exist",
                                              fix: "point ca_file at the PEM file of the CA that signed the server's certificate")
                        }
                    }
                }
                if connect {
                    var failures = 0
                    for account in configuration.accounts {
                        failures += ServerCheck.run(account: account)
                    }
                    if failures > 0 {
                        throw ServerCheck.Failed(count: failures)
                    }
                }
            }
        }
    }
}
