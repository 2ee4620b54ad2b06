/// One message's FETCH data, with accessors for the common items.
public struct FetchResponse: Sendable, Hashable {
    public var sequenceNumber: UInt32
    public var attributes: [FetchAttribute]

    public init(sequenceNumber: UInt32, attributes: [FetchAttribute]) {
        self.sequenceNumber = sequenceNumber
        self.attributes = attributes
    }

    public var uid: UInt32? {
        for case let .uid(uid) in attributes { return uid }
        return nil
    }

    public var flags: [Flag]? {
        for case let .flags(flags) in attributes { return flags }
        return nil
    }

    public var modSeq: UInt64? {
        for case let .modSeq(value) in attributes { return value }
        return nil
    }

    public var envelope: Envelope? {
        for case let .envelope(envelope) in attributes { return envelope }
        return nil
    }

    public var bodyStructure: BodyStructure? {
        for case let .bodyStructure(body, _) in attributes { return body }
        return nil
    }

    public var rfc822Size: Int? {
        for case let .rfc822Size(size) in attributes { return size }
        return nil
    }

    /// The bytes of BODY[section] (any origin), if fetched.
    public func body(_ section: SectionSpecifier = .complete) -> [UInt8]? {
        for case let .bodySection(fetched, _, data) in attributes where fetched == section { return data }
        return nil
    }
}
