import Foundation
import TestSupport
import Testing
import Transport
@testable import SMTPProtocol

/// Against the real Postfix (submission through Dovecot SASL).
@Suite struct SMTPSessionServerTests {
    let servers: TestServers

    init() throws {
        servers = try TestServers.load()
    }

    @Test func submissionWithSTARTTLSAndLogin() throws {
        let alice = try servers.user("alice")
        let session = try SMTPSession.connect(to: Endpoint(host: servers.host, port: servers.submissionPort), mode: .starttls,
                                              tls: TLSSettings(caFile: servers.caFile))
        defer { session.quit() }
        #expect(session.connection.isEncrypted)
        #expect(session.capabilities.supports("PIPELINING"))
        try session.authenticate(user: alice.name, password: alice.password)
    }

    @Test func implicitTLSSubmission() throws {
        let alice = try servers.user("alice")
        let session = try SMTPSession.connect(to: Endpoint(host: servers.host, port: servers.submissionsPort), mode: .implicit,
                                              tls: TLSSettings(caFile: servers.caFile))
        defer { session.quit() }
        try session.authenticate(user: alice.email, password: alice.password)
    }

    @Test func wrongPasswordIsAClearError() throws {
        let alice = try servers.user("alice")
        let session = try SMTPSession.connect(to: Endpoint(host: servers.host, port: servers.submissionPort), mode: .starttls,
                                              tls: TLSSettings(caFile: servers.caFile))
        defer { session.quit() }
        let wrong = "wrong-\(alice.password)"
        do {
            try session.authenticate(user: alice.name, password: wrong)
            Issue.record("a wrong password was accepted")
        } catch let error as SMTPError {
            guard case let .authenticationFailed(reply) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(reply.code == 535)
            #expect(!error.description.contains(wrong))
        }
    }
}
