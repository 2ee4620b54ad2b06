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
                let review = ConfigReview(configuration)
                review.lines.forEach { print($0) }
                guard review.problems == 0 else { throw ConfigReview.Problems(file: path, count: review.problems) }
                if connect {
                    var failures = 0
                    for account in configuration.accounts {
                        failures += ServerCheck.run(account: account)
                    }
                    if failures > 0 {
                        throw ServerCheck.Failed(count: failures)
                    }
                }
                let count = configuration.accounts.count
                print("\(path): OK, \(count) account\(count == 1 ? "" : "s")"
                      + (review.warnings == 0 ? "" : ", \(review.warnings) warning\(review.warnings == 1 ? "" : "s") (above)"))
            }
        }
    }
}
