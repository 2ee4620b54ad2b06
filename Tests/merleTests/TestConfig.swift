import TestSupport

/// Writes a config file for one test account on the real servers.
enum TestConfig {
    /// The incoming server: protocol, port and TLS mode.
    struct Server {
        var kind: String
        var port: UInt16
        var tls: String
    }

    static func write(in folder: TemporaryFolder, servers: TestServers, user: TestServers.User, name: String = "main",
                      incoming: Server, smtp: Server? = nil, password: String? = nil, extra: String = "",
                      caFile: Bool = true) throws -> String {
        let passwordFile = try folder.write("pw-\(user.name)", (password ?? user.password) + "\n")
        func table(_ kind: String, _ server: Server) -> String {
            """
            [account.\(kind)]
            host = "\(servers.host)"
            port = \(server.port)
            tls = "\(server.tls)"
            user = "\(user.name)"
            password_command = "cat \(passwordFile)"
            \(caFile ? "ca_file = \"\(servers.caFile)\"" : "")

            """
        }
        var text = """
            [[account]]
            name = "\(name)"
            email = "\(user.email)"
            \(extra)

            """
        text += table(incoming.kind, incoming)
        if let smtp { text += table("smtp", smtp) }
        return try folder.write("config.toml", text)
    }

    /// A config whose servers nobody answers (127.0.0.1, port 1), for what works offline:
    /// one account with an `incoming` ("imap" or "pop3") server and, with `smtp`, an SMTP one.
    static func unreachable(in folder: TemporaryFolder, name: String = "work", incoming: String = "imap",
                            smtp: Bool = true) throws -> String {
        func table(_ kind: String) -> String {
            "[account.\(kind)]\nhost = \"127.0.0.1\"\nport = 1\nuser = \"me\"\n"
        }
        return try folder.write("config.toml", "[[account]]\nname = \"\(name)\"\nemail = \"me@example.test\"\n"
                                + table(incoming) + (smtp ? table("smtp") : ""))
    }
}
