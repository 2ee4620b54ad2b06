import Testing
@testable import MerleConfig

/// SECURITY.md: implicit TLS is the default (RFC 8314). A server table that says
/// nothing about `tls` must not come out plain text or STARTTLS.
@Suite struct TLSDefaultTests {
    @Test(arguments: ["imap", "pop3"])
    func serversWithoutATLSKeyUseImplicitTLSOnItsPort(_ incoming: String) throws {
        let configuration = try ConfigLoader.parse("""
            [[account]]
            name = "plain"
            email = "u@example.test"

            [account.\(incoming)]
            host = "mail.example.test"
            user = "u"
            password_command = "echo pw"

            [account.smtp]
            host = "mail.example.test"
            user = "u"
            password_command = "echo pw"
            """)
        let account = try #require(configuration.accounts.first)
        let server: ServerConfiguration
        switch account.incoming {
        case let .imap(found), let .pop3(found): server = found
        }
        #expect(server.tls == .implicit)
        #expect(server.port == (incoming == "imap" ? 993 : 995))
        #expect(account.smtp?.tls == .implicit)
        #expect(account.smtp?.port == 465)
    }
}
