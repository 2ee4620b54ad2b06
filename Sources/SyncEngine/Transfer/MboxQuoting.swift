/// How an mbox protects body lines that begin like a message separator.
public enum MboxQuoting: String, Sendable, CaseIterable {
    /// mboxrd: every `From ` line, quoted or not, gets one more `>` (`>From ` becomes
    /// `>>From `), so reading takes exactly one away again. What Merle writes: it is the
    /// only form that gives every message back exactly.
    case mboxrd
    /// mboxo: only `From ` itself gets a `>` (mutt, Thunderbird, Python's `mailbox`);
    /// reading takes it away from `>From ` lines alone, so a `>From ` the message held
    /// comes back as `From `.
    case mboxo

    /// Whether a body line (without its line end) was quoted by this scheme, so one `>` goes.
    func isQuoted(_ line: ArraySlice<UInt8>) -> Bool {
        var index = line.startIndex
        guard index < line.endIndex, line[index] == UInt8(ascii: ">") else { return false }
        switch self {
        case .mboxrd:
            while index < line.endIndex, line[index] == UInt8(ascii: ">") { index += 1 }
        case .mboxo:
            index += 1
        }
        return line[index...].starts(with: Self.from)
    }

    /// Whether a message line gets a `>` when written (mboxrd: `>*From `; mboxo: `From `).
    func needsQuoting(_ line: ArraySlice<UInt8>) -> Bool {
        var index = line.startIndex
        if self == .mboxrd {
            while index < line.endIndex, line[index] == UInt8(ascii: ">") { index += 1 }
        }
        return line[index...].starts(with: Self.from)
    }

    static let from = Array("From ".utf8)
}
