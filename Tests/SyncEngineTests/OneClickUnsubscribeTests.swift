import Foundation
import SyncEngine
import TestSupport
import Testing
import Transport

/// RFC 8058 one-click unsubscription over Transport's TLS, against a loopback HTTPS
/// server with the test servers' certificate: the request as the RFC writes it, the
/// certificate checked, and every answer but 2xx a failure in words.
@Suite struct OneClickUnsubscribeTests {
    let servers: TestServers
    var keyFile: String { (servers.serverCertFile as NSString).deletingLastPathComponent + "/server.key" }
    var untrustedKey: String { (servers.untrustedCertFile as NSString).deletingLastPathComponent + "/untrusted-key.pem" }

    init() throws {
        servers = try TestServers.load()
    }

    @Test func theRequestIsAnHTTP11PostOfTheOneClickBody() throws {
        let server = try LoopbackHTTPSServer(certificateFile: servers.serverCertFile, keyFile: keyFile)
        defer { server.stop() }
        let status = try OneClickUnsubscribe(tls: TLSSettings(caFile: servers.caFile))
            .post(to: "https://127.0.0.1:\(server.port)/unsub/abc?list=dev&token=x%20y#ignored")
        #expect(status == "HTTP/1.1 200 OK")
        let request = try #require(server.request())
        #expect(request.requestLine == "POST /unsub/abc?list=dev&token=x%20y HTTP/1.1", "the fragment stays here")
        #expect(request.header("Host") == "127.0.0.1:\(server.port)")
        #expect(request.header("Content-Type") == "application/x-www-form-urlencoded")
        #expect(request.header("Content-Length") == "26")
        #expect(request.body == "List-Unsubscribe=One-Click")
    }

    @Test(arguments: [("404 Not Found", "answered 404 Not Found"), ("302 Found", "a redirect"), ("500 Oops", "did not confirm")])
    func anAnswerButSuccessIsAFailure(_ status: String, _ words: String) throws {
        let server = try LoopbackHTTPSServer(certificateFile: servers.serverCertFile, keyFile: keyFile, status: status)
        defer { server.stop() }
        do {
            try OneClickUnsubscribe(tls: TLSSettings(caFile: servers.caFile)).post(to: "https://localhost:\(server.port)/u")
            Issue.record("\(status) taken for success")
        } catch let failure as OneClickUnsubscribe.Failure {
            #expect(failure.description.contains(words), "\(failure)")
        }
        #expect(server.request()?.requestLine == "POST /u HTTP/1.1")
    }

    @Test func anUntrustedCertificateStopsItBeforeAnythingIsSent() throws {
        let server = try LoopbackHTTPSServer(certificateFile: servers.untrustedCertFile, keyFile: untrustedKey)
        defer { server.stop() }
        #expect(throws: TransportError.self) {
            try OneClickUnsubscribe(tls: TLSSettings(caFile: servers.caFile)).post(to: "https://127.0.0.1:\(server.port)/u")
        }
        #expect(server.request(timeout: 1) == nil, "no request reached the server")
    }

    @Test(arguments: [
        "http://lists.example.test/u", "https://user:pw@lists.example.test/u", "https://lists.example.test/u\r\nX-Injected: 1",
        "https://lists.example.test/a b", "https://lists.example.test:99999/u", "https://lists.example.test:0/u", "https:///u",
        "https://lists.example.test\u{0}/u", "ftp://x/", "https://[::1/u",
    ])
    func addressesThatCannotBeRequestedAreRefused(_ uri: String) {
        #expect(OneClickUnsubscribe.Target(uri) == nil, "\(uri)")
    }

    @Test func targetsAreReadAndEncoded() throws {
        let plain = try #require(OneClickUnsubscribe.Target("https://Lists.Example.test"))
        #expect(plain.host == "Lists.Example.test" && plain.port == 443 && plain.path == "/")
        let query = try #require(OneClickUnsubscribe.Target("https://x.test?id=1"))
        #expect(query.path == "/?id=1")
        let ipv6 = try #require(OneClickUnsubscribe.Target("https://[::1]:8443/ü<x>"))
        #expect(ipv6.host == "::1" && ipv6.port == 8443)
        #expect(ipv6.path == "/%C3%BC%3Cx%3E", "non-ASCII and unsafe bytes are percent-encoded")
    }
}
