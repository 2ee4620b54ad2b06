/// Time limits for a connection, in seconds.
public struct Timeouts: Sendable, Hashable {
    /// How long establishing the TCP connection (and the TLS handshake) may take.
    public var connect: Double
    /// How long one read or write may wait for the peer.
    public var io: Double
    /// How long an answer may take at most, plus the time its bytes need at
    /// `minimumRate`: a server that trickles a byte every few seconds defeats a per-read
    /// timeout, never this (`SocketConnection`).
    public var answer: Double
    /// The slowest an answer may arrive once its `answer` seconds are used, in bytes a
    /// second (1 KB/s: a 2 MB batch of messages may take half an hour).
    public var minimumRate: Double

    public init(connect: Double = 15, io: Double = 60, answer: Double = 60, minimumRate: Double = 1024) {
        self.connect = connect
        self.io = io
        self.answer = answer
        self.minimumRate = minimumRate
    }

    public static let standard = Timeouts()
}
