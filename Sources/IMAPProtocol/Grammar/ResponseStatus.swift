/// The result of a tagged command (`resp-cond-state`): OK, NO or BAD.
public enum ResponseStatus: String, Sendable, Hashable {
    case ok = "OK"
    case no = "NO"
    case bad = "BAD"
}
