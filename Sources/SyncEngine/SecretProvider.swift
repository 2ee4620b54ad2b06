import MerleConfig

/// Gives the password (or token) for a server. The engine asks for it only when it is
/// about to log in, and never stores it.
public typealias SecretProvider = @Sendable (_ account: String, _ server: ServerConfiguration) throws -> String

/// The standard provider: runs the server's `password_command`.
public let passwordCommandSecrets: SecretProvider = { account, server in
    guard let command = server.passwordCommand else {
        throw EngineError.noPassword(account: account, host: server.host)
    }
    return try PasswordCommand.run(command, account: account)
}
