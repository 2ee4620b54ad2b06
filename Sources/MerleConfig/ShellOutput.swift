import Foundation

/// A shell command's standard output and exit status, through `posix_spawn` and
/// `waitpid`. Foundation's `Process` on Linux notices a child's exit by polling its run
/// loop every 50 ms, which was a third of a quick resync; this waits exactly as long as
/// the command runs. Its input is `input` (written while the output is read, so a
/// command that answers before it has read everything cannot block), else /dev/null;
/// its errors go to ours (the user's terminal) unless `mergingErrors` puts them in the
/// output or `quiet` drops them. The output kept is at most `outputLimit` bytes; the rest
/// is read and dropped, or the command is ended there when `stopAtLimit`.
public struct ShellOutput: Sendable {
    public var output: [UInt8]
    public var status: Int32
    /// Whether output past `outputLimit` was dropped.
    public var truncated = false

    /// Why the command did not run to its end, in words.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var reason: String
        public var description: String { reason }
    }

    /// Writing to a command that stopped reading must be an error to handle (EPIPE),
    /// never the end of Merle.
    private static let ignoreBrokenPipe: Void = {
        signal(SIGPIPE, SIG_IGN)
    }()

    /// Runs `command` with `/bin/sh -c`. `arguments` become the shell's `$1`, `$2` …, so
    /// text from outside reaches the command as data and is never parsed by the shell.
    /// `quiet`: the command's errors go to /dev/null (a full-screen reader owns the
    /// terminal) and it runs in a process group of its own, so a timeout ends the whole
    /// pipeline, not only the shell. (A password command keeps the terminal's group: a
    /// pinentry in a background group would be stopped by SIGTTIN.)
    public static func run(_ command: String, arguments: [String] = [], input: [UInt8]? = nil, mergingErrors: Bool = false,
                           quiet: Bool = false, timeout: Double, outputLimit: Int = 64 << 20, stopAtLimit: Bool = false,
                           environment extra: [String: String] = [:]) throws -> ShellOutput {
        if input != nil { _ = ignoreBrokenPipe }
        var outputEnds: [Int32] = [0, 0]
        guard pipe(&outputEnds) == 0 else { throw Failure(reason: "could not be started (no pipe: \(String(cString: strerror(errno))))") }
        let (readEnd, writeEnd) = (outputEnds[0], outputEnds[1])
        defer { close(readEnd) }
        var inputEnds: [Int32] = [-1, -1]
        if input != nil, pipe(&inputEnds) != 0 {
            close(writeEnd)
            throw Failure(reason: "could not be started (no pipe: \(String(cString: strerror(errno))))")
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if input != nil {
            posix_spawn_file_actions_adddup2(&actions, inputEnds[0], 0)
            posix_spawn_file_actions_addclose(&actions, inputEnds[0])
            posix_spawn_file_actions_addclose(&actions, inputEnds[1])
        } else {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        }
        posix_spawn_file_actions_adddup2(&actions, writeEnd, 1)
        if mergingErrors {
            posix_spawn_file_actions_adddup2(&actions, writeEnd, 2)
        } else if quiet {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
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
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extra) { $1 }
        var envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, &attributes, &argv, &envp)
        close(writeEnd)
        var inputWriter: Int32 = -1
        if input != nil {
            close(inputEnds[0])
            inputWriter = inputEnds[1]
        }
        defer { if inputWriter >= 0 { close(inputWriter) } }
        guard spawned == 0 else { throw Failure(reason: "could not be started (\(String(cString: strerror(spawned))))") }

        func kill(_ reason: String) -> Failure {
            // The shell alone, or its whole group when it has one of its own.
            Glibc.kill(quiet ? -pid : pid, SIGTERM)
            var ignored: Int32 = 0
            waitpid(pid, &ignored, 0)
            return Failure(reason: reason)
        }
        // The input is written in slices as the pipe takes it; a command that closes its
        // input early (head) ends the writing, not the run.
        if inputWriter >= 0 { _ = fcntl(inputWriter, F_SETFL, fcntl(inputWriter, F_GETFL) | O_NONBLOCK) }
        let bytes = input ?? []
        var written = 0
        if inputWriter >= 0, bytes.isEmpty {
            close(inputWriter)
            inputWriter = -1
        }
        var result = ShellOutput(output: [], status: 0)
        let deadline = Date().addingTimeInterval(timeout)
        var buffer = [UInt8](repeating: 0, count: 65_536)
        var outputOpen = true
        while outputOpen {
            let left = deadline.timeIntervalSinceNow
            guard left > 0 else { throw kill("did not finish within \(Self.seconds(timeout))") }
            var pollers = [pollfd(fd: readEnd, events: Int16(POLLIN), revents: 0)]
            if inputWriter >= 0 { pollers.append(pollfd(fd: inputWriter, events: Int16(POLLOUT), revents: 0)) }
            let ready = poll(&pollers, nfds_t(pollers.count), Int32(min(left * 1000, 60_000)) + 1)
            if ready < 0, errno == EINTR { continue }
            guard ready >= 0 else { throw kill("could not be waited for (\(String(cString: strerror(errno))))") }
            if inputWriter >= 0, pollers[1].revents != 0 {
                let count = bytes[written...].withUnsafeBytes { write(inputWriter, $0.baseAddress, min($0.count, 65_536)) }
                if count > 0 { written += count }
                if written >= bytes.count || (count < 0 && errno != EAGAIN && errno != EINTR) {
                    close(inputWriter)
                    inputWriter = -1
                }
            }
            if pollers[0].revents != 0 {
                let count = read(readEnd, &buffer, buffer.count)
                if count < 0, errno == EINTR { continue }
                if count <= 0 {
                    outputOpen = false
                } else {
                    let kept = max(0, min(count, outputLimit - result.output.count))
                    result.output.append(contentsOf: buffer[0..<kept])
                    if kept < count { result.truncated = true }
                    if result.truncated, stopAtLimit {
                        Glibc.kill(quiet ? -pid : pid, SIGTERM)
                        var ignored: Int32 = 0
                        waitpid(pid, &ignored, 0)
                        return result
                    }
                }
            }
        }
        // The output is complete; a command that lingers after closing it still has
        // until the deadline to exit.
        var status: Int32 = 0
        while true {
            let done = waitpid(pid, &status, WNOHANG)
            if done == pid { break }
            if done < 0, errno != EINTR { break }
            guard deadline.timeIntervalSinceNow > 0 else { throw kill("did not finish within \(Self.seconds(timeout))") }
            usleep(1_000)
        }
        // WIFEXITED / WEXITSTATUS, which Swift does not import as functions.
        let exited = status & 0x7F == 0
        result.status = exited ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return result
    }

    /// "60 seconds", "1.5 seconds".
    static func seconds(_ value: Double) -> String {
        let text = value == value.rounded() ? String(Int(value)) : String(value)
        return text + (value == 1 ? " second" : " seconds")
    }
}
