import Foundation

/// Writes an mbox (mboxrd quoting by default, the only one that gives every message back
/// exactly; mboxo gives an mboxo file back exactly) to a file that must not exist yet. It is written beside its place under a temporary
/// name (0600) and linked to its name only when complete, a link that fails rather than
/// replace a file that appeared meanwhile: an export that stops halfway leaves nothing,
/// and nothing is ever written over.
/// Each message gets a `From ` line with its sender and date, its body lines that look
/// like one (after any `>`s) one more `>`, a line end at its end if it had none, and
/// the empty line that ends it.
struct MboxWriter {
    let path: String
    let quoting: MboxQuoting
    let timeZone: TimeZone
    private let temporary: String
    private var descriptor: Int32
    private var buffer: [UInt8] = []

    init(path: String, quoting: MboxQuoting = .mboxrd, timeZone: TimeZone = .current) throws {
        self.path = path
        self.quoting = quoting
        self.timeZone = timeZone
        guard !FileManager.default.fileExists(atPath: path) else { throw TransferError.exists(path) }
        let url = URL(fileURLWithPath: path)
        temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).merle-\(getpid())").path
        descriptor = try PrivateFile.create(temporary, named: path)
    }

    /// Appends one message (LF line ends).
    mutating func write(_ message: [UInt8], from fromLine: FromLine) throws {
        buffer.append(contentsOf: Array(fromLine.text(timeZone: timeZone).utf8))
        buffer.append(0x0A)
        var start = 0
        while start < message.count {
            let end = message[start...].firstIndex(of: 0x0A).map { $0 + 1 } ?? message.count
            let line = message[start..<end]
            if quoting.needsQuoting(line) { buffer.append(UInt8(ascii: ">")) }
            buffer.append(contentsOf: line)
            start = end
        }
        if message.last != 0x0A { buffer.append(0x0A) }
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes what is buffered, syncs the file and gives it its name.
    mutating func finish() throws {
        defer { abandon() }
        try flush()
        try PrivateFile.sync(descriptor, named: path)
        guard link(temporary, path) == 0 else {
            throw errno == EEXIST ? TransferError.exists(path) : TransferError.cannotWrite(path, String(cString: strerror(errno)))
        }
    }

    /// Closes and removes the temporary file (after `finish`, its name stays linked).
    mutating func abandon() {
        guard descriptor >= 0 else { return }
        close(descriptor)
        descriptor = -1
        unlink(temporary)
    }

    private mutating func flush() throws {
        try PrivateFile.write(buffer, to: descriptor, named: path)
        buffer.removeAll(keepingCapacity: true)
    }
}
