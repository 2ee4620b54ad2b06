/// A command ready for the wire, in chunks: after sending each chunk but the last,
/// the client waits for the server's `+` (a synchronizing literal follows).
public struct EncodedCommand: Sendable, Hashable {
    public var tag: String
    public var chunks: [[UInt8]]

    public init(tag: String, chunks: [[UInt8]]) {
        self.tag = tag
        self.chunks = chunks
    }

    /// All the bytes, for tests and logs of commands without literals.
    public var bytes: [UInt8] { chunks.flatMap { $0 } }
}
