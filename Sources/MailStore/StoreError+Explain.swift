import GRDB

extension StoreError {
    /// The words to show for an error: SQLite's own for a full disk, a read-only store or
    /// a damaged file say what to do instead of the failing SQL; other errors as they are.
    public static func explain(_ error: Error) -> String {
        guard let database = error as? DatabaseError else { return "\(error)" }
        switch database.resultCode {
        case .SQLITE_FULL:
            return "the mail store is full (no space left on its disk); free some space and run the command again; nothing stored was lost"
        case .SQLITE_READONLY:
            return "the mail store cannot be written (read-only file or folder); check the data directory's permissions"
        case .SQLITE_CORRUPT, .SQLITE_NOTADB:
            return "the mail store file is damaged; keep a copy of it and report this (its path is in --data-dir)"
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return "the mail store is busy (another merle is writing it); try again in a moment"
        default:
            return "\(error)"
        }
    }
}
