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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let output = Pipe()
        process.standardOutput = output
        // The command's own errors go to ours (the user's terminal), never into a message.
        process.standardError = FileHandle.standardError
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw Failure(account: account, reason: "could not be started (\(error.localizedDescription))")
        }
        let data = ReadAll.untilEnd(output.fileHandleForReading, process: process, timeout: timeout)
        guard let data else {
            process.terminate()
            throw Failure(account: account, reason: "did not finish within \(Int(timeout)) seconds")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(account: account, reason: "failed with exit status \(process.terminationStatus)")
        }
        let text = String(decoding: data, as: UTF8.self)
        let firstLine = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let secret = firstLine.hasSuffix("\r") ? String(firstLine.dropLast()) : firstLine
        guard !secret.isEmpty else {
            throw Failure(account: account, reason: "printed an empty first line")
        }
        return secret
    }
}

/// Reads a pipe to its end on a background thread, giving up after a timeout.
enum ReadAll {
    static func untilEnd(_ handle: FileHandle, process: Process, timeout: Double) -> Data? {
        let box = DataBox()
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            box.set(handle.readDataToEndOfFile())
            done.signal()
        }
        guard done.wait(timeout: .now() + timeout) == .success else { return nil }
        return box.get()
    }

    final class DataBox: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ value: Data) { lock.lock(); data = value; lock.unlock() }
        func get() -> Data { lock.lock(); defer { lock.unlock() }; return data }
    }
}
