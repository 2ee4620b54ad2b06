import Foundation
import MailMessage
import MailStore

/// A folder's messages as thread trees, flattened to the rows the index shows: each row
/// a message id with its depth and a tree prefix. What is held is one id and one count
/// per thread (a few megabytes at a million messages); a thread's messages are read and
/// threaded (`Threader`) only when one of its rows is wanted, and a few thousand threads
/// are kept. Threads come newest activity first (oldest first when asked), replies in
/// date order under their parent; a collapsed thread shows its root with the count of
/// hidden replies.
public struct ThreadList: Sendable {
    /// One visible row.
    public struct Row: Sendable, Equatable {
        public var id: Int64
        public var depth: Int
        /// The first row of the thread this row belongs to.
        public var root: Int64
        /// Replies hidden under this row (a collapsed root), else 0.
        public var hidden: Int
    }

    private let folderId: Int64
    private let oldestFirst: Bool
    private let threads: [MailStore.ThreadSummary]
    /// `starts[i]` is the row position of thread `i`'s first row; the last entry is the total.
    private var starts: [Int] = [0]
    private var collapsed: Set<Int64> = []
    /// Rows of threads read so far, by thread id (bounded, see `cacheLimit`).
    private var expanded: [Int64: [Row]] = [:]
    private let cacheLimit = 4096

    /// Reads the folder's thread list (ids and counts only).
    public init(store: MailStore, folderId: Int64, oldestFirst: Bool = false) throws {
        self.folderId = folderId
        self.oldestFirst = oldestFirst
        threads = try store.threadSummaries(folderId: folderId, oldestFirst: oldestFirst)
        computeStarts()
    }

    /// Visible rows.
    public var total: Int { starts[starts.count - 1] }

    /// The row at `position`, reading its thread when needed.
    public mutating func row(at position: Int, store: MailStore) throws -> Row? {
        guard position >= 0, position < total else { return nil }
        let low = threadIndex(at: position)
        let rows = try rowsOfThread(at: low, store: store)
        let offset = position - starts[low]
        if collapsed.contains(threads[low].threadId), var root = rows.first {
            root.hidden = rows.count - 1
            return offset == 0 ? root : nil
        }
        return rows.indices.contains(offset) ? rows[offset] : nil
    }

    /// Reads, in one store read, the threads of the rows at `positions` not read yet: a
    /// window of rows asks for its threads at once rather than one read per thread.
    public mutating func prefetch(_ positions: Range<Int>, store: MailStore) throws {
        let positions = positions.clamped(to: 0..<total)
        guard !positions.isEmpty else { return }
        var window: [MailStore.ThreadSummary] = []
        var index = threadIndex(at: positions.lowerBound)
        while index < threads.count, starts[index] < positions.upperBound {
            window.append(threads[index])
            index += 1
        }
        var missing = window.filter { expanded[$0.threadId] == nil }
        guard !missing.isEmpty else { return }
        if expanded.count + missing.count > cacheLimit {
            // Room for the window's threads, all read again here rather than one by one.
            expanded.removeAll(keepingCapacity: true)
            missing = window
        }
        let messages = try store.threadingMessages(folderId: folderId, threadIds: missing.map(\.threadId))
        for summary in missing {
            expanded[summary.threadId] = rows(of: messages[summary.threadId] ?? [], promised: summary.count)
        }
    }

