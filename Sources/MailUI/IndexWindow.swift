import MailStore

/// The message index as a window over the store: it knows the total and keeps only the
/// rows around what is on screen (a few pages), reading more as the cursor moves. A
/// folder of a million messages costs the same memory as one of a hundred.
public struct IndexWindow {
    public private(set) var query: MessageQuery
    public private(set) var total = 0
    /// The selected position (0 = newest).
    public private(set) var selected = 0
    /// The first position on screen.
    public private(set) var top = 0
    /// Cached rows: `cache[i]` is position `cacheStart + i`.
    private var cache: [MessageRecord] = []
    /// In the thread view, the thread rows of the cached positions (same indices as `cache`).
    private var threadCache: [ThreadList.Row] = []
    private var cacheStart = 0
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
        query.folderId != nil && query == MessageQuery(folderId: query.folderId, oldestFirst: query.oldestFirst)
    }

    /// Whether the thread view is on.
    public var isThreaded: Bool { threads != nil }

    /// Turns the thread view on or off, keeping the selected message selected.
    public mutating func setThreaded(_ on: Bool, store: MailStore) throws {
        let current = try record(at: selected, store: store)?.id
        guard on, let folderId = query.folderId, Self.isWholeFolder(query) else {
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
        guard threads != nil, position >= cacheStart, position < cacheStart + threadCache.count else { return nil }
        return threadCache[position - cacheStart]
    }

    /// Reads the rows again when they are next drawn (their flags changed), keeping the
    /// count and the position.
    public mutating func forgetRows() {
        cache = []
        threadCache = []
        cacheStart = 0
    }

    private mutating func clearCache() {
        cache = []
        threadCache = []
        cacheStart = 0
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

    /// Counts the matches and reads the first rows.
    public mutating func load(from store: MailStore) throws {
        if threads != nil, let folderId = query.folderId, Self.isWholeFolder(query) {
            threads = try ThreadList(store: store, folderId: folderId, oldestFirst: query.oldestFirst)
            total = threads!.total
        } else {
            threads = nil
            total = try store.messageCount(query)
        }
        resetWindow(total: total)
    }

    private mutating func resetWindow(total: Int) {
        self.total = total
        clearCache()
        selected = min(selected, max(total - 1, 0))
        top = min(top, selected)
    }

    /// The record at `position`, reading a chunk around it when it is not cached.
    public mutating func record(at position: Int, store: MailStore) throws -> MessageRecord? {
        guard position >= 0, position < total else { return nil }
        if position < cacheStart || position >= cacheStart + cache.count {
            // Centre the chunk on the position so scrolling either way stays cached.
            let start = max(0, min(position - chunk / 2, total - chunk))
            if threads != nil {
                var rows: [ThreadList.Row] = []
                for position in max(start, 0)..<min(max(start, 0) + chunk, total) {
                    rows.append(try threads!.row(at: position, store: store) ?? ThreadList.Row(id: -1, depth: 0, root: -1, hidden: 0))
                }
                let records = Dictionary(try store.messages(ids: rows.map(\.id)).map { ($0.id!, $0) }, uniquingKeysWith: { first, _ in first })
                // A row whose message left meanwhile keeps its place until the next load.
                cache = rows.map { records[$0.id] ?? MessageRecord(id: $0.id, folderId: query.folderId ?? 0, subject: "(gone)") }
                threadCache = rows
            } else {
                cache = try store.messageWindow(query, offset: max(start, 0), limit: chunk, total: total)
                threadCache = []
            }
            cacheStart = max(start, 0)
        }
        let index = position - cacheStart
        return cache.indices.contains(index) ? cache[index] : nil
    }

    /// Rows per store read (for tests and the benchmark).
    public var chunkSizeForTests: Int { chunk }

    /// Rows currently held in memory (for tests and the benchmark).
    public var cachedCount: Int { cache.count }

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
