import Transport

extension IMAPSession {
    /// What an IDLE handler wants next.
    public enum IdleDecision: Sendable {
        case keepIdling
        case stop
    }

    /// Starts IDLE (RFC 2177) and waits for the server's `+`. The caller decides when
    /// to stop (RFC 2177 asks to re-issue at least every 29 minutes); reads while
    /// idling wait at most the connection's I/O timeout.
    public func beginIdle() throws {
        try guardUsable()
        guard has(.idle) else { throw IMAPError.notSupported(.idle) }
        let tag = nextTag()
        try write(try encode(.idle, tag: tag).bytes)
        while true {
            switch try readResponse() {
            case .continuation:
                idleTag = tag
                stateBeforeIdle = state
                state = .idling
                return
            case .untagged:
                continue
            case let .tagged(tagged):
                guard tagged.tag == tag else { throw fail(.protocolViolation("a completion for the unknown tag \(tagged.tag)")) }
                throw IMAPError.commandFailed(command: "IDLE", status: tagged.status, text: tagged.text.text)
            }
        }
    }

    /// Blocks until the server sends something during IDLE, and returns it.
    public func nextIdleResponse() throws -> UntaggedResponse {
        guard state == .idling, let idleTag else { throw IMAPError.invalidState("not in IDLE") }
        switch try readResponse() {
        case let .untagged(data):
            return data
        case let .tagged(tagged):
            // The server ended IDLE on its own.
            state = stateBeforeIdle ?? .authenticated
            self.idleTag = nil
            guard tagged.tag == idleTag else { throw fail(.protocolViolation("a completion for the unknown tag \(tagged.tag)")) }
            throw IMAPError.commandFailed(command: "IDLE", status: tagged.status, text: tagged.text.text)
        case .continuation:
            throw fail(.protocolViolation("a continuation request during IDLE"))
        }
    }

    /// Waits at most `timeout` seconds for the server to say something during IDLE and
    /// returns it, or nil when it stayed silent. A caller that must notice a stop
    /// request soon waits in short slices of this instead of one blocking read, which no
    /// other thread can interrupt safely; once bytes arrive, the response is read whole
    /// within the connection's I/O timeout.
    public func nextIdleResponse(timeout: Double) throws -> UntaggedResponse? {
        guard state == .idling, idleTag != nil else { throw IMAPError.invalidState("not in IDLE") }
        // A response started but not finished (a literal still coming) is read on at once.
        if framer.bufferedByteCount == 0 {
            do {
                guard try connection.waitUntilReadable(timeout: timeout) else { return nil }
            } catch let error as TransportError {
                throw fail(.transport(error))
            }
        }
        return try nextIdleResponse()
    }

    /// Sends DONE and waits for IDLE's completion; returns the untagged data that came
    /// in the meantime.
    @discardableResult
    public func endIdle() throws -> [UntaggedResponse] {
        guard state == .idling, let idleTag else { throw IMAPError.invalidState("not in IDLE") }
        try write(CommandEncoder.idleDone)
        var untagged: [UntaggedResponse] = []
        while true {
            switch try readResponse() {
            case let .untagged(data):
                untagged.append(data)
            case let .tagged(tagged):
                guard tagged.tag == idleTag else { throw fail(.protocolViolation("a completion for the unknown tag \(tagged.tag)")) }
                self.idleTag = nil
                state = stateBeforeIdle ?? .authenticated
                try CommandResult(command: "IDLE", tagged: tagged, untagged: untagged).checked()
                return untagged
            case .continuation:
                throw fail(.protocolViolation("a continuation request after DONE"))
            }
        }
    }

    /// IDLE until `handler` says stop: begin, hand each response over, DONE.
    public func idle(_ handler: (UntaggedResponse) throws -> IdleDecision) throws {
        try beginIdle()
        while true {
            if try handler(try nextIdleResponse()) == .stop { break }
        }
        try endIdle()
    }
}