    /// The last thread starting at or before `position`.
    private func threadIndex(at position: Int) -> Int {
        var low = 0
        var high = threads.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= position { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// Collapses the thread of `id` to its root, or expands it when collapsed.
    /// Returns the root's id.
    @discardableResult
    public mutating func toggle(threadOf id: Int64, store: MailStore) throws -> Int64? {
        guard let thread = try store.threadId(ofMessage: id), let index = position(ofThread: thread),
              let root = try rowsOfThread(at: index, store: store).first else { return nil }
        if collapsed.remove(thread) == nil, threads[index].count > 1 { collapsed.insert(thread) }
        computeStarts()
        return root.id
    }

    /// The row position of message `id`, if it is visible.
    public mutating func position(of id: Int64, store: MailStore) throws -> Int? {
        guard let thread = try store.threadId(ofMessage: id), let index = position(ofThread: thread) else { return nil }
        let rows = try rowsOfThread(at: index, store: store)
        guard let offset = rows.firstIndex(where: { $0.id == id }) else { return nil }
        if collapsed.contains(thread) { return offset == 0 ? starts[index] : nil }
        return starts[index] + offset
    }

    /// A scan rather than a dictionary: it runs once per key press, and building a
    /// dictionary of a million-message folder's threads cost more than every scan.
    private func position(ofThread thread: Int64) -> Int? {
        threads.firstIndex { $0.threadId == thread }
    }

    private mutating func computeStarts() {
        starts = [0]
        starts.reserveCapacity(threads.count + 1)
        var position = 0
        for thread in threads {
            position += collapsed.contains(thread.threadId) ? 1 : thread.count
            starts.append(position)
        }
    }

    /// The rows of thread number `index`, exactly `count` of them (the count the summary
    /// promised, so positions never shift): read and threaded on first use.
    private mutating func rowsOfThread(at index: Int, store: MailStore) throws -> [Row] {
        let summary = threads[index]
        if let rows = expanded[summary.threadId] { return rows }
        let messages = try store.threadingMessages(folderId: folderId, threadIds: [summary.threadId])
        let rows = rows(of: messages[summary.threadId] ?? [], promised: summary.count)
        if expanded.count >= cacheLimit { expanded.removeAll(keepingCapacity: true) }
        expanded[summary.threadId] = rows
        return rows
    }

    /// A thread's messages as exactly `promised` rows (the count its summary gave).
    private func rows(of messages: [ThreadableMessage], promised: Int) -> [Row] {
        var rows = Self.rows(of: messages, oldestFirst: oldestFirst)
        if rows.count > promised {
            rows.removeLast(rows.count - promised)
        }
        while rows.count < promised {
            // Messages that left since the list was read keep their place until the next load.
            rows.append(Row(id: -1, depth: 0, root: rows.first?.id ?? -1, hidden: 0))
        }
        return rows
    }

    /// One thread's messages as rows: `Threader`'s trees depth first, the trees in the
    /// thread's order. Every message gets exactly one row.
    static func rows(of messages: [ThreadableMessage], oldestFirst: Bool) -> [Row] {
        var threader = Threader()
        threader.add(contentsOf: messages)
        let dates = Dictionary(messages.compactMap { message in Int64(message.id).map { ($0, message.date ?? .distantPast) } },
                               uniquingKeysWith: { first, _ in first })
        var trees: [(rows: [Row], latest: Date)] = []
        var placed = Set<Int64>()
        for tree in threader.threads() {
            var rows: [Row] = []
            // Depth-first without recursion; a placeholder (missing parent) takes no row.
            var stack: [(ThreadNode, Int)] = [(tree, 0)]
            while let (node, depth) = stack.popLast() {
                var childDepth = depth
                if let text = node.id, let id = Int64(text), placed.insert(id).inserted {
                    rows.append(Row(id: id, depth: depth, root: id, hidden: 0))
                    childDepth = depth + 1
                }
                for child in node.children.reversed() { stack.append((child, childDepth)) }
            }
            guard !rows.isEmpty else { continue }
            trees.append((rows, rows.map { dates[$0.id] ?? .distantPast }.max() ?? .distantPast))
        }
        // A message the threader set aside (a duplicate Message-ID) still gets its row.
        for message in messages {
            guard let id = Int64(message.id), !placed.contains(id) else { continue }
            trees.append(([Row(id: id, depth: 0, root: id, hidden: 0)], message.date ?? .distantPast))
        }
        trees.sort { left, right in
            if left.latest != right.latest { return oldestFirst ? left.latest < right.latest : left.latest > right.latest }
            return left.rows[0].id < right.rows[0].id
        }
        let flat = trees.flatMap(\.rows)
        guard let first = flat.first?.id else { return [] }
        return flat.map { Row(id: $0.id, depth: $0.depth, root: first, hidden: 0) }
    }

    /// The tree drawn before a subject: two spaces a level and an arrow for replies.
    public static func prefix(depth: Int) -> String {
        depth == 0 ? "" : String(repeating: "  ", count: min(depth - 1, 8)) + "└>"
    }
}
