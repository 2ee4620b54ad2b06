import Foundation
import MailMessage
import MailStore

/// A folder's messages as thread trees, flattened to the rows the index shows: each row
/// a message id with its depth and a tree prefix. Only ids and depths are held (a few
/// megabytes at a million messages); the rows themselves are read by window. Threads
/// come newest activity first (oldest first when asked), replies in date order under
/// their parent; a collapsed thread shows its root with the count of hidden replies.
public struct ThreadList: Sendable {
    /// One visible row.
    public struct Row: Sendable, Equatable {
        public var id: Int64
        public var depth: Int
        /// The root of the thread this row belongs to.
        public var root: Int64
        /// Replies hidden under this row (a collapsed root), else 0.
        public var hidden: Int
    }

    /// Every thread, each as its rows in display order (first row the root).
    private var threads: [[Row]] = []
    private var collapsed: Set<Int64> = []
    public private(set) var rows: [Row] = []

    public init(_ messages: [MailStore.ThreadingRow], oldestFirst: Bool = false) {
        var threader = Threader()
        threader.add(contentsOf: messages.map { message in
            ThreadableMessage(id: String(message.id), messageID: message.messageID,
                              inReplyTo: message.inReplyTo.map { [$0] } ?? [],
                              references: message.references?.split(separator: " ").map(String.init) ?? [],
                              subject: message.subject, date: message.date)
        })
        let dates = Dictionary(messages.map { ($0.id, $0.date ?? .distantPast) }, uniquingKeysWith: { first, _ in first })
        var built: [(rows: [Row], latest: Date)] = []
        for tree in threader.threads() {
            var rows: [Row] = []
            // Depth-first without recursion; a placeholder (missing parent) takes no row.
            var stack: [(ThreadNode, Int)] = [(tree, 0)]
            var root: Int64?
            while let (node, depth) = stack.popLast() {
                var childDepth = depth
                if let text = node.id, let id = Int64(text) {
                    root = root ?? id
                    rows.append(Row(id: id, depth: depth, root: root!, hidden: 0))
                    childDepth = depth + 1
                }
                for child in node.children.reversed() { stack.append((child, childDepth)) }
            }
            guard let first = rows.first else { continue }
            rows = rows.map { Row(id: $0.id, depth: $0.depth, root: first.id, hidden: 0) }
            built.append((rows, rows.map { dates[$0.id] ?? .distantPast }.max() ?? .distantPast))
        }
        built.sort { oldestFirst ? $0.latest < $1.latest : $0.latest > $1.latest }
        threads = built.map(\.rows)
        flatten()
    }

    /// Collapses the thread of `id` to its root, or expands it when collapsed.
    /// Returns the root's id.
    @discardableResult
    public mutating func toggle(threadOf id: Int64) -> Int64? {
        guard let root = rows.first(where: { $0.id == id })?.root else { return nil }
        if collapsed.remove(root) == nil { collapsed.insert(root) }
        flatten()
        return root
    }

    /// The row position of message `id`, if it is visible.
    public func position(of id: Int64) -> Int? {
        rows.firstIndex { $0.id == id }
    }

    private mutating func flatten() {
        rows = []
        rows.reserveCapacity(threads.reduce(0) { $0 + $1.count })
        for thread in threads {
            if collapsed.contains(thread[0].id), thread.count > 1 {
                var root = thread[0]
                root.hidden = thread.count - 1
                rows.append(root)
            } else {
                rows.append(contentsOf: thread)
            }
        }
    }

    /// The tree drawn before a subject: two spaces a level and an arrow for replies.
    public static func prefix(depth: Int) -> String {
        depth == 0 ? "" : String(repeating: "  ", count: min(depth - 1, 8)) + "└>"
    }
}
