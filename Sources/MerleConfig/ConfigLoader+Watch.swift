import TOMLKit

extension ConfigLoader {
    /// `watch = ["INBOX", "Lists/swift"]` in `[account.imap]`: the folders watched with
    /// IDLE, as the server names them. An empty list watches none (the TUI still
    /// watches the folder it has open). INBOX is case-insensitive (RFC 9051 §5.1), so
    /// any spelling of it becomes "INBOX".
    static func parseWatch(_ imap: TOMLTable, path: String, reader: TableReader) throws -> [String]? {
        guard let value = imap["watch"] else { return nil }
        let keyPath = "\(path).watch"
        let example = "write watch = [\"INBOX\", \"Lists/swift\"] (folder names as the server spells them)"
        guard let array = value.array else {
            throw reader.error(keyPath, problem: "`watch` must be a list of folder names, not \(value.type)", fix: example)
        }
        var folders: [String] = []
        for index in 0..<array.count {
            guard let name = array[index].string else {
                throw reader.error(keyPath, problem: "`watch` must hold only folder names in quotes", fix: example)
            }
            guard !name.isEmpty, !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw reader.error(keyPath, problem: "`watch` holds an empty folder name or one with control characters",
                                   fix: example)
            }
            let folder = name.uppercased() == "INBOX" ? "INBOX" : name
            guard !folders.contains(folder) else {
                throw reader.error(keyPath, problem: "`watch` names \(folder) twice", fix: "list each folder once")
            }
            folders.append(folder)
        }
        guard folders.count <= AccountConfiguration.maxWatchedFolders else {
            throw reader.error(keyPath, problem: "`watch` lists \(folders.count) folders; at most \(AccountConfiguration.maxWatchedFolders) can be watched",
                               fix: "keep the ones where new mail must show at once; each needs its own connection and servers limit them per user, and every other folder is still synced by `merle sync` and every two minutes in the reader")
        }
        return folders
    }
}
