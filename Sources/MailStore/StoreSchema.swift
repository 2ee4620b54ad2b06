import GRDB

/// The schema, as named migrations applied in order. Migrations are only ever
/// added, never edited once released: the store holds data that exists nowhere else.
enum StoreSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-initial-schema", migrate: createInitialSchema)
        migrator.registerMigration("v2-imap-mirror-rematch", migrate: createMirrorRematch)
        migrator.registerMigration("v3-unread-index", migrate: createUnreadIndex)
        migrator.registerMigration("v4-thread-keys", migrate: createThreadKeys)
        migrator.registerMigration("v5-deferred-search-deletes", migrate: deferSearchDeletes)
        migrator.registerMigration("v6-sort-indexes", migrate: createSortIndexes)
        migrator.registerMigration("v7-deferred-body-index", migrate: deferBodyIndexing)
        migrator.registerMigration("v8-missing-bodies-by-uid", migrate: indexMissingBodiesByUID)
        migrator.registerMigration("v9-bodies-in-packs", migrate: locateBodiesInPacks)
        migrator.registerMigration("v10-outbox-sent-copy", migrate: keepSentCopies)
        migrator.registerMigration("v11-address-book", migrate: keepImportedContacts)
        migrator.registerMigration("v12-outbox-without-sent-copy", migrate: markMessagesWithoutSentCopy)
        migrator.registerMigration("v13-folder-counts", migrate: keepFolderCounts)
        migrator.registerMigration("v14-folder-threads", migrate: keepFolderThreads)
        migrator.registerMigration("v15-crypto-mark", migrate: markSignedAndEncrypted)
        migrator.registerMigration("v16-outbox-send-later", migrate: keepSendTimes)
        migrator.registerMigration("v17-autocrypt", migrate: keepAutocryptPeers)
        migrator.registerMigration("v18-message-date-index", migrate: createDateIndex)
        migrator.registerMigration("v19-search-decrypted", migrate: MailStore.keepDecryptedSearchRows)
        migrator.registerMigration("v20-search-merges-later", migrate: mergeSearchSegmentsLater)
        return migrator
    }

    /// The names of all migrations, in the order they run.
    static var migrationNames: [String] { migrator.migrations }

    private static func createInitialSchema(_ db: Database) throws {
        try db.create(table: "account") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("name", .text).notNull().unique()
            table.column("kind", .text).notNull()
                .check(sql: "kind IN ('imap', 'pop3', 'local')")
            table.column("email", .text).notNull()
            table.column("created_at", .datetime).notNull().defaults(sql: "CURRENT_TIMESTAMP")
        }

        try db.create(table: "folder") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("account_id", .integer).notNull().indexed().references("account", onDelete: .cascade)
            // The name as the server spells it, decoded to UTF-8 (modified UTF-7 undone).
            table.column("name", .text).notNull()
            table.column("delimiter", .text)
            // \Sent, \Drafts, \Trash, \Junk, \Archive, \All, \Flagged or NULL.
            table.column("special_use", .text)
            table.column("subscribed", .boolean).notNull().defaults(to: true)
            table.column("selectable", .boolean).notNull().defaults(to: true)
            table.column("uidvalidity", .integer)
            table.column("uidnext", .integer)
            table.column("highestmodseq", .integer)
            table.column("last_sync_at", .datetime)
            table.uniqueKey(["account_id", "name"])
        }

        try db.create(table: "message") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("folder_id", .integer).notNull().indexed().references("folder", onDelete: .cascade)
            // NULL until the server has assigned one (a local copy or move not yet replayed).
            table.column("uid", .integer)
            table.column("modseq", .integer)
            // IMAP flags and keywords as the server spells them, separated by one space.
            table.column("flags", .text).notNull().defaults(to: "")
            table.column("internal_date", .datetime)
            table.column("date", .datetime)
            table.column("size", .integer).notNull().defaults(to: 0)
            table.column("header_message_id", .text)
            table.column("in_reply_to", .text)
            table.column("references_header", .text)
            table.column("subject", .text).notNull().defaults(to: "")
            table.column("from_name", .text).notNull().defaults(to: "")
            table.column("from_address", .text).notNull().defaults(to: "")
            table.column("to_addresses", .text).notNull().defaults(to: "")
            table.column("cc_addresses", .text).notNull().defaults(to: "")
            table.column("thread_id", .integer)
            table.column("has_attachment", .boolean).notNull().defaults(to: false)
            // SHA-256 of the raw message, to re-match after a UIDVALIDITY change.
            table.column("content_hash", .text)
            table.column("body_state", .text).notNull().defaults(to: "none")
                .check(sql: "body_state IN ('none', 'partial', 'full')")
            table.column("body_structure", .text)
            table.uniqueKey(["folder_id", "uid"])
        }
        try db.create(index: "message_by_folder_date", on: "message", columns: ["folder_id", "date"])
        try db.create(index: "message_by_header_message_id", on: "message", columns: ["header_message_id"])
        try db.create(index: "message_by_thread", on: "message", columns: ["thread_id"])

        try db.create(table: "message_body") { table in
            table.primaryKey("message_id", .integer)
                .references("message", onDelete: .cascade)
            table.column("raw", .blob).notNull()
        }

        try db.create(virtualTable: "message_fts", using: FTS5()) { table in
            table.tokenizer = .unicode61(diacritics: .remove)
            table.column("subject")
            table.column("addresses")
            table.column("body")
        }
        // The index row shares the message's id; removing the message removes it.
        try db.execute(sql: """
            CREATE TRIGGER message_fts_delete AFTER DELETE ON message BEGIN
                DELETE FROM message_fts WHERE rowid = old.id;
            END
            """)

        try db.create(table: "outbox") { table in
            table.autoIncrementedPrimaryKey("id")
            // RESTRICT: a queued message must never vanish with its account row.
            table.column("account_id", .integer).notNull().indexed().references("account", onDelete: .restrict)
            table.column("raw", .blob).notNull()
            table.column("envelope_from", .text).notNull()
            // JSON array of recipient addresses (Bcc included; never in the raw bytes).
            table.column("recipients", .text).notNull()
            table.column("state", .text).notNull().defaults(to: "queued")
                .check(sql: "state IN ('queued', 'sending', 'uncertain', 'failed', 'sent', 'draft')")
            table.column("attempts", .integer).notNull().defaults(to: 0)
            table.column("next_attempt_at", .datetime)
            table.column("last_error", .text)
            table.column("in_reply_to_message", .integer)
                .references("message", onDelete: .setNull)
            table.column("created_at", .datetime).notNull().defaults(sql: "CURRENT_TIMESTAMP")
        }

        try db.create(table: "journal") { table in
            // The id orders replay.
            table.autoIncrementedPrimaryKey("id")
            table.column("account_id", .integer).notNull().indexed().references("account", onDelete: .restrict)
            table.column("operation", .text).notNull()
            // JSON: what the operation acts on and with which arguments.
            table.column("payload", .text).notNull()
            table.column("state", .text).notNull().defaults(to: "pending")
                .check(sql: "state IN ('pending', 'failed')")
            table.column("attempts", .integer).notNull().defaults(to: 0)
            table.column("last_error", .text)
            table.column("created_at", .datetime).notNull().defaults(sql: "CURRENT_TIMESTAMP")
        }

        try db.create(table: "pop3_uidl") { table in
            table.column("account_id", .integer).notNull().indexed().references("account", onDelete: .cascade)
            table.column("uidl", .text).notNull()
            table.column("message_id", .integer).references("message", onDelete: .setNull)
            table.column("downloaded_at", .datetime).notNull().defaults(sql: "CURRENT_TIMESTAMP")
            table.column("deleted_on_server", .boolean).notNull().defaults(to: false)
            table.primaryKey(["account_id", "uidl"])
        }

        try db.create(table: "contact") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("address", .text).notNull().unique().collate(.nocase)
            table.column("name", .text).notNull().defaults(to: "")
            table.column("seen_count", .integer).notNull().defaults(to: 0)
            table.column("used_count", .integer).notNull().defaults(to: 0)
            table.column("last_used_at", .datetime)
        }
    }

    /// IMAP mirror: messages whose UID died with a UIDVALIDITY change wait here until
    /// the new mailbox's messages are matched to them (by content hash or Message-ID).
    /// Their rows keep their ids, bodies and the journal entries that name them.
    private static func createMirrorRematch(_ db: Database) throws {
        try db.create(table: "imap_rematch") { table in
            table.primaryKey("message_id", .integer).references("message", onDelete: .cascade)
            table.column("folder_id", .integer).notNull().indexed().references("folder", onDelete: .cascade)
            // The UID the message had under the old UIDVALIDITY.
            table.column("old_uid", .integer).notNull()
            table.column("old_uidvalidity", .integer)
        }
        try db.create(index: "message_by_folder_body_state", on: "message", columns: ["folder_id", "body_state"])
    }

    /// Unread counts without a scan: a partial index holding only unread messages, so
    /// counting a folder's unread costs its unread messages, not all of them (the folder
    /// list of a million-message folder drew in 0.6 s before). The WHERE clause must stay
    /// word for word the one `unreadCondition` writes, or SQLite will not use the index.
    private static func createUnreadIndex(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX message_unread_by_folder ON message(folder_id) WHERE \(unreadCondition)")
    }

    /// Threads kept as messages arrive (see `ThreadLinker`): each message's hashed ids,
    /// and `thread_id` filled in for the messages already stored and never NULL after.
    private static func createThreadKeys(_ db: Database) throws {
        try db.create(table: "message_thread_key") { table in
            table.column("message_id", .integer).notNull().indexed().references("message", onDelete: .cascade)
            table.column("key", .integer).notNull().indexed()
        }
        // Covering for the thread list: a folder's threads, counts and latest dates are read
        // from the index alone, already grouped.
        try db.create(index: "message_by_folder_thread", on: "message", columns: ["folder_id", "thread_id", "date"])
        try ThreadLinker.linkUnthreaded(db)
        // A message stored by a path that links nothing is still a thread of its own.
        try db.execute(sql: """
            CREATE TRIGGER message_own_thread AFTER INSERT ON message WHEN new.thread_id IS NULL BEGIN
                UPDATE message SET thread_id = new.id WHERE id = new.id;
            END
            """)
    }

    /// Removing a message's search index row costs about 3 ms and 90 KB of writes (FTS5
    /// re-reads the text to delete each token), which made a resync with 100 expunges
    /// twice as slow as everything else in it. Deleted messages' ids are queued instead
    /// and `purgeSearchIndex` removes their rows later. Message ids are AUTOINCREMENT,
    /// never reused, and every search joins `message`, so a queued row is never found.
    private static func deferSearchDeletes(_ db: Database) throws {
        try db.execute(sql: "DROP TRIGGER message_fts_delete")
        try db.create(table: "message_fts_stale") { table in
            table.primaryKey("message_id", .integer)
        }
        try db.execute(sql: """
            CREATE TRIGGER message_fts_defer_delete AFTER DELETE ON message BEGIN
                INSERT OR IGNORE INTO message_fts_stale (message_id) VALUES (old.id);
            END
            """)
    }

    /// The index reads a window of a folder sorted by sender, subject or size from these
    /// without sorting the folder; the expressions must stay those of `SortKey.expression`.
    private static func createSortIndexes(_ db: Database) throws {
        for key in [SortKey.from, .subject, .size] {
            try db.execute(sql: "CREATE INDEX message_by_folder_\(key.rawValue) ON message(folder_id, \(key.expression))")
        }
    }

    /// Tokenising a message's text for the search index cost more than anything else in
    /// a first sync (about 2 of 5 CPU seconds per 10,000 messages). Downloads store the
    /// row with its subject and addresses indexed and queue the body here; the engine
    /// indexes the queue in the background and `merle search` catches it up before it
    /// searches (`MailStore.indexPendingBodies`). A deleted message leaves the queue with it.
    private static func deferBodyIndexing(_ db: Database) throws {
        try db.create(table: "message_fts_pending") { table in
            table.primaryKey("message_id", .integer).references("message", onDelete: .cascade)
        }
    }

    /// Every sync lists a folder's messages still without a body, newest UID first; with
    /// (folder, body state) alone SQLite read them through the (folder, UID) index and
    /// looked at every row of the folder (0.1 s of a 0.13 s resync at 10,000 messages).
    private static func indexMissingBodiesByUID(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX message_by_folder_body_state")
        try db.create(index: "message_by_folder_body_state", on: "message", columns: ["folder_id", "body_state", "uid"])
    }

    /// Downloaded bodies are appended to pack files (`BodyPacks`) instead of written
    /// through the WAL, where each was written twice and read back once (a quarter of a
    /// first sync). A row with a pack keeps an empty `raw`; rows from before, and the
    /// bodies local actions store one at a time (drafts), keep their bytes in `raw`.
    private static func locateBodiesInPacks(_ db: Database) throws {
        try db.alter(table: "message_body") { table in
            table.add(column: "pack", .integer)
            table.add(column: "pack_offset", .integer)
            table.add(column: "pack_length", .integer)
        }
        // Compaction finds a pack's bodies, and the live bytes of each pack, from here.
        try db.execute(sql: """
            CREATE INDEX message_body_by_pack ON message_body(pack, pack_offset, pack_length) WHERE pack IS NOT NULL
            """)
        // Bytes of packed bodies deleted since compaction last looked: summing the live
        // bytes takes 30 ms at 50,000 messages, too much for every sync, so it looks only
        // once this says there may be something to give back. (A body replaced in place
        // is not counted; its bytes are found by the next look.)
        try db.execute(sql: """
            CREATE TABLE body_pack_waste (id INTEGER PRIMARY KEY CHECK (id = 1), bytes INTEGER NOT NULL);
            INSERT INTO body_pack_waste (id, bytes) VALUES (1, 0);
            CREATE TRIGGER message_body_pack_waste AFTER DELETE ON message_body WHEN old.pack IS NOT NULL BEGIN
                UPDATE body_pack_waste SET bytes = bytes + old.pack_length WHERE id = 1;
            END
            """)
    }

    /// What goes into Sent can differ from what goes out: the copy keeps the Bcc header
    /// (as mutt's does), which the message sent must never carry. NULL: the same bytes.
    private static func keepSentCopies(_ db: Database) throws {
        try db.alter(table: "outbox") { table in
            table.add(column: "sent_copy", .blob)
        }
    }

    /// The address book: addresses imported from vCards (`merle contacts import`) live in
    /// `contact` beside those written to, one row per address whatever the card, with the
    /// card's name; the import date tells them apart (NULL: never imported).
    private static func keepImportedContacts(_ db: Database) throws {
        try db.alter(table: "contact") { table in
            table.add(column: "imported_at", .datetime)
        }
    }

    /// A bounced message (resent unchanged with Resent-* headers) is no new mail of the
    /// user's: it goes out, and no copy goes to Sent, as in NeoMutt.
    private static func markMessagesWithoutSentCopy(_ db: Database) throws {
        try db.alter(table: "outbox") { table in
            table.add(column: "files_sent_copy", .boolean).notNull().defaults(to: true)
        }
    }

    /// Each folder's total and unread counts, kept by triggers as messages come, go, move
    /// and change flags. Counting them was a scan of the folder's index entries: 17-22 ms
    /// at 100,000 messages for every sidebar refresh, twice before the reader's first
    /// screen and again each time a message was opened and marked read.
    private static func keepFolderCounts(_ db: Database) throws {
        try db.create(table: "folder_count") { table in
            table.primaryKey("folder_id", .integer).references("folder", onDelete: .cascade)
            table.column("total", .integer).notNull()
            table.column("unread", .integer).notNull()
        }
        let unread = { (row: String) in "(\(unreadCondition.replacingOccurrences(of: "flags", with: "\(row).flags")))" }
        let add = { (row: String) in
            """
            INSERT INTO folder_count (folder_id, total, unread) VALUES (\(row).folder_id, 1, \(unread(row)))
                ON CONFLICT (folder_id) DO UPDATE SET total = total + 1, unread = unread + excluded.unread;
            """
        }
        let remove = { (row: String) in
            "UPDATE folder_count SET total = total - 1, unread = unread - \(unread(row)) WHERE folder_id = \(row).folder_id;"
        }
        try db.execute(sql: """
            CREATE TRIGGER message_count_insert AFTER INSERT ON message BEGIN \(add("new")) END;
            CREATE TRIGGER message_count_delete AFTER DELETE ON message BEGIN \(remove("old")) END;
            CREATE TRIGGER message_count_update AFTER UPDATE OF folder_id, flags ON message
                WHEN old.folder_id IS NOT new.folder_id OR \(unread("old")) IS NOT \(unread("new"))
                BEGIN \(remove("old")) \(add("new")) END;
            INSERT INTO folder_count (folder_id, total, unread)
                SELECT folder_id, count(*), sum(\(unreadCondition)) FROM message GROUP BY folder_id;
            """)
    }

    /// Each folder's threads with their message counts and latest Date, kept by triggers,
    /// ordered by an index as the thread view lists them. Grouping the folder's messages
    /// by thread and sorting the groups took 113 ms at 100,000 messages (75,000 threads)
    /// each time threads were turned on; reading this in order takes a fraction of it.
    private static func keepFolderThreads(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE folder_thread (
                folder_id INTEGER NOT NULL REFERENCES folder(id) ON DELETE CASCADE,
                thread_id INTEGER NOT NULL,
                count INTEGER NOT NULL,
                latest DATETIME,
                PRIMARY KEY (folder_id, thread_id)
            ) WITHOUT ROWID;
            CREATE INDEX folder_thread_by_latest ON folder_thread(folder_id, latest, thread_id, count);
            """)
        // max() of SQL is NULL when either side is; a thread's latest Date ignores messages
        // without one, as max() over rows does.
        let add = { (row: String) in
            """
            INSERT INTO folder_thread (folder_id, thread_id, count, latest) VALUES (\(row).folder_id, \(row).thread_id, 1, \(row).date)
                ON CONFLICT (folder_id, thread_id) DO UPDATE SET count = count + 1,
                    latest = CASE WHEN excluded.latest IS NULL THEN latest WHEN latest IS NULL THEN excluded.latest
                                  ELSE max(latest, excluded.latest) END;
            """
        }
        let remove = { (row: String) in
            """
            UPDATE folder_thread SET count = count - 1,
                latest = (SELECT max(date) FROM message WHERE folder_id = \(row).folder_id AND thread_id = \(row).thread_id)
                WHERE folder_id = \(row).folder_id AND thread_id = \(row).thread_id;
            DELETE FROM folder_thread WHERE folder_id = \(row).folder_id AND thread_id = \(row).thread_id AND count <= 0;
            """
        }
        // A message stored without a thread gets one from `message_own_thread` right after,
        // an update this sees; until then it is in no thread.
        try db.execute(sql: """
            CREATE TRIGGER message_thread_insert AFTER INSERT ON message WHEN new.thread_id IS NOT NULL BEGIN \(add("new")) END;
            CREATE TRIGGER message_thread_delete AFTER DELETE ON message WHEN old.thread_id IS NOT NULL BEGIN \(remove("old")) END;
            CREATE TRIGGER message_thread_update_old AFTER UPDATE OF folder_id, thread_id, date ON message
                WHEN old.thread_id IS NOT NULL AND (old.folder_id IS NOT new.folder_id OR old.thread_id IS NOT new.thread_id
                                                   OR old.date IS NOT new.date)
                BEGIN \(remove("old")) END;
            CREATE TRIGGER message_thread_update_new AFTER UPDATE OF folder_id, thread_id, date ON message
                WHEN new.thread_id IS NOT NULL AND (old.folder_id IS NOT new.folder_id OR old.thread_id IS NOT new.thread_id
                                                   OR old.date IS NOT new.date)
                BEGIN \(add("new")) END;
            INSERT INTO folder_thread (folder_id, thread_id, count, latest)
                SELECT folder_id, thread_id, count(*), max(date) FROM message WHERE thread_id IS NOT NULL GROUP BY folder_id, thread_id;
            """)
    }

    /// Whether a message is signed or encrypted, from its top Content-Type alone, for the
    /// index's column (no cryptography runs while listing). Rows stored before stay NULL
    /// (unmarked) rather than reparsing every stored message in the migration.
    private static func markSignedAndEncrypted(_ db: Database) throws {
        try db.alter(table: "message") { table in
            table.add(column: "crypto_mark", .text).check(sql: "crypto_mark IN ('signed', 'encrypted')")
        }
    }

    /// Send later and undo send: a queued message waits until `send_after` (NULL: at
    /// once), and a held one is never sent until released. Both live beside the message,
    /// so a kill while it waits loses nothing and the next run sends it once, when due.
    private static func keepSendTimes(_ db: Database) throws {
        try db.alter(table: "outbox") { table in
            table.add(column: "send_after", .datetime)
            table.add(column: "held", .boolean).notNull().defaults(to: false)
        }
    }

    /// Autocrypt Level 1 peers, per account: one row per address that sent a valid
    /// Autocrypt header. The key is capped by the parser (64 KiB); the CHECK repeats it.
    private static func keepAutocryptPeers(_ db: Database) throws {
        try db.create(table: "autocrypt_peer") { table in
            table.autoIncrementedPrimaryKey("id")
            table.column("account_id", .integer).notNull().references("account", onDelete: .cascade)
            table.column("address", .text).notNull().check(sql: "address = lower(address) AND length(address) > 0")
            table.column("last_seen", .datetime).notNull()
            table.column("autocrypt_timestamp", .datetime).notNull()
            table.column("public_key", .blob).notNull().check(sql: "length(public_key) BETWEEN 1 AND 65536")
            table.column("prefer_encrypt", .boolean).notNull().defaults(to: false)
            // Address first: a message without a header asks by address alone, on every insert.
            table.uniqueKey(["address", "account_id"])
        }
    }

    /// A search across folders (a saved search, "All inboxes") lists newest first: walked
    /// in this index's order it reads its first screen without sorting its matches (the
    /// `(folder_id, date)` index orders one folder only). Sorting 14,000 unread messages
    /// of 100,000 for the first screen took ten times a folder's.
    private static func createDateIndex(_ db: Database) throws {
        try db.execute(sql: "CREATE INDEX message_by_date ON message(date)")
    }

    /// FTS5 merges a level's segments once 8 wait rather than 4 (a setting kept in the
    /// index itself): indexing 9,700 downloaded bodies took 8.0-8.2 s instead of 8.8-10.3,
    /// with searches as fast (DECISIONS.md, "How the search index is written").
    private static func mergeSearchSegmentsLater(_ db: Database) throws {
        try db.execute(sql: "INSERT INTO message_fts (message_fts, rank) VALUES ('automerge', \(searchIndexAutomerge))")
    }

    /// Segments of one level FTS5 lets pile up before it merges them.
    static let searchIndexAutomerge = 8

    /// "Not \Seen", as every query that counts or lists unread messages writes it.
    static let unreadCondition = "instr(' ' || lower(flags) || ' ', ' \\seen ') = 0"
}
