import Transport
import TransportTesting
@testable import IMAPProtocol

/// A session over a scripted server, for transcript tests.
func scriptedSession(_ transcript: String, mode: TLSMode = .starttls, limits: ParserLimits = .standard) -> (IMAPSession, ScriptedConnection) {
    let connection = ScriptedConnection(transcript: transcript)
    let session = IMAPSession(connection: connection, configuration: SessionConfiguration(tlsMode: mode, limits: limits, clientID: nil))
    return (session, connection)
}

/// Greeting, STARTTLS and the capabilities after TLS, as a well-behaved server sends them.
let startTLSPrelude = """
S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready
C: M1 STARTTLS
S: M1 OK Begin TLS negotiation now
-- STARTTLS
C: M2 CAPABILITY
S: * CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=XOAUTH2 AUTH=OAUTHBEARER ENABLE QRESYNC CONDSTORE ID IDLE LITERAL+ COMPRESS=DEFLATE UIDPLUS MOVE LIST-EXTENDED SPECIAL-USE
S: M2 OK Capability completed.
"""
