import Foundation
import MailStore

/// The message index as a window over the store: it knows the total (a search's once
/// counted, see `isCounted`) and keeps only the rows around what is on screen (a few
/// pages), reading more as the cursor moves. A folder of a million messages costs the
/// same memory as one of a hundred.
public struct IndexWindow {
    public private(set) var query: MessageQuery
    /// How many messages match; until `isCounted`, only how many are known so far (the
    /// first rows read, one more than a chunk), so a lower bound.
    public private(set) var total = 0
    /// Whether `total` is the real count. A search shows its first screen before it is
    /// counted (counting a broad search across folders cost ten times its first
    /// screen); `count(store:)` fills it in, when the reader is idle or a move needs it.
    public private(set) var isCounted = true
    /// Names this load of the rows: a count made elsewhere fills in only the load it
    /// was made for (`fill`), never one read again since (new mail, another search).
    public private(set) var loadID = UUID()
    /// The selected position (0 = newest).
    public private(set) var selected = 0
    /// The first position on screen.
    public private(set) var top = 0
    /// Rows read in one store query, from `start`; in the thread view with their thread
    /// rows (same indices).
    private struct Chunk {
        var start: Int
        var records: [MessageRecord]
        var threadRows: [ThreadList.Row]

        func contains(_ position: Int) -> Bool { position >= start && position < start + records.count }
    }

    /// The chunks read, most recently used first: the one around the selection, the one
    /// it came from and the end read ahead, so jumping to the end and back (or a search
    /// and back) does not read either again.
    private var chunks: [Chunk] = []
    private let chunksKept = 3
    /// Whether the end has been read ahead since the rows were last counted.
    private var endReadAhead = false
    /// Rows read per store query: a few screens, so scrolling rarely waits.
    let chunk = 200

    public init(query: MessageQuery) {
        self.query = query
    }

    /// The same messages in the other order, from the top.
    public mutating func toggleOrder(store: MailStore) throws {
        query.oldestFirst.toggle()
        selected = 0
        top = 0
        try load(from: store)
    }

    /// Orders by `key` in its usual direction, from the top. Threads stay on only in date order.
    public mutating func setSort(_ key: SortKey, store: MailStore) throws {
        query.sort = key
        query.oldestFirst = false
        selected = 0
        top = 0
        if key != .date { threads = nil }
        try load(from: store)
    }

    /// The order in words, for the status line.
    public var sortDescription: String {
        switch (query.sort, query.oldestFirst) {
        case (.date, false): "newest first"
        case (.date, true): "oldest first"
        case (.from, false): "by sender, A to Z"
        case (.from, true): "by sender, Z to A"
        case (.subject, false): "by subject, A to Z"
        case (.subject, true): "by subject, Z to A"
        case (.size, false): "largest first"
        case (.size, true): "smallest first"
        }
    }

    /// The folder as threads, when the thread view is on (only for a whole folder).
    public private(set) var threads: ThreadList?

    /// Threads are shown for a whole folder; search results stay a flat list.
    static func isWholeFolder(_ query: MessageQuery) -> Bool {
        query.isWholeFolder && query.sort == .date
    }

    /// Whether the thread view is on.
    public var isThreaded: Bool { threads != nil }

    /// Turns the thread view on or off, keeping the selected message selected.
    public mutating func setThreaded(_ on: Bool, store: MailStore) throws {
        let current = try record(at: selected, store: store)?.id
        guard on, let folderId = query.folderId, Self.isWholeFolder(query) else {
            // Flat already and staying flat (search results): nothing to read again, and
            // the place in a long result is kept.
            guard threads != nil else { return }
            threads = nil
            try load(from: store)
            try reselect(current, store: store)
            return
        }
        threads = try ThreadList(store: store, folderId: folderId, oldestFirst: query.oldestFirst)
        resetWindow(total: threads!.total)
        try reselect(current, store: store)
    }

    /// Collapses or expands the thread of the selected message; the selection stays on
    /// its thread (on the root when collapsed).
    public mutating func toggleSelectedThread(store: MailStore) throws {
        guard threads != nil, let id = try record(at: selected, store: store)?.id,
              let root = try threads!.toggle(threadOf: id, store: store) else { return }
        total = threads!.total
        clearCache()
        selected = try threads!.position(of: id, store: store) ?? threads!.position(of: root, store: store) ?? 0
        _ = try record(at: selected, store: store)
    }

