/// Time limits for a connection, in seconds.
public struct Timeouts: Sendable, Hashable {
    /// How long establishing the TCP connection (and the TLS handshake) may take.
    public var connect: Double
    /// How long one read or write may wait for the peer.
    public var io: Double

    public init(connect: Double = 15, io: Double = 60) {
        self.connect = connect
        self.io = io
    }

    public static let standard = Timeouts()
}
