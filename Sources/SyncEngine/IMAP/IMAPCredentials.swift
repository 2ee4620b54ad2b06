import IMAPProtocol
import MerleConfig

/// How to log in to an IMAP server: an OAuth2 token when the account has an
/// `oauth_token_command`, else the password.
public enum IMAPCredentials {
    public static func make(server: ServerConfiguration, account: String,
                            secrets: SecretProvider = passwordCommandSecrets) throws -> Credentials {
        if let command = server.oauthTokenCommand {
            return .xoauth2(user: server.user, token: try PasswordCommand.run(command, account: account))
        }
        return .password(user: server.user, password: try secrets(account, server))
    }
}
