import Foundation

/// A shell command's standard output and exit status, through `posix_spawn` and
/// `waitpid`. Foundation's `Process` on Linux notices a child's exit by polling its run
/// loop every 50 ms, which was a third of a quick resync; this waits exactly as long as
/// the command runs. Its input is /dev/null; its errors go to ours (the user's terminal)
/// unless `quiet`, never into the output.
struct ShellOutput {
    var output: [UInt8]
    var status: Int32

    struct Failure: Error {
        var reason: String
    }

    /// Runs `command` with `/bin/sh -c`. `arguments` become the shell's `$1`, `$2` …, so
    /// text from outside reaches the command as data and is never parsed by the shell.
    /// `quiet`: the command's errors go to /dev/null (a full-screen reader owns the
    /// terminal) and it runs in a process group of its own, so a timeout ends the whole
    /// pipeline, not only the shell. (A password command keeps the terminal's group: a
    /// pinentry in a background group would be stopped by SIGTTIN.) At most
    /// `outputLimit` bytes are kept; past that the command is ended.
    static func run(_ command: String, arguments: [String] = [], timeout: Double, quiet: Bool = false,
                    outputLimit: Int = Int.max) throws -> ShellOutput {
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else { throw Failure(reason: "could not be started (no pipe: \(String(cString: strerror(errno))))") }
        let (readEnd, writeEnd) = (pipeEnds[0], pipeEnds[1])
        defer { close(readEnd) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        if quiet { posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0) }
        posix_spawn_file_actions_addclose(&actions, readEnd)
        posix_spawn_file_actions_addclose(&actions, writeEnd)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        if quiet {
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        var pid: pid_t = 0
        let argumentList = ["/bin/sh", "-c", command] + (arguments.isEmpty ? [] : ["merle"] + arguments)
        var argv: [UnsafeMutablePointer<CChar>?] = argumentList.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, environ)
        close(writeEnd)
        guard spawned == 0 else { throw Failure(reason: "could not be started (\(String(cString: strerror(spawned))))") }
        // The shell alone, or its whole group when it has one of its own.
        let target = quiet ? -pid : pid
        func end() {
            kill(target, SIGTERM)
            var ignored: Int32 = 0
            waitpid(pid, &ignored, 0)
        }

        var output: [UInt8] = []
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let left = deadline.timeIntervalSinceNow
            var poller = pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)
            let ready = left > 0 ? poll(&poller, 1, Int32(min(left * 1000, 60_000)) + 1) : 0
            if ready < 0, errno == EINTR { continue }
            guard ready > 0 else {
                end()
                throw Failure(reason: "did not finish within \(Self.seconds(timeout))")
            }
            let count = read(readEnd, &buffer, buffer.count)
            if count < 0, errno == EINTR { continue }
            if count <= 0 { break }
            output.append(contentsOf: buffer[0..<min(count, outputLimit - output.count)])
            if output.count >= outputLimit {
                end()
                return ShellOutput(output: output, status: 0)
            }
        }
        // The output is complete; a command that lingers after closing it still has
        // until the deadline to exit.
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0, errno != EINTR { break }
            guard deadline.timeIntervalSinceNow > 0 else {
                end()
                throw Failure(reason: "did not finish within \(Self.seconds(timeout))")
            }
            usleep(1_000)
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        let exited = status & 0x7F == 0
        return ShellOutput(output: output, status: exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F))
    }

    /// "60 seconds", "1.5 seconds".
    static func seconds(_ value: Double) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(value)
        return text + (value == 1 ? " second" : " seconds")
    }
}
