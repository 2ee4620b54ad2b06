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
}
