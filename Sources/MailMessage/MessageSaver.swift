import Foundation

/// Saves messages to the user's files, as `W` in the reader and `merle save` do: one
/// message to a new `.eml` file (its bytes as they are), or any number appended to an
/// mbox file (`Mboxrd`), never over an existing file. A folder given gets a new `.eml`
/// named after the subject.
public enum MessageSaver {
    /// One message to save: its bytes and what its mbox `From ` line needs.
    public struct Message: Sendable {
        public var raw: [UInt8]
        public var sender: String
        public var date: Date
        public var subject: String

        public init(raw: [UInt8], sender: String, date: Date, subject: String) {
            self.raw = raw
            self.sender = sender
            self.date = date
            self.subject = subject
        }
    }

    /// What was written.
    public enum Outcome: Sendable, Equatable {
        case eml(path: String)
        case mbox(path: String, created: Bool, count: Int)
    }

    /// Why nothing was saved, in words that say what to do.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// Saves `messages` at `path` (`~` is home): an existing mbox file (or an empty file)
    /// is appended to; a new name ending in `.eml` gets one message as it is; any other
    /// new name becomes an mbox file; a folder gets a new `.eml` per the subject. An
    /// existing file that is not an mbox is refused, never overwritten.
    public static func save(_ messages: [Message], to typed: String) throws -> Outcome {
        guard !messages.isEmpty else { throw Failure("there is no message to save") }
        let path = typed.hasPrefix("~") ? NSHomeDirectory() + typed.dropFirst() : typed
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
            if isFolder.boolValue {
                guard messages.count == 1 else {
                    throw Failure("\(path) is a folder; several messages go into one mbox file: give a file name")
                }
                let name = FileNameSanitizer.sanitize(messages[0].subject, fallback: "message") + ".eml"
                return .eml(path: try createNumbered((path as NSString).appendingPathComponent(name), bytes: messages[0].raw))
            }
            try append(messages, toExisting: path)
            return .mbox(path: path, created: false, count: messages.count)
        }
        if path.lowercased().hasSuffix(".eml") {
            guard messages.count == 1 else {
                throw Failure("an .eml file holds one message; save these \(messages.count) to an mbox file (a name not ending in .eml)")
            }
            try create(path, bytes: messages[0].raw)
            return .eml(path: path)
        }
        try create(path, bytes: messages.flatMap { Mboxrd.entry($0.raw, sender: $0.sender, date: $0.date) })
        return .mbox(path: path, created: true, count: messages.count)
    }

    /// A new file with `bytes`, 0600; fails when anything is there already (O_EXCL).
    static func create(_ path: String, bytes: [UInt8]) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            let reason = errno == EEXIST ? "it already exists (nothing is overwritten)" : String(cString: strerror(errno))
            throw Failure("cannot save to \(path): \(reason); choose another name")
        }
        defer { close(descriptor) }
        try write(bytes, to: descriptor, path: path)
    }

    /// `path`, or `name-1.eml`, `name-2.eml` … when it is taken.
    static func createNumbered(_ path: String, bytes: [UInt8]) throws -> String {
        let stem = (path as NSString).deletingPathExtension
        let suffix = (path as NSString).pathExtension
        for number in 0..<1000 {
            let candidate = number == 0 ? path : "\(stem)-\(number).\(suffix)"
            let descriptor = open(candidate, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if descriptor >= 0 {
                defer { close(descriptor) }
                try write(bytes, to: descriptor, path: candidate)
                return candidate
            }
            guard errno == EEXIST else { throw Failure("cannot save to \(candidate): \(String(cString: strerror(errno))); choose another folder") }
        }
        throw Failure("cannot find a free name beside \(path); choose another")
    }

    /// Appends to an existing mbox (or empty) file, under an exclusive lock so two savers
    /// do not interleave; anything else is refused untouched.
    static func append(_ messages: [Message], toExisting path: String) throws {
        let descriptor = open(path, O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW)
        guard descriptor >= 0 else {
            throw Failure("cannot append to \(path): \(String(cString: strerror(errno))); check the file and its permissions")
        }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw Failure("cannot lock \(path) to append to it; try again") }
        defer { flock(descriptor, LOCK_UN) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else {
            throw Failure("\(path) is not a regular file; nothing was written to it")
        }
        var head = [UInt8](repeating: 0, count: 5)
        let read = pread(descriptor, &head, 5, 0)
        guard status.st_size == 0 || (read == 5 && head == Array("From ".utf8)) else {
            throw Failure("\(path) exists and is not an mbox file; nothing was overwritten: give a new name (.eml for one message), or an mbox file to append to")
        }
        var bytes: [UInt8] = []
        if status.st_size > 0 {
            // The file's last message must end in an empty line before the next From line.
            let count = status.st_size >= 2 ? 2 : 1
            var tail = [UInt8](repeating: 0, count: count)
            let got = pread(descriptor, &tail, count, off_t(status.st_size) - off_t(count))
            if got == count {
                if tail[count - 1] != ASCII.lf {
                    bytes += [ASCII.lf, ASCII.lf]
                } else if count == 2, tail[0] != ASCII.lf {
                    bytes.append(ASCII.lf)
                }
            }
        }
        for message in messages { bytes += Mboxrd.entry(message.raw, sender: message.sender, date: message.date) }
        try write(bytes, to: descriptor, path: path)
    }

    static func write(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var written = 0
        while written < bytes.count {
            let result = bytes[written...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if result < 0, errno == EINTR { continue }
            guard result > 0 else { throw Failure("cannot write \(path): \(String(cString: strerror(errno))); check the disk") }
            written += result
        }
        guard fsync(descriptor) == 0 else { throw Failure("cannot write \(path) to disk: \(String(cString: strerror(errno)))") }
    }
}
