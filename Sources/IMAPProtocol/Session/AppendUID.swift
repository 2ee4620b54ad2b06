/// Where an APPEND put the message (RFC 4315 APPENDUID).
public struct AppendUID: Sendable, Hashable {
    public var uidValidity: UIDValidity
    public var uid: UInt32

    public init(uidValidity: UIDValidity, uid: UInt32) {
        self.uidValidity = uidValidity
        self.uid = uid
    }
}
