import Foundation
import MerleConfig
import Transport

extension BodyPolicy {
    /// The oldest internal date whose body is fetched during a sync; nil for no limit.
    func cutoff(now: Date) -> Date?? {
        switch self {
        case .all: return .some(nil)
        case let .recent(days): return .some(now.addingTimeInterval(-Double(days) * 86_400))
        case .onDemand: return .none
        }
    }
}

/// How `IMAPMirror` syncs: the body policy, batch sizes, and switches that turn
/// extensions off so every resync path (QRESYNC, CONDSTORE, plain) can be exercised
/// against a server that offers them all.
public struct IMAPSyncOptions: Sendable, Equatable {
    public var bodies: BodyPolicy
    /// Use QRESYNC (RFC 7162 §3.2) when the server offers it.
    public var useQResync: Bool
    /// Use CONDSTORE (RFC 7162 §3.1) when the server offers it. Off also turns QRESYNC off.
    public var useCondStore: Bool
    /// Messages per header FETCH.
    public var headerBatchSize: Int
    /// On a first sync with every body wanted: how many of the newest messages come as
    /// headers first (readable at once); the rest come whole in one pass.
    public var firstScreenHeaders: Int
    /// Header FETCH commands in flight at once (pipelined).
    public var headerPipelineDepth: Int
    /// Upper bound of the bytes (by RFC822.SIZE) one body FETCH asks for; one message
    /// larger than this is fetched alone. Bounds memory: bodies are never held for a
    /// whole folder.
    public var bodyBatchBytes: Int
    /// Most messages per body FETCH.
    public var bodyBatchCount: Int
    /// On a first sync, whole messages' bytes go to the store's packs as each FETCH
    /// arrives; their rows are written in one transaction per this many bytes (or every
    /// 2 seconds, whichever comes first).
    public var storeBatchBytes = 16 << 20
    /// A message bigger than this (by RFC822.SIZE) is fetched alone and in pieces of
    /// `bodyPieceBytes`, through a temporary file, so memory never holds it whole.
    public var largeBodyBytes = 4 << 20
    /// The piece size (`BODY.PEEK[]<offset.length>`) for large messages.
    public var bodyPieceBytes = 1 << 20
    /// Only these folders (names as the server spells them); nil syncs every selectable folder.
    public var folders: [String]?
    /// COMPRESS=DEFLATE when offered (pays only on slow links).
    public var compression: Bool
    public var timeouts: Timeouts

    public init(bodies: BodyPolicy = .all, useQResync: Bool = true, useCondStore: Bool = true,
                headerBatchSize: Int = 500, firstScreenHeaders: Int = 200, headerPipelineDepth: Int = 2, bodyBatchBytes: Int = 2 << 20,
                bodyBatchCount: Int = 500, folders: [String]? = nil, compression: Bool = false,
                timeouts: Timeouts = .standard) {
        self.bodies = bodies
        self.useQResync = useQResync
        self.useCondStore = useCondStore
        self.headerBatchSize = headerBatchSize
        self.firstScreenHeaders = firstScreenHeaders
        self.headerPipelineDepth = headerPipelineDepth
        self.bodyBatchBytes = bodyBatchBytes
        self.bodyBatchCount = bodyBatchCount
        self.folders = folders
        self.compression = compression
        self.timeouts = timeouts
    }
}
