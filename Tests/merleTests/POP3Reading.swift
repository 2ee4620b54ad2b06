import Foundation
import TestSupport
import Transport

extension TestServers {
    /// Reads every message of `user`'s INBOX over POP3 (implicit TLS), as text.
    func pop3Messages(of user: User) throws -> [String] {
        let connection = try SocketConnection.connect(to: Endpoint(host: host, port: pop3sPort), mode: .implicit,
                                                      tls: TLSSettings(caFile: caFile))
        defer { connection.close() }
        func line() throws -> String { String(decoding: try connection.readLine(maxLength: 100_000) ?? [], as: UTF8.self) }
        _ = try line()
        try connection.write(Array("USER \(user.name)\r\nPASS \(user.password)\r\n".utf8))
        _ = try line(); _ = try line()
        try connection.write(Array("STAT\r\n".utf8))
        let count = Int(try line().split(separator: " ")[1]) ?? 0
        var result: [String] = []
        for number in stride(from: 1, through: count, by: 1) {
            try connection.write(Array("RETR \(number)\r\n".utf8))
            _ = try line()
            var text = ""
            while true {
                let next = try line()
                if next == ".\r\n" || next.isEmpty { break }
                text += next
            }
            result.append(text)
        }
        try connection.write(Array("QUIT\r\n".utf8))
        return result
    }
}
