import Foundation

/// Runs a `password_command` (or `oauth_token_command`) and returns the first line of
/// its output. The secret never appears in an error, a log or a description.
public enum PasswordCommand {
    /// Why a secret could not be obtained. Carries no part of the command's output.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var account: String
        public var reason: String

        public var description: String {
            "the password command of account \"\(account)\" \(reason); run it in a shell to see why, then fix password_command"
        }
    }

    /// Runs `command` with `/bin/sh -c`, waiting at most `timeout` seconds.
    public static func run(_ command: String, account: String, timeout: Double = 60) throws -> String {
        let result: ShellOutput
        do {
            result = try ShellOutput.run(command, timeout: timeout)
        } catch let error as ShellOutput.Failure {
            throw Failure(account: account, reason: error.reason)
        }
        guard result.status == 0 else {
            throw Failure(account: account, reason: "failed with exit status \(result.status)")
        }
        let text = String(decoding: result.output, as: UTF8.self)
        let firstLine = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let secret = firstLine.hasSuffix("\r") ? String(firstLine.dropLast()) : firstLine
        guard !secret.isEmpty else {
            throw Failure(account: account, reason: "printed an empty first line")
        }
        return secret
    }
}
