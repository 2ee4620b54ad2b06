import Transport

extension IMAPSession {
    // greeting = "*" SP (resp-cond-auth / resp-cond-bye) CRLF
    // resp-cond-auth = ("OK" / "PREAUTH") SP resp-text
    /// Reads the greeting and, for `.starttls`, upgrades the connection before anything
    /// else; then makes sure the capabilities are known.
    public func start() throws {
        guard state == .notConnected else { throw IMAPError.invalidState("start() was already called") }
        state = .notAuthenticated
        let response: Response
        do {
            response = try readResponse()
        } catch let IMAPError.protocolViolation(detail) {
            throw IMAPError.malformedGreeting(detail)
        }
        guard case let .untagged(.condition(status, text)) = response else {
            throw fail(.malformedGreeting("expected * OK, * PREAUTH or * BYE"))
        }
        greeting = text
        switch status {
        case .ok:
            break
        case .preauth:
            // PREAUTH skips login; on a plain connection that must not bypass the TLS requirement.
            if configuration.tlsMode == .starttls || (configuration.tlsMode == .implicit && !connection.isEncrypted) {
                throw fail(.preauthWithoutTLS)
            }
            state = .authenticated
        case .bye:
            throw fail(.serverBye(text.text))
        case .no, .bad:
            throw fail(.malformedGreeting("the server greeted with \(status.rawValue)"))
        }
        if configuration.tlsMode == .starttls {
            try startTLS()
        }
        if capabilities.isEmpty {
            try execute(.capability)
        }
    }

    /// STARTTLS (RFC 9051 §6.2.1): nothing from the plain-text phase is kept.
    func startTLS() throws {
        if capabilities.isEmpty {
            try execute(.capability)
        }
        guard has(.startTLS) else { throw fail(.startTLSNotOffered) }
        let tag = nextTag()
        try write(try encode(.startTLS, tag: tag).bytes)
        // Untagged data before the completion is not acted upon: an attacker may have
        // injected it (CVE-2021-38370). Only the tagged answer counts.
        ignoringUntagged = true
        do {
            defer { ignoringUntagged = false }
            while true {
                let response = try readResponse()
                guard case let .tagged(tagged) = response else { continue }
                guard tagged.tag == tag else { throw fail(.protocolViolation("a completion for the unknown tag \(tagged.tag)")) }
                guard tagged.status == .ok else { throw fail(.startTLSRefused(tagged.text.text)) }
                break
            }
        }
        framer.reset()
        capabilities = []
        do {
            try connection.startTLS()
        } catch let error as TransportError {
            throw fail(.transport(error))
        }
        guard connection.isEncrypted else { throw fail(.invalidState("the connection is not encrypted after STARTTLS")) }
        try execute(.capability)
    }
}
