import Foundation
import IMAPProtocol
import TestSupport
import Transport

extension TestServers {
    /// A second IMAP client of `user`, as another mail program would be.
    func imapClient(_ user: User) throws -> IMAPSession {
        try IMAPSession.open(to: Endpoint(host: host, port: imapsPort), tls: TLSSettings(caFile: caFile),
                             configuration: SessionConfiguration(tlsMode: .implicit),
                             credentials: .password(user: user.name, password: user.password))
    }
}

extension IMAPSession {
    /// Deletes every folder but INBOX and empties INBOX: the user's mailbox as new.
    func emptyMailbox() throws {
        for info in try list() where !info.name.isInbox { _ = try send(.delete(info.name)) }
        if try select(.inbox).exists > 0 {
            try execute(.uidStore(.all, .add([.deleted], silent: true)))
            try execute(.expunge)
        }
    }
}
