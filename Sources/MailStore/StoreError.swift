/// Failures of the local store, in words a user can act on.
public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(path: String, detail: String)
    case notFound(String)
    case invalid(String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, detail):
            return "cannot open the mail store \(path): \(detail); check the data directory (--data-dir) and its permissions"
        case let .notFound(what):
            return "\(what) not found in the local store"
        case let .invalid(detail):
            return detail
        }
    }
}
