import Transport

/// An IMAP client session over a `Connection`: greeting, STARTTLS, login, ENABLE,
/// COMPRESS, commands (one at a time or pipelined), IDLE and LOGOUT.
///
/// Threading: like the `Connection` it owns, a session is used from one thread at a
/// time; it blocks in reads. Untagged responses go to `untaggedHandler` as they
/// arrive and into the `CommandResult` of the command they came with.
///
/// Security (SECURITY.md): with `.starttls` a PREAUTH greeting, a missing STARTTLS
/// capability or a refused STARTTLS abort; what the server said before the TLS
/// handshake is discarded and the capabilities are asked again; credentials are only
/// sent on an encrypted connection unless the account's mode is `.insecure`.
public final class IMAPSession {
    /// Where the session is in RFC 9051's state diagram.
    public enum State: Sendable, Hashable {
        case notConnected
        case notAuthenticated
        case authenticated
        case selected(MailboxName)
        case idling
        case loggedOut
    }

    public let configuration: SessionConfiguration
    let connection: Connection
    public internal(set) var state: State = .notConnected
    /// The server's capabilities as last reported.
    public internal(set) var capabilities: [Capability] = []
    /// The extensions ENABLE switched on.
    public internal(set) var enabled: [Capability] = []
    /// The greeting's text.
    public internal(set) var greeting: ResponseText?
    /// The SHA-256 fingerprint of the server's certificate, once encrypted.
    public var certificateFingerprint: CertificateFingerprint? { (connection as? SocketConnection)?.peerFingerprint }
    /// Called with each untagged response as it arrives.
    public var untaggedHandler: ((UntaggedResponse) -> Void)?

    var framer: ResponseFramer
    var parser: ResponseParser
    var encoder = CommandEncoder()
    private var tagCounter = 0
    /// Tag of the running IDLE.
    var idleTag: String?
    /// While STARTTLS is pending: untagged data is neither believed nor delivered.
    var ignoringUntagged = false
    /// The state to return to when IDLE ends.
    var stateBeforeIdle: State?

    public init(connection: Connection, configuration: SessionConfiguration = SessionConfiguration()) {
        self.connection = connection
        self.configuration = configuration
        framer = ResponseFramer(limits: configuration.limits)
        parser = ResponseParser(limits: configuration.limits)
    }

    /// Connects, reads the greeting and upgrades with STARTTLS if the mode says so.
    public static func connect(to endpoint: Endpoint, tls: TLSSettings = TLSSettings(), timeouts: Timeouts = .standard,
                               configuration: SessionConfiguration = SessionConfiguration()) throws -> IMAPSession {
        let connection: SocketConnection
        do {
            connection = try SocketConnection.connect(to: endpoint, mode: configuration.tlsMode, tls: tls, timeouts: timeouts,
                                                      greetingPatience: 3)
        } catch let error as TransportError {
            throw IMAPError.transport(error)
        }
        let session = IMAPSession(connection: connection, configuration: configuration)
        try session.start()
        return session
    }

    /// Connects and logs in, then ENABLEs, sends ID and starts compression as configured:
    /// what `merle config check --connect` and the sync engine need.
    public static func open(to endpoint: Endpoint, tls: TLSSettings = TLSSettings(), timeouts: Timeouts = .standard,
                            configuration: SessionConfiguration = SessionConfiguration(), credentials: Credentials) throws -> IMAPSession {
        let session = try connect(to: endpoint, tls: tls, timeouts: timeouts, configuration: configuration)
        do {
            try session.login(credentials)
            try session.finishSetup()
        } catch {
            session.close()
            throw error
        }
        return session
    }

    public func has(_ capability: Capability) -> Bool {
        capabilities.contains(capability)
    }

    public func isEnabled(_ capability: Capability) -> Bool {
        enabled.contains(capability)
    }

    public var isEncrypted: Bool { connection.isEncrypted }

    /// Closes the connection without LOGOUT.
    public func close() {
        connection.close()
        state = .loggedOut
    }

    // MARK: - Commands

    func nextTag() -> String {
        tagCounter += 1
        return configuration.tagPrefix + String(tagCounter)
    }

    /// Sends one command and waits for its completion; NO and BAD are returned, not thrown.
    @discardableResult
    public func send(_ command: Command) throws -> CommandResult {
        try pipeline([command])[0]
    }

    /// Sends one command; throws `IMAPError.commandFailed` on NO or BAD.
    @discardableResult
    public func execute(_ command: Command) throws -> CommandResult {
        try send(command).checked()
    }

