/// Why moving mail in or out of Merle stopped, in words that say what to do.
public enum TransferError: Error, Sendable, CustomStringConvertible {
    case cannotRead(String)
    case notAnMbox(String)
    case notAMaildir(String)
    case exists(String)
    case cannotWrite(String, String)
    case notDownloaded(folder: String, count: Int)

    public var description: String {
        switch self {
        case let .cannotRead(path):
            return "cannot read \(path); check that it exists and that you may read it"
        case let .notAnMbox(path):
            return "\(path) is not an mbox: its first line is not a \"From \" line with a sender and a date"
        case let .notAMaildir(path):
            return "\(path) is not a Maildir: it has no cur/ and new/ folders (give the folder that holds them)"
        case let .exists(path):
            return "\(path) exists already; Merle never writes over a file, so give a new name"
        case let .cannotWrite(path, reason):
            return "cannot write \(path) (\(reason)); check the folder's permissions and free space"
        case let .notDownloaded(folder, count):
            return "\(count) message\(count == 1 ? "" : "s") of \(folder) \(count == 1 ? "is" : "are") not downloaded yet; "
                + "run `merle sync` while online (with bodies = \"all\" for this account) and export again"
        }
    }
}
