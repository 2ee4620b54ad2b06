/// Which way bytes travel through a `FaultProxy`.
public enum Direction: Sendable, Hashable, CustomStringConvertible {
    /// From the client (Merle) to the real server.
    case toServer
    /// From the real server to the client.
    case toClient

    public var description: String {
        self == .toServer ? "toward the server" : "toward the client"
    }
}

/// What a `FaultProxy` does to one connection. Offsets count the bytes of one
/// direction from the start of the connection (TLS records included, since the proxy
/// sees only the wire); "at N" means once exactly N bytes have been forwarded.
public enum Fault: Sendable, Equatable, CustomStringConvertible {
    /// Forward faithfully.
    case pass
    /// Close both sides (a FIN each way) at the offset.
    case drop(Direction, at: Int)
    /// Hold the stream for `seconds` at the offset, then go on.
    case delay(Direction, at: Int, seconds: Double)
    /// Stop forwarding at the offset and keep both sockets open, so the client waits.
    case stall(Direction, at: Int)
    /// End that direction at the offset (the receiver reads end of stream); the other
    /// direction keeps flowing.
    case truncate(Direction, at: Int)
    /// Invert the byte at the offset.
    case corrupt(Direction, at: Int)
    /// Forward up to the offset, then reset the client's socket (SO_LINGER 0: an RST,
    /// not a FIN) and close the server's.
    case reset(Direction, at: Int)
    /// From the offset on, forward at most `bytesPerSecond` (a slow link, or a server
    /// that trickles a byte now and then).
    case trickle(Direction, at: Int, bytesPerSecond: Double)
    /// Accept the client, never connect to the server, never answer.
    case silentAccept

    /// The direction and offset a positional fault applies to.
    var position: (direction: Direction, offset: Int)? {
        switch self {
        case .pass, .silentAccept: return nil
        case let .drop(direction, offset), let .delay(direction, offset, _), let .stall(direction, offset),
             let .truncate(direction, offset), let .corrupt(direction, offset), let .reset(direction, offset),
             let .trickle(direction, offset, _):
            return (direction, offset)
        }
    }

    public var description: String {
        switch self {
        case .pass: return "no fault"
        case let .drop(direction, offset): return "drop \(direction) at byte \(offset)"
        case let .delay(direction, offset, seconds): return "delay \(direction) at byte \(offset) for \(seconds) s"
        case let .stall(direction, offset): return "stall \(direction) at byte \(offset)"
        case let .truncate(direction, offset): return "truncate \(direction) at byte \(offset)"
        case let .corrupt(direction, offset): return "corrupt byte \(offset) \(direction)"
        case let .reset(direction, offset): return "reset \(direction) at byte \(offset)"
        case let .trickle(direction, offset, rate): return "trickle \(direction) from byte \(offset) at \(rate) bytes/s"
        case .silentAccept: return "accept and never answer"
        }
    }
}