    /// The thread row at `position`: depth and hidden replies, for drawing. Only rows
    /// read already (the window around the selection) are known; nil elsewhere.
    public func threadRow(at position: Int) -> ThreadList.Row? {
        guard threads != nil, let found = chunks.first(where: { $0.contains(position) }),
              found.threadRows.indices.contains(position - found.start) else { return nil }
        return found.threadRows[position - found.start]
    }

    /// Reads the rows again when they are next drawn (their flags changed), keeping the
    /// count and the position.
    public mutating func forgetRows() {
        chunks = []
    }

    /// Reads again only the rows of `ids` that are held (their flags changed); a message
    /// that is gone makes every row be read again when next drawn.
    public mutating func reread(ids: Set<Int64>, store: MailStore) throws {
        let held = ids.filter { id in chunks.contains { $0.records.contains { $0.id == id } } }
        guard !held.isEmpty else { return }
        let fresh = Dictionary(try store.messages(ids: Array(held)).map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        guard fresh.count == held.count else {
            chunks = []
            return
        }
        for index in chunks.indices {
            for row in chunks[index].records.indices {
                if let id = chunks[index].records[row].id, let record = fresh[id] { chunks[index].records[row] = record }
            }
        }
    }

    private mutating func clearCache() {
        chunks = []
        endReadAhead = false
    }

    /// Reads the chunk at the end ahead of need, once per load: the end is where people
    /// jump (G), and reading it when they do was most of that key's time. Called while
    /// the reader waits for a key; the chunks in use stay first.
    public mutating func readEndAhead(store: MailStore) throws {
        guard !endReadAhead, isCounted, total > 0 else { return }
        endReadAhead = true
        guard !chunks.contains(where: { $0.contains(total - 1) }) else { return }
        chunks.append(try read(around: total - 1, store: store))
        if chunks.count > chunksKept { chunks.remove(at: chunks.count - 2) }
    }

    private mutating func reselect(_ id: Int64?, store: MailStore) throws {
        guard let id else { return }
        if threads != nil {
            selected = try threads!.position(of: id, store: store) ?? min(selected, max(total - 1, 0))
            return
        }
        // Flat view: the position of the message in its folder's order is found by
        // scanning the cached window; beyond it the selection stays where it was.
        for position in 0..<min(total, chunk) where try record(at: position, store: store)?.id == id {
            selected = position
            return
        }
    }

    /// Counts the matches and reads the first rows; a search reads its first rows
    /// only, and is counted later (`count(store:)`) when there are more than a chunk.
    public mutating func load(from store: MailStore) throws {
        if threads != nil, let folderId = query.folderId, Self.isWholeFolder(query) {
            threads = try ThreadList(store: store, folderId: folderId, oldestFirst: query.oldestFirst)
            total = threads!.total
        } else if query.isWholeFolder {
            threads = nil
            total = try store.messageCount(query)
        } else {
            threads = nil
            // Text is matched once, here; the first rows and the count read what it found.
            query.textMatches = nil
            query.textMatches = try store.textMatches(query)
            // One row more than a chunk tells whether there are more than a chunk; the
            // count waits unless the per-folder counts answer it at once.
            let first = try store.messageWindow(query, offset: 0, limit: chunk + 1)
            let counted = first.count <= chunk || query.isCountedPerFolder
            resetWindow(total: counted && first.count > chunk ? try store.messageCount(query) : first.count, counted: counted)
            chunks = [Chunk(start: 0, records: first, threadRows: [])]
            return
        }
        resetWindow(total: total)
    }

    /// Counts the matches when only the first rows are known; a move past them and the
    /// reader's idle moment call it. Returns whether it counted.
    @discardableResult
    public mutating func count(store: MailStore) throws -> Bool {
        guard !isCounted else { return false }
        return fill(count: try store.messageCount(query), of: loadID)
    }

    /// Fills in a count made elsewhere (on another thread) for the load `countedLoad`,
    /// if the window still shows that load uncounted. Returns whether it did.
    @discardableResult
    public mutating func fill(count counted: Int, of countedLoad: UUID) -> Bool {
        guard !isCounted, countedLoad == loadID else { return false }
        isCounted = true
        guard counted != total else { return true }
        // The first rows read stay: a change of the store since reloads the window anyway
        // (an event); only a count that no longer covers them reads them again.
        total = counted
        if total <= chunk { clearCache() }
        selected = min(selected, max(total - 1, 0))
        top = min(top, selected)
        return true
    }

    /// Reads on when `position` is at or past the last row known of a search not counted
    /// yet: the rows around it and one more, so a page past the first rows goes as far as
    /// there are rows without waiting for the count (at a million messages a broad search
    /// took 70-98 ms to count, a window of rows a few). Reaching the end counts it.
    public mutating func reach(_ position: Int, store: MailStore) throws {
        guard !isCounted, position >= total - 1, threads == nil else { return }
        let start = max(0, position - chunk / 2)
        let rows = try store.messageWindow(query, offset: start, limit: chunk + 1)
        let known = start + rows.count
        if rows.count <= chunk {
            // The end is in sight: that is the count.
            fill(count: known, of: loadID)
            return
        }
        // Still a lower bound, one more than the rows kept ("more than …").
        total = max(total, known)
        chunks.insert(Chunk(start: start, records: rows, threadRows: []), at: 0)
        if chunks.count > chunksKept { chunks.removeLast() }
    }

    /// The total in words for the status line: "more than 200" until counted.
    public var totalText: String { isCounted ? "\(total)" : "more than \(max(total - 1, 0))" }

    private mutating func resetWindow(total: Int, counted: Bool = true) {
        self.total = total
        isCounted = counted
        loadID = UUID()
        clearCache()
        selected = min(selected, max(total - 1, 0))
        top = min(top, selected)
    }

    /// The record at `position`, reading a chunk around it when it is not cached.
    public mutating func record(at position: Int, store: MailStore) throws -> MessageRecord? {
        guard position >= 0, position < total else { return nil }
        if let found = chunks.firstIndex(where: { $0.contains(position) }) {
            if found != 0 { chunks.insert(chunks.remove(at: found), at: 0) }
        } else {
            chunks.insert(try read(around: position, store: store), at: 0)
            if chunks.count > chunksKept { chunks.removeLast() }
        }
        let index = position - chunks[0].start
        return chunks[0].records.indices.contains(index) ? chunks[0].records[index] : nil
    }

    /// The chunk centred on `position`, so scrolling either way stays inside it.
    private mutating func read(around position: Int, store: MailStore) throws -> Chunk {
        let start = max(0, min(position - chunk / 2, total - chunk))
        guard threads != nil else {
            return Chunk(start: start, records: try store.messageWindow(query, offset: start, limit: chunk, total: isCounted ? total : nil), threadRows: [])
        }
        var rows: [ThreadList.Row] = []
        try threads!.prefetch(start..<min(start + chunk, total), store: store)
        for position in start..<min(start + chunk, total) {
            rows.append(try threads!.row(at: position, store: store) ?? ThreadList.Row(id: -1, depth: 0, root: -1, hidden: 0))
        }
        let records = Dictionary(try store.messages(ids: rows.map(\.id)).map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
        // A row whose message left meanwhile keeps its place until the next load.
        return Chunk(start: start, records: rows.map { records[$0.id] ?? MessageRecord(id: $0.id, folderId: query.folderId ?? 0, subject: "(gone)") },
                     threadRows: rows)
    }

    /// Rows per store read (for tests and the benchmark).
    public var chunkSizeForTests: Int { chunk }

    /// Rows currently held in memory (for tests and the benchmark).
    public var cachedCount: Int { chunks.reduce(0) { $0 + $1.records.count } }

    /// Moves the selection to `position` (clamped) and scrolls so it shows in `height` rows.
    public mutating func select(_ position: Int, height: Int) {
        guard total > 0 else {
            selected = 0
            top = 0
            return
        }
        selected = max(0, min(position, total - 1))
        scrollToSelection(height: height)
    }

    /// Keeps the selection inside the visible rows after a move or a resize.
    public mutating func scrollToSelection(height: Int) {
        let rows = max(height, 1)
        if selected < top { top = selected }
        if selected >= top + rows { top = selected - rows + 1 }
        top = max(0, min(top, max(total - rows, 0)))
    }

    /// Scrolls the view by `rows` without moving the selection off screen (mouse wheel).
    public mutating func scroll(by rows: Int, height: Int) {
        top = max(0, min(top + rows, max(total - height, 0)))
        if selected < top { selected = top }
        if selected >= top + height { selected = top + height - 1 }
    }
}
