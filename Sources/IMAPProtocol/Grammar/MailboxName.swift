/// A mailbox name (RFC 9051 §5.1), held as Unicode text.
///
/// On the wire a name is modified UTF-7 (RFC 3501 §5.1.3), or UTF-8 once UTF8=ACCEPT
/// is enabled. A name from the server that does not decode is kept byte for byte so
/// it can be sent back unchanged; `name` then shows it decoded leniently. Names are
/// data: they never reach a shell or a file path without sanitising.
public struct MailboxName: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    /// The name as Unicode text.
    public let name: String
    /// The exact wire bytes when they did not decode; sent back verbatim.
    public let undecodableBytes: [UInt8]?

    public init(_ name: String) {
        self.name = name
        undecodableBytes = nil
    }

    public init(stringLiteral value: String) {
        self.init(value)
    }

    /// A name as received: UTF-8 when `utf8` (UTF8=ACCEPT) or when it holds 8-bit
    /// bytes (a server sending raw UTF-8 anyway), else modified UTF-7.
    public init(wireBytes: [UInt8], utf8: Bool) {
        if utf8 || wireBytes.contains(where: { $0 >= 0x80 }) {
            if let text = String(validating: wireBytes, as: UTF8.self) {
                self.name = text
                undecodableBytes = nil
            } else {
                self.name = String(decoding: wireBytes, as: UTF8.self)
                undecodableBytes = wireBytes
            }
        } else if let text = ModifiedUTF7.decode(wireBytes) {
            self.name = text
            undecodableBytes = nil
        } else {
            self.name = String(decoding: wireBytes, as: UTF8.self)
            undecodableBytes = wireBytes
        }
    }

    /// `INBOX`, which is case-insensitive.
    public static let inbox = MailboxName("INBOX")

    public var isInbox: Bool { name.uppercased() == "INBOX" }

    /// The bytes to send: UTF-8 under UTF8=ACCEPT, else modified UTF-7.
    public func wireBytes(utf8: Bool) -> [UInt8] {
        if let undecodableBytes { return undecodableBytes }
        return utf8 ? Array(name.utf8) : ModifiedUTF7.encode(name)
    }

    public var description: String { name }
}
