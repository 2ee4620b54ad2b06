/// Engine failures that are not a protocol's own, in words a user can act on.
public enum EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    case noPassword(account: String, host: String)
    case noSMTPServer(account: String)
    case unknownAccount(String)
    case notPOP3(account: String)

    public var description: String {
        switch self {
        case let .noPassword(account, host):
            return "account \"\(account)\" has no password_command for \(host); add password_command = \"…\" to that server's table"
        case let .noSMTPServer(account):
            return "account \"\(account)\" has no [account.smtp] table, so its mail cannot be sent; add one"
        case let .notPOP3(account):
            return "account \"\(account)\" is not a POP3 account"
        case let .unknownAccount(name):
            return "no account named \"\(name)\" in the config; `merle config check` lists them"
        }
    }
}
