import Foundation
import GRDB

/// The read API the command line and the UI use. Nothing here writes.
extension MailStore {
    /// All accounts, by name.
    public func accounts() throws -> [AccountRecord] {
        try database.read { db in try AccountRecord.order(AccountRecord.Columns.name).fetchAll(db) }
    }

    /// Every folder with total and unread counts; special-use folders after INBOX, then by name.
    public func folderSummaries(account: String? = nil) throws -> [FolderSummary] {
        try folderSummaries(account: account, folderId: nil)
    }

    func folderSummaries(account: String? = nil, folderId: Int64?) throws -> [FolderSummary] {
        try database.read { db in
            var sql = """
                SELECT account.name AS account, folder.id AS folder_id, folder.name AS name,
                       folder.special_use AS special_use,
                       coalesce(folder_count.total, 0) AS total, coalesce(folder_count.unread, 0) AS unread
                FROM folder JOIN account ON account.id = folder.account_id
                LEFT JOIN folder_count ON folder_count.folder_id = folder.id
                """
            var arguments: StatementArguments = []
            if let account {
                sql += " WHERE account.name = ?"
                arguments = [account]
            } else if let folderId {
                sql += " WHERE folder.id = ?"
                arguments = [folderId]
            }
            let rows = try Row.fetchAll(db, sql: sql, arguments: arguments)
            return rows.map { row in
                let specialUse: String? = row["special_use"]
                return FolderSummary(account: row["account"], folderId: row["folder_id"], name: row["name"],
                                     role: specialUse.map { String($0.drop { $0 == "\\" }).lowercased() },
                                     total: row["total"], unread: row["unread"])
            }.sorted(by: Self.sidebarOrder)
        }
    }

    /// INBOX first, then the special-use folders in a fixed order, then the rest by name.
    static func sidebarOrder(_ left: FolderSummary, _ right: FolderSummary) -> Bool {
        if left.account != right.account { return left.account < right.account }
        func rank(_ folder: FolderSummary) -> Int {
            if folder.name.uppercased() == "INBOX" { return 0 }
            let roles = ["drafts", "sent", "archive", "junk", "trash", "all", "flagged"]
            if let role = folder.role, let index = roles.firstIndex(of: role) { return 1 + index }
            return 100
        }
        let (leftRank, rightRank) = (rank(left), rank(right))
        if leftRank != rightRank { return leftRank < rightRank }
        return left.name.localizedStandardCompare(right.name) == .orderedAscending
    }

    /// The folder named `name` (INBOX matched case-insensitively) of `account`, or of
    /// the only account that has one.
    public func folder(named name: String, account: String? = nil) throws -> FolderRecord {
        try database.read { db in
            var sql = "SELECT folder.* FROM folder JOIN account ON account.id = folder.account_id WHERE "
            sql += name.uppercased() == "INBOX" ? "upper(folder.name) = 'INBOX'" : "folder.name = ?"
            var arguments: StatementArguments = name.uppercased() == "INBOX" ? [] : [name]
            if let account {
                sql += " AND account.name = ?"
                arguments += [account]
            }
            let matches = try FolderRecord.fetchAll(db, sql: sql, arguments: arguments)
            guard let folder = matches.first else {
                throw StoreError.notFound("folder \"\(name)\"" + (account.map { " of account \"\($0)\"" } ?? ""))
            }
            guard matches.count == 1 else {
                throw StoreError.invalid("several accounts have a folder \"\(name)\"; name one with --account")
            }
            return folder
        }
    }

    /// The newest `limit` messages of a folder, newest first.
    public func messages(inFolder folderId: Int64, limit: Int = 50, offset: Int = 0) throws -> [MessageRecord] {
        try database.read { db in
            try MessageRecord
                .filter(MessageRecord.Columns.folderId == folderId)
                .order(sql: "coalesce(date, internal_date) DESC, id DESC")
                .limit(limit, offset: offset)
                .fetchAll(db)
        }
    }

    /// One message by its stable local id.
    public func message(id: Int64) throws -> MessageRecord {
        guard let record = try database.read({ db in try MessageRecord.fetchOne(db, key: id) }) else {
            throw StoreError.notFound("message \(id)")
        }
        return record
    }

    /// Messages whose Message-ID header is `messageID` (without brackets), oldest id first.
    public func messages(withMessageID messageID: String) throws -> [MessageRecord] {
        try database.read { db in
            try MessageRecord.filter(MessageRecord.Columns.headerMessageId == messageID).order(MessageRecord.Columns.id).fetchAll(db)
        }
    }

    /// The raw bytes of a message exactly as the server sent them, when downloaded.
    public func rawMessage(id: Int64) throws -> Data? {
        try readingMovedBodies {
            switch try database.read({ db in try StoredBody.find(db, messageId: id) }) {
            case nil: nil
            case let .inline(data): data
            case let .packed(location): try bodies.read(location)
            }
        }
    }
}
