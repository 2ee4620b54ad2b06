import Transport

extension IMAPSession {
    /// Logs in: AUTHENTICATE PLAIN (with SASL-IR when offered), else LOGIN (not when
    /// LOGINDISABLED); XOAUTH2 or OAUTHBEARER for tokens. Refuses to send credentials
    /// on an unencrypted connection unless the mode is `.insecure`. Errors never hold
    /// the secret.
    public func login(_ credentials: Credentials) throws {
        guard state == .notAuthenticated else {
            if state == .authenticated { return }
            throw IMAPError.invalidState("login is only possible before authentication")
        }
        guard connection.isEncrypted || configuration.tlsMode == .insecure else {
            throw IMAPError.credentialsWouldBeSentInClear
        }
        // What to scrub from errors: the secret, and every encoding of it that was sent.
        var secrets = [credentials.secret, Base64.encode(Array(credentials.secret.utf8))]
        do {
            let result: CommandResult
            switch credentials {
            case let .password(user, password):
                if has(.auth("PLAIN")) {
                    let response = Array("\0\(user)\0\(password)".utf8)
                    secrets.append(Base64.encode(response))
                    result = try authenticate(mechanism: "PLAIN", response: response, onError: "*")
                } else if !has(.loginDisabled) {
                    result = try send(.login(user: user, password: password))
                } else {
                    throw IMAPError.noUsableLoginMethod("the server disables LOGIN and does not offer AUTH=PLAIN")
                }
            case let .xoauth2(user, token):
                guard has(.auth("XOAUTH2")) else { throw IMAPError.noUsableLoginMethod("the server does not offer AUTH=XOAUTH2") }
                let response = Array("user=\(user)\u{1}auth=Bearer \(token)\u{1}\u{1}".utf8)
                secrets.append(Base64.encode(response))
                result = try authenticate(mechanism: "XOAUTH2", response: response, onError: "")
            case let .oauthBearer(user, token):
                guard has(.auth("OAUTHBEARER")) else { throw IMAPError.noUsableLoginMethod("the server does not offer AUTH=OAUTHBEARER") }
                let response = Array("n,a=\(Self.saslName(user)),\u{1}auth=Bearer \(token)\u{1}\u{1}".utf8)
                secrets.append(Base64.encode(response))
                result = try authenticate(mechanism: "OAUTHBEARER", response: response, onError: "AQ==")
            }
            guard result.isOK else {
                throw IMAPError.loginRefused(result.tagged.text.text)
            }
            state = .authenticated
            // Capabilities often change after login; use the OK's code or ask again.
            if case .capability? = result.code {} else { try execute(.capability) }
        } catch let error as IMAPError {
            // Longest first, so a blob containing the secret is scrubbed whole.
            throw secrets.sorted { $0.count > $1.count }.reduce(error) { $0.redacting($1) }
        }
    }

    /// AUTHENTICATE with one client response, sent inline (SASL-IR) or after the
    /// server's `+`. A further challenge is an error report (XOAUTH2, OAUTHBEARER) or
    /// unexpected: answered with `onError` so the server completes with NO.
    private func authenticate(mechanism: String, response: [UInt8], onError: String) throws -> CommandResult {
        let tag = nextTag()
        let inline = has(.saslIR)
        try write(try encode(.authenticate(mechanism: mechanism, initialResponse: inline ? response : nil), tag: tag).bytes)
        var sentResponse = inline
        var untagged: [UntaggedResponse] = []
        while true {
            switch try readResponse() {
            case .continuation:
                if sentResponse {
                    try write(Array((onError + "\r\n").utf8))
                } else {
                    try write(Array((Base64.encode(response) + "\r\n").utf8))
                    sentResponse = true
                }
            case let .untagged(data):
                untagged.append(data)
            case let .tagged(tagged):
                guard tagged.tag == tag else { throw fail(.protocolViolation("a completion for the unknown tag \(tagged.tag)")) }
                return CommandResult(command: "AUTHENTICATE \(mechanism)", tagged: tagged, untagged: untagged)
            }
        }
    }

    /// RFC 7628 saslname: `,` and `=` escaped.
    static func saslName(_ user: String) -> String {
        user.replacing("=", with: "=3D").replacing(",", with: "=2C")
    }

    /// After login: ID, ENABLE and COMPRESS as the configuration asks and the server offers.
    public func finishSetup() throws {
        if let clientID = configuration.clientID, has(.id) {
            _ = try identify(clientID)
        }
        _ = try enable(configuration.extensionsToEnable)
        if configuration.compression, has(.compressDeflate) {
            try startCompression()
        }
    }

    /// ENABLE (RFC 5161) those of `extensions` the server offers; returns what it enabled.
    @discardableResult
    public func enable(_ extensions: [Capability]) throws -> [Capability] {
        let offered = extensions.filter { has($0) && !isEnabled($0) }
        guard has(.enable), !offered.isEmpty else { return [] }
        let result = try execute(.enable(offered))
        var newlyEnabled: [Capability] = []
        for case let .enabled(list) in result.untagged { newlyEnabled += list }
        enabled += newlyEnabled
        // QRESYNC implies CONDSTORE (RFC 7162 §3.2.3).
        if newlyEnabled.contains(.qresync), !enabled.contains(.condStore) { enabled.append(.condStore) }
        if isEnabled(.utf8Accept) { parser.utf8MailboxNames = true }
        return newlyEnabled
    }

    /// ID (RFC 2971): sends ours, returns the server's.
    public func identify(_ fields: [IDField]?) throws -> [IDField]? {
        let result = try execute(.id(fields))
        for case let .id(serverFields) in result.untagged { return serverFields }
        return nil
    }

    /// COMPRESS=DEFLATE (RFC 4978) from the next byte on, both ways.
    public func startCompression() throws {
        try guardUsable()
        guard has(.compressDeflate) else { throw IMAPError.notSupported(.compressDeflate) }
        let tag = nextTag()
        try write(try encode(.compressDeflate, tag: tag).bytes)
        while true {
            guard case let .tagged(tagged) = try readResponse() else { continue }
            guard tagged.tag == tag else { throw fail(.protocolViolation("a completion for the unknown tag \(tagged.tag)")) }
            try CommandResult(command: "COMPRESS DEFLATE", tagged: tagged, untagged: []).checked()
            break
        }
        do {
            try connection.startCompression()
        } catch let error as TransportError {
            throw fail(.transport(error))
        }
    }
}
