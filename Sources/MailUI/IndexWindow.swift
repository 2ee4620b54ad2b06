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

    /// Counts the matches and reads the first rows.
    public mutating func load(from store: MailStore) throws {
        total = try store.messageCount(query)
        cache = []
        cacheStart = 0
        selected = min(selected, max(total - 1, 0))
        top = min(top, selected)
    }

    /// The record at `position`, reading a chunk around it when it is not cached.
    public mutating func record(at position: Int, store: MailStore) throws -> MessageRecord? {
        guard position >= 0, position < total else { return nil }
        if position < cacheStart || position >= cacheStart + cache.count {
            // Centre the chunk on the position so scrolling either way stays cached.
            let start = max(0, min(position - chunk / 2, total - chunk))
            cache = try store.messageWindow(query, offset: max(start, 0), limit: chunk, total: total)
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
