/// A byte stream to a mail server, as the protocol layers see it.
///
/// Implementations are used from one thread at a time; they are not internally
/// synchronised. `SocketConnection` talks to a real server; `ScriptedConnection` (in the
/// `TransportTesting` target, never in the binary) replays a conversation in memory for
/// protocol tests.
public protocol Connection: AnyObject {
    /// Reads at least one and at most `maxLength` bytes. An empty result means the
    /// peer closed the connection.
    func read(upTo maxLength: Int) throws -> [UInt8]

    /// Reads one line including its terminating LF (CRLF or bare LF), never consuming
    /// bytes past it from the wire, so a STARTTLS upgrade can follow safely. Returns
    /// nil at end of stream; throws `TransportError.lineTooLong` past `maxLength`.
    func readLine(maxLength: Int) throws -> [UInt8]?

    /// Writes all of `bytes`.
    func write(_ bytes: [UInt8]) throws

    /// Upgrades the open plain connection to TLS (STARTTLS, STLS). Nothing received
    /// before the handshake is ever returned by a later read.
    func startTLS() throws

    /// Switches on raw DEFLATE in both directions (IMAP COMPRESS=DEFLATE, RFC 4978).
    func startCompression() throws

    /// Whether the stream is encrypted now.
    var isEncrypted: Bool { get }

    /// Closes the stream; later reads and writes fail.
    func close()

    /// Whether the peer has already closed or reset the connection, found without
    /// waiting and without consuming anything. False when unknown.
    var peerHasClosed: Bool { get }

    /// Waits at most `timeout` seconds until a read would not block: bytes are already
    /// buffered (decrypted, decompressed) or arrived, or the peer closed. True when
    /// readable, false when the time passed.
    ///
    /// This lets a caller that waits long for the peer (IMAP IDLE) wait in short slices
    /// and check a stop request between them: a read blocked in OpenSSL cannot be
    /// interrupted safely from another thread.
    func waitUntilReadable(timeout: Double) throws -> Bool
}

extension Connection {
    public var peerHasClosed: Bool { false }

    /// A connection that cannot tell says "readable": the caller then reads, and waits
    /// in the read as it would have without asking.
    public func waitUntilReadable(timeout: Double) throws -> Bool { true }
}
