/// The keyword of an untagged status response (`resp-cond-state`, `resp-cond-auth`, `resp-cond-bye`).
public enum UntaggedStatus: String, Sendable, Hashable {
    case ok = "OK"
    case no = "NO"
    case bad = "BAD"
    case preauth = "PREAUTH"
    case bye = "BYE"
}
