import Foundation

/// Delivers messages into a Maildir as the spec says (cr.yp.to/proto/maildir.html):
/// written to `tmp/` under a unique name, synced, then linked into `cur/` with their
/// flags as `:2,` info, the link failing rather than replacing a file of that name.
/// The file's modification time is the message's internal date, as Dovecot and mbsync
/// read it back. Files are 0600: mail is private.
struct MaildirWriter {
    let path: String
    private let host: String
    private var sequence = 0

    /// Creates `path`'s `cur/`, `new/` and `tmp/` (0700) where missing. Files already in
    /// the Maildir stay; new ones never take their names.
    init(path: String) throws {
        self.path = path
        for folder in ["", "/cur", "/new", "/tmp"] {
            do {
                try FileManager.default.createDirectory(atPath: path + folder, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw TransferError.cannotWrite(path + folder, error.localizedDescription)
            }
        }
        // `/` and `:` cannot be in the name's host part (the spec's \057 and \072).
        host = (ProcessInfo.processInfo.hostName.split(separator: ".").first.map(String.init) ?? "localhost")
            .replacingOccurrences(of: "/", with: "\\057").replacingOccurrences(of: ":", with: "\\072")
    }

    /// Writes one message (LF line ends) with `flags`; returns its path in `cur/`.
    @discardableResult
    mutating func deliver(_ bytes: [UInt8], flags: [String], date: Date?) throws -> String {
        sequence += 1
        let now = Date()
        let seconds = Int((date ?? now).timeIntervalSince1970)
        let micro = Int(now.timeIntervalSince1970 * 1_000_000) % 1_000_000
        let unique = "\(seconds).M\(micro)P\(getpid())Q\(sequence).\(host)"
        let temporary = path + "/tmp/" + unique
        let final = path + "/cur/" + unique + ":" + MaildirFlags.info(for: flags)
        try write(bytes, to: temporary)
        defer { unlink(temporary) }
        if let date {
            var times = [timespec(tv_sec: Int(date.timeIntervalSince1970), tv_nsec: 0),
                         timespec(tv_sec: Int(date.timeIntervalSince1970), tv_nsec: 0)]
            utimensat(AT_FDCWD, temporary, &times, 0)
        }
        // link(2) never replaces: a name taken already is an error, not a lost message.
        guard link(temporary, final) == 0 else {
            throw errno == EEXIST ? TransferError.exists(final) : TransferError.cannotWrite(final, String(cString: strerror(errno)))
        }
        return final
    }

    private func write(_ bytes: [UInt8], to file: String) throws {
        let descriptor = try PrivateFile.create(file, named: file)
        defer { close(descriptor) }
        try PrivateFile.write(bytes, to: descriptor, named: file)
        try PrivateFile.sync(descriptor, named: file)
    }
}
