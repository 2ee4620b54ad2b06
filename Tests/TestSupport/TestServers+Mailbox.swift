import Foundation
import Transport

extension TestServers {
    /// Every message in `user`'s INBOX, raw, read over POP3 with implicit TLS — an
    /// independent reader, so tests do not check Merle's code with Merle's code.
    public func rawMessages(of user: User) throws -> [[UInt8]] {
        try withPOP3(user) { connection, line in
            try connection.write(Array("STAT\r\n".utf8))
            let count = Int(try line().split(separator: " ").dropFirst().first.map(String.init) ?? "0") ?? 0
            var messages: [[UInt8]] = []
            for number in stride(from: 1, through: count, by: 1) {
                try connection.write(Array("RETR \(number)\r\n".utf8))
                _ = try line()
                var bytes: [UInt8] = []
                while true {
                    var next = Array(try line().utf8)
                    if next == Array(".\r\n".utf8) || next.isEmpty { break }
                    if next.first == 0x2E { next.removeFirst() }
                    bytes.append(contentsOf: next)
                }
                messages.append(bytes)
            }
            return messages
        }
    }

    /// How many messages `user`'s INBOX holds (POP3 STAT).
    public func messageCount(of user: User) throws -> Int {
        try withPOP3(user) { connection, line in
            try connection.write(Array("STAT\r\n".utf8))
            return Int(try line().split(separator: " ").dropFirst().first.map(String.init) ?? "0") ?? 0
        }
    }

    /// Waits (bounded) for a message containing `token` in `user`'s INBOX.
    public func waitForMessage(containing token: String, to user: User, timeout: Double = 15) throws -> [UInt8]? {
        let deadline = Date().addingTimeInterval(timeout)
        let needle = Array(token.utf8)
        while Date() < deadline {
            if let found = try rawMessages(of: user).first(where: { $0.firstRange(of: needle) != nil }) { return found }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return nil
    }

    private func withPOP3<T>(_ user: User, _ body: (SocketConnection, () throws -> String) throws -> T) throws -> T {
        let connection = try SocketConnection.connect(to: Endpoint(host: host, port: pop3sPort), mode: .implicit,
                                                      tls: TLSSettings(caFile: caFile))
        defer { connection.close() }
        func line() throws -> String {
            String(decoding: try connection.readLine(maxLength: 8 * 1024 * 1024) ?? [], as: UTF8.self)
        }
        _ = try line()
        try connection.write(Array("USER \(user.name)\r\nPASS \(user.password)\r\n".utf8))
        _ = try line()
        let login = try line()
        guard login.hasPrefix("+OK") else { throw TestSupportError("POP3 login of \(user.name) failed: \(login)") }
        let result = try body(connection, line)
        try connection.write(Array("QUIT\r\n".utf8))
        return result
    }
}
