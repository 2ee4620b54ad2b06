/// A POP3 status line (RFC 1939 §3): `+OK text` or `-ERR text`, with the RFC 2449
/// extended response code (`[AUTH]`, `[IN-USE]`, `[SYS/TEMP]`) when present.
public struct POP3Reply: Sendable, Equatable, CustomStringConvertible {
    public var isOK: Bool
    public var code: String?
    public var text: String

    public init(isOK: Bool, code: String? = nil, text: String) {
        self.isOK = isOK
        self.code = code
        self.text = text
    }

    /// Parses one status line.
    /// RFC 1939 §3: status indicators "+OK" and "-ERR" followed by text;
    /// RFC 2449 §8: resp-code = "[" resp-level *("/" resp-level) "]".
    public static func parse(_ bytes: [UInt8]) throws -> POP3Reply {
        var line = bytes
        while line.last == 0x0A || line.last == 0x0D { line.removeLast() }
        let text = String(decoding: line, as: UTF8.self)
        let isOK: Bool
        var rest: Substring
        if text.hasPrefix("+OK") {
            isOK = true
            rest = text.dropFirst(3)
        } else if text.hasPrefix("-ERR") {
            isOK = false
            rest = text.dropFirst(4)
        } else {
            throw POP3Error.malformedReply(text)
        }
        if rest.first == " " { rest = rest.dropFirst() }
        var code: String?
        if rest.first == "[", let close = rest.firstIndex(of: "]") {
            code = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...].drop { $0 == " " }
        }
        return POP3Reply(isOK: isOK, code: code, text: String(rest))
    }

    public var description: String {
        (isOK ? "+OK" : "-ERR") + (code.map { " [\($0)]" } ?? "") + (text.isEmpty ? "" : " \(text)")
    }
}
