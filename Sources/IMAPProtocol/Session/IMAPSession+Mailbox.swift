extension IMAPSession {
    /// LIST reference pattern, with RETURN (SPECIAL-USE) when the server has it (and
    /// more return options when asked and offered).
    public func list(reference: MailboxName = "", pattern: MailboxName = "*", returnOptions: [ListReturnOption]? = nil) throws -> [MailboxInfo] {
        // RETURN needs LIST-EXTENDED; without it a SPECIAL-USE server lists the
        // attributes anyway (RFC 6154 §2).
        var options = returnOptions ?? (has(.specialUse) ? [.specialUse] : [])
        if !has(.listExtended) { options = [] }
        let result = try execute(.list(reference: reference, pattern: pattern, returnOptions: options))
        return result.untagged.compactMap { response in
            if case let .list(info) = response { return info }
            return nil
        }
    }

    /// SELECT (or EXAMINE when `readOnly`), with CONDSTORE when offered and
    /// QRESYNC parameters when given (and enabled).
    public func select(_ mailbox: MailboxName, readOnly: Bool = false, qresync: SelectParameter? = nil) throws -> SelectedMailbox {
        var parameters: [SelectParameter] = []
        if let qresync, isEnabled(.qresync) {
            parameters.append(qresync)
        } else if has(.condStore) {
            parameters.append(.condStore)
        }
        let result = try execute(readOnly ? .examine(mailbox, parameters) : .select(mailbox, parameters))
        var selected = SelectedMailbox(name: mailbox, readOnly: readOnly || result.code == .readOnly)
        for response in result.untagged { selected.apply(response) }
        if result.code == .readWrite { selected.readOnly = false }
        return selected
    }

    /// UID FETCH: the FETCH responses for the asked UIDs (unsolicited FETCHes for other
    /// messages without a UID are left to `untaggedHandler`).
    public func uidFetch(_ uids: SequenceSet, _ items: [FetchItem], changedSince: UInt64? = nil, vanished: Bool = false) throws -> [FetchResponse] {
        let result = try execute(.uidFetch(uids, items, changedSince: changedSince, vanished: vanished && isEnabled(.qresync)))
        return result.untagged.compactMap { response in
            guard case let .fetch(number, attributes) = response else { return nil }
            let fetched = FetchResponse(sequenceNumber: number, attributes: attributes)
            let open = uids.ranges.contains { $0.upperBound == SequenceRange.star }
            guard let uid = fetched.uid, open || uids.contains(uid) else { return nil }
            return fetched
        }
    }

    /// UID SEARCH: the matching UIDs (from SEARCH or ESEARCH).
    public func uidSearch(_ keys: [SearchKey]) throws -> [UInt32] {
        let result = try execute(.uidSearch(keys))
        var uids: [UInt32] = []
        for response in result.untagged {
            switch response {
            case let .search(numbers, _): uids += numbers
            case let .esearch(esearch): uids += esearch.all?.values() ?? []
            default: break
            }
        }
        return uids
    }

    /// APPEND; returns where the message went when the server has UIDPLUS. An
    /// APPENDUID that does not name exactly one UID is a protocol error (CVE-2021-3578).
    @discardableResult
    public func append(_ message: [UInt8], to mailbox: MailboxName, flags: [Flag] = [], date: InternalDate? = nil) throws -> AppendUID? {
        try appendUID(of: try execute(.append(mailbox, flags: flags, date: date, message: message)))
    }

    /// UID COPY or UID MOVE; returns source → destination UIDs from COPYUID when the
    /// server has UIDPLUS. Mismatched sets are a protocol error, never a crash.
    @discardableResult
    public func uidCopy(_ uids: SequenceSet, to mailbox: MailboxName, move: Bool = false) throws -> [UInt32: UInt32] {
        let result = try execute(move ? .uidMove(uids, mailbox) : .uidCopy(uids, mailbox))
        return try copyUID(of: result)?.uids ?? [:]
    }

    /// The COPYUID of a UID COPY or UID MOVE result (RFC 4315): the target's UIDVALIDITY
    /// and source → destination UIDs; nil when the server gave none. Mismatched sets are
    /// a protocol error, never a crash.
    public func copyUID(of result: CommandResult) throws -> (uidValidity: UIDValidity, uids: [UInt32: UInt32])? {
        var code = result.code
        // MOVE reports COPYUID in an untagged OK (RFC 6851).
        for case let .condition(.ok, text) in result.untagged {
            if case .copyUID? = text.code { code = text.code }
        }
        guard case let .copyUID(validity, source, destination)? = code else { return nil }
        let limit = 1_000_000
        let from = source.values(limit: limit + 1), to = destination.values(limit: limit + 1)
        guard from.count == to.count, from.count <= limit, !source.description.contains("*"), !destination.description.contains("*") else {
            throw fail(.protocolViolation("COPYUID maps \(source) to \(destination), which do not pair up"))
        }
        return (validity, Dictionary(zip(from, to), uniquingKeysWith: { _, last in last }))
    }

    /// The APPENDUID of an APPEND result (RFC 4315); nil when the server gave none. An
    /// APPENDUID that does not name exactly one UID is a protocol error (CVE-2021-3578).
    public func appendUID(of result: CommandResult) throws -> AppendUID? {
        guard case let .appendUID(validity, set)? = result.code else { return nil }
        guard set.ranges.count == 1, set.ranges[0].first == set.ranges[0].last, set.ranges[0].first != SequenceRange.star else {
            throw fail(.protocolViolation("APPENDUID names \(set) for one appended message"))
        }
        return AppendUID(uidValidity: validity, uid: set.ranges[0].first)
    }

    /// LOGOUT; the connection is closed afterwards whatever happens.
    public func logout() throws {
        defer { close() }
        guard state != .loggedOut, state != .notConnected else { return }
        if state == .idling { try endIdle() }
        let tag = nextTag()
        try write(try encode(.logout, tag: tag).bytes)
        while true {
            let response: Response
            do {
                response = try readResponse()
            } catch IMAPError.serverBye, IMAPError.connectionClosed {
                return
            }
            if case let .tagged(tagged) = response, tagged.tag == tag { return }
        }
    }
}
