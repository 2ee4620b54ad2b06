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

/// A shell command's standard output and exit status, through `posix_spawn` and
/// `waitpid`. Foundation's `Process` on Linux notices a child's exit by polling its run
/// loop every 50 ms, which was a third of a quick resync; this waits exactly as long as
/// the command runs. The command's errors go to ours (the user's terminal), never into
/// the output; its input is /dev/null.
struct ShellOutput {
    var output: [UInt8]
    var status: Int32

    struct Failure: Error {
        var reason: String
    }

    static func run(_ command: String, timeout: Double) throws -> ShellOutput {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw Failure(reason: "could not be started (no pipe: \(String(cString: strerror(errno))))") }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(writeEnd)
        guard spawned == 0 else { throw Failure(reason: "could not be started (\(String(cString: strerror(spawned))))") }

        var output: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = deadline.timeIntervalSinceNow
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = left > 0 ? poll(&poller, 1, Int32(min(left * 1000, 60_000)) + 1) : 0
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else {
                kill(pid, SIGTERM)
                var ignored: Int32 = 0
                waitpid(pid, &ignored, 0)
                throw Failure(reason: "did not finish within \(Int(timeout)) seconds")
            }
            let count = read(readEnd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<count])
        }
        // The output is complete; a command that lingers after closing it still has
        // until the deadline to exit.
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0, errno != EINTR { break }
            guard deadline.timeIntervalSinceNow > 0 else {
                kill(pid, SIGTERM)
                waitpid(pid, &status, 0)
                throw Failure(reason: "did not finish within \(Int(timeout)) seconds")
            }
            usleep(1_000)
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        let exited = status & 0x7F == 0
        return ShellOutput(output: output, status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
    }
}
