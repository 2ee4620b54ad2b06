import Foundation

/// Reads an mbox file one message at a time, holding one message and a 1 MB window of
/// the file, never the file: a Gmail export of several GB reads in bounded memory.
///
/// A message starts at a `From ` line that comes first in the file or after an empty
/// line and reads as a separator (`FromLine`: a sender, then a date); any other line
/// starting `From ` is text (an mbox written without quoting). The empty line before a
/// separator belongs to the file, not the message; a message's quoted `From ` lines are
/// unquoted as `quoting` says.
struct MboxReader {
    /// One message: its separator line and its bytes as the writer was given them (LF line ends).
    struct Message {
        var fromLine: FromLine
        var bytes: [UInt8]
    }

    let path: String
    let quoting: MboxQuoting
    let timeZone: TimeZone
    /// How far the file has been read, for progress.
    private(set) var offset = 0
    /// The file's size.
    let size: Int
    private let file: FileHandle
    private var window: [UInt8] = []
    private var windowStart = 0
    private var atEnd = false
    private var pending: FromLine?
    private var previousLineEmpty = true
    private var started = false

    init(path: String, quoting: MboxQuoting, timeZone: TimeZone = .current) throws {
        self.path = path
        self.quoting = quoting
        self.timeZone = timeZone
        guard let file = FileHandle(forReadingAtPath: path) else { throw TransferError.cannotRead(path) }
        self.file = file
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// The next message, or nil at the end of the file. A file whose first line is not a
    /// separator is not an mbox.
    mutating func next() throws -> Message? {
        var message: [UInt8] = []
        while let line = try nextLine() {
            let content = line.last == 0x0A ? line.dropLast() : line[...]
            let bare = content.last == 0x0D ? content.dropLast() : content
            if previousLineEmpty, let separator = FromLine(bare, timeZone: timeZone) {
                previousLineEmpty = false
                guard started else {
                    started = true
                    pending = separator
                    continue
                }
                let finished = Message(fromLine: pending!, bytes: Self.droppingSeparatorLine(message))
                pending = separator
                return finished
            }
            guard started else {
                if bare.isEmpty { continue }
                throw TransferError.notAnMbox(path)
            }
            previousLineEmpty = bare.isEmpty
            if quoting.isQuoted(bare) {
                message.append(contentsOf: line.dropFirst())
            } else {
                message.append(contentsOf: line)
            }
        }
        guard let last = pending else { return nil }
        pending = nil
        return Message(fromLine: last, bytes: Self.droppingSeparatorLine(message))
    }

    /// The empty line writers put after each message is the file's, not the message's.
    private static func droppingSeparatorLine(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.count >= 2, bytes[bytes.count - 1] == 0x0A, bytes[bytes.count - 2] == 0x0A { return Array(bytes.dropLast()) }
        if bytes.count >= 4, bytes.suffix(4).elementsEqual([0x0D, 0x0A, 0x0D, 0x0A]) { return Array(bytes.dropLast(2)) }
        return bytes
    }

    /// The next line with its LF (the last one may have none), or nil at the end.
    private mutating func nextLine() throws -> ArraySlice<UInt8>? {
        while true {
            if let newline = window[windowStart...].firstIndex(of: 0x0A) {
                let line = window[windowStart...newline]
                windowStart = newline + 1
                offset += line.count
                return line
            }
            if atEnd {
                guard windowStart < window.count else { return nil }
                let line = window[windowStart...]
                windowStart = window.count
                offset += line.count
                return line
            }
            let more: Data
            do {
                more = try file.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw TransferError.cannotRead(path)
            }
            if more.isEmpty { atEnd = true }
            window.removeSubrange(0..<windowStart)
            windowStart = 0
            window.append(contentsOf: more)
        }
    }
}
