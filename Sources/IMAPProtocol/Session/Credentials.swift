/// How to log in.
///
/// The description never shows the secret.
public enum Credentials: Sendable, Hashable, CustomStringConvertible {
    /// User and password: AUTHENTICATE PLAIN when offered, else LOGIN.
    case password(user: String, password: String)
    /// Google's XOAUTH2 SASL mechanism with an OAuth 2 access token.
    case xoauth2(user: String, token: String)
    /// RFC 7628 OAUTHBEARER with an OAuth 2 access token.
    case oauthBearer(user: String, token: String)

    public var user: String {
        switch self {
        case let .password(user, _), let .xoauth2(user, _), let .oauthBearer(user, _): return user
        }
    }

    var secret: String {
        switch self {
        case let .password(_, secret), let .xoauth2(_, secret), let .oauthBearer(_, secret): return secret
        }
    }

    public var description: String {
        switch self {
        case let .password(user, _): return "password for \(user)"
        case let .xoauth2(user, _): return "XOAUTH2 token for \(user)"
        case let .oauthBearer(user, _): return "OAUTHBEARER token for \(user)"
        }
    }
}