    /// Sends independent commands back to back without waiting, then collects their
    /// completions: results in the order of `commands`. Untagged data goes to
    /// `untaggedHandler` as it comes and to the result of the command that was last
    /// to complete after it arrived.
    public func pipeline(_ commands: [Command]) throws -> [CommandResult] {
        try guardUsable()
        var pending: [(tag: String, name: String)] = []
        var results: [String: TaggedResponse] = [:]
        var untagged: [String: [UntaggedResponse]] = [:]
        var collected: [UntaggedResponse] = []
        func absorb(_ response: Response) throws {
            switch response {
            case let .untagged(data):
                collected.append(data)
            case let .tagged(tagged):
                guard pending.contains(where: { $0.tag == tagged.tag }), results[tagged.tag] == nil else {
                    throw fail(.protocolViolation("a completion for the unknown tag \(tagged.tag)"))
                }
                results[tagged.tag] = tagged
                untagged[tagged.tag] = collected
                collected = []
            case .continuation:
                throw fail(.protocolViolation("a continuation request (+) nobody asked for"))
            }
        }
        // Encode everything first: a command that cannot be written must not leave
        // the ones before it in flight.
        var encodedCommands: [EncodedCommand] = []
        for command in commands {
            switch command {
            case .idle: throw IMAPError.invalidState("IDLE goes through beginIdle()")
            case .startTLS: throw IMAPError.invalidState("STARTTLS is done by start() when the account's mode is starttls")
            case .compressDeflate: throw IMAPError.invalidState("COMPRESS goes through startCompression()")
            default: encodedCommands.append(try encode(command, tag: nextTag()))
            }
        }
        for (command, encoded) in zip(commands, encodedCommands) {
            let tag = encoded.tag
            pending.append((tag, command.name))
            for (index, chunk) in encoded.chunks.enumerated() {
                try write(chunk)
                guard index < encoded.chunks.count - 1 else { break }
                // A synchronizing literal: wait for "+" (or the command's refusal).
                while true {
                    let response = try readResponse()
                    if case .continuation = response { break }
                    try absorb(response)
                    if results[tag] != nil { break }
                }
                if results[tag] != nil { break }
            }
        }
        while results.count < pending.count {
            try absorb(try readResponse())
        }
        for (command, entry) in zip(commands, pending) {
            updateState(after: command, status: results[entry.tag]!.status)
        }
        return pending.map { entry in
            let tagged = results[entry.tag]!
            return CommandResult(command: entry.name, tagged: tagged, untagged: untagged[entry.tag] ?? [])
        }
    }

    /// Follows RFC 9051's state diagram for commands that move between states.
    private func updateState(after command: Command, status: ResponseStatus) {
        switch (command, status) {
        case let (.select(mailbox, _), .ok), let (.examine(mailbox, _), .ok):
            state = .selected(mailbox)
        case (.select, _), (.examine, _):
            // A failed SELECT leaves no mailbox selected (RFC 9051 §6.3.2).
            if case .selected = state { state = .authenticated }
        case (.close, .ok), (.unselect, .ok), (.login, .ok), (.authenticate, .ok):
            state = .authenticated
        case (.logout, _):
            state = .loggedOut
        default:
            break
        }
    }

    func encode(_ command: Command, tag: String) throws -> EncodedCommand {
        encoder.options = CommandEncodingOptions(capabilities: capabilities, utf8Enabled: isEnabled(.utf8Accept))
        return try encoder.encode(command, tag: tag)
    }

    func guardUsable() throws {
        switch state {
        case .notConnected:
            throw IMAPError.invalidState("the session has not started: call start() first")
        case .loggedOut:
            throw IMAPError.invalidState("the session is closed; reconnect")
        case .idling:
            throw IMAPError.invalidState("the session is in IDLE; call endIdle() first")
        default:
            break
        }
    }

    // MARK: - Reading and writing

    func write(_ bytes: [UInt8]) throws {
        do {
            try connection.write(bytes)
        } catch let error as TransportError {
            throw fail(.transport(error))
        }
    }

    /// The next complete response, read without going past it on the wire (so a
    /// STARTTLS handshake can follow safely).
    func readResponse() throws -> Response {
        while true {
            let frame: [UInt8]?
            do {
                frame = try framer.nextFrame()
            } catch let error as IMAPProtocolError {
                throw fail(.protocolViolation(error.description))
            }
            if let frame {
                let response: Response
                do {
                    response = try parser.parse(frame)
                } catch let error as IMAPProtocolError {
                    throw fail(.protocolViolation(error.description))
                }
                try observe(response)
                return response
            }
            do {
                let needed = framer.pendingLiteralBytes
                if needed > 0 {
                    let bytes = try connection.read(upTo: min(needed, 1 << 16))
                    guard !bytes.isEmpty else { throw fail(.connectionClosed) }
                    framer.append(bytes)
                } else {
                    guard let line = try connection.readLine(maxLength: configuration.limits.maximumLineLength + 2) else {
                        throw fail(.connectionClosed)
                    }
                    framer.append(line)
                }
            } catch let error as TransportError {
                if case .lineTooLong = error {
                    throw fail(.protocolViolation(IMAPProtocolError.lineTooLong(limit: configuration.limits.maximumLineLength).description))
                }
                throw fail(.transport(error))
            }
        }
    }

    /// What every response teaches the session, whichever command it came with.
    private func observe(_ response: Response) throws {
        switch response {
        case .untagged where ignoringUntagged:
            break
        case let .untagged(data):
            switch data {
            case let .capability(list):
                capabilities = list
            case let .condition(status, text):
                if case let .capability(list)? = text.code { capabilities = list }
                if status == .bye, state != .loggedOut {
                    byeText = text.text
                }
            default:
                break
            }
            untaggedHandler?(data)
        case let .tagged(tagged):
            if tagged.status == .ok, case let .capability(list)? = tagged.text.code { capabilities = list }
        case .continuation:
            break
        }
    }

    /// The text of a BYE the server sent, if any.
    public internal(set) var byeText: String?

    /// Closes the connection after an error that leaves it out of step, and returns the error.
    func fail(_ error: IMAPError) -> IMAPError {
        connection.close()
        state = .loggedOut
        if case .connectionClosed = error, let byeText { return .serverBye(byeText) }
        return error
    }
}
