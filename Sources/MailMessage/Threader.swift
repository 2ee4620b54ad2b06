import Foundation

/// JWZ / RFC 5256 REFERENCES threading. Messages can be added at any time and in any
/// order; `threads()` always recomputes from the whole set in a canonical order
/// (date, then id), so the result does not depend on arrival order, and adding
/// messages later gives the same result as threading all of them at once.
/// Reference loops are broken, missing parents become placeholder nodes, and every
/// walk is iterative, so hostile reference chains cannot exhaust the stack.
public struct Threader: Sendable {
    /// RFC 5256 step 5: gather roots with the same base subject. Off by default
    /// (it joins unrelated messages that share a subject).
    public var groupBySubject: Bool
    private var messages: [String: ThreadableMessage] = [:]

    public init(groupBySubject: Bool = false) {
        self.groupBySubject = groupBySubject
    }

    /// Adds (or replaces, by `id`) messages.
    public mutating func add(_ message: ThreadableMessage) {
        messages[message.id] = message
    }

    public mutating func add<S: Sequence>(contentsOf newMessages: S) where S.Element == ThreadableMessage {
        for message in newMessages { add(message) }
    }

    /// Removes a message by id.
    public mutating func remove(id: String) {
        messages[id] = nil
    }

    public var count: Int { messages.count }

    private struct Container {
        var key: String
        var message: ThreadableMessage?
        var parent: Int?
        var children: [Int] = []
    }

    /// The thread trees, roots in date order, children in date order.
    public func threads() -> [ThreadNode] {
        var containers: [Container] = []
        var table: [String: Int] = [:]
        let ordered = messages.values.sorted(by: Threader.canonicalOrder)

        func container(for key: String) -> Int {
            if let index = table[key] { return index }
            containers.append(Container(key: key))
            table[key] = containers.count - 1
            return containers.count - 1
        }
        func isAncestor(_ candidate: Int, of node: Int) -> Bool {
            var current: Int? = node
            var steps = 0
            while let index = current, steps <= containers.count {
                if index == candidate { return true }
                current = containers[index].parent
                steps += 1
            }
            return false
        }
        func unlink(_ child: Int) {
            guard let parent = containers[child].parent else { return }
            containers[parent].children.removeAll { $0 == child }
            containers[child].parent = nil
        }
        func link(parent: Int, child: Int) {
            // A childless container cannot be an ancestor of anything: skip the walk
            // (keeps long reference chains linear).
            guard parent != child, containers[child].children.isEmpty || !isAncestor(child, of: parent) else { return }
            unlink(child)
            containers[child].parent = parent
            containers[parent].children.append(child)
        }

        // RFC 5256 REFERENCES step 1.
        for message in ordered {
            var key = message.messageID.map(Threader.normalizeID) ?? ""
            if key.isEmpty || (table[key].map { containers[$0].message != nil } ?? false) {
                // Missing or duplicate Message-ID: a unique key of its own.
                key = "\u{0}local:\(message.id)"
            }
            let own = container(for: key)
            containers[own].message = message
            var references = message.references.map(Threader.normalizeID)
            if references.isEmpty, let first = message.inReplyTo.first { references = [Threader.normalizeID(first)] }
            var seen = Set<String>()
            references = references.filter { !$0.isEmpty && $0 != key && seen.insert($0).inserted }
            // Step 1B: link each reference to the next, unless already linked or a loop.
            var previous: Int?
            for reference in references {
                let current = container(for: reference)
                if let previous, containers[current].parent == nil {
                    link(parent: previous, child: current)
                }
                previous = current
            }
            // Step 1C: the message's parent is its last reference; the old link goes.
            unlink(own)
            if let last = previous { link(parent: last, child: own) }
        }

        // Step 2-4: roots, then prune placeholders.
        var roots = containers.indices.filter { containers[$0].parent == nil }
        pruneEmpty(&containers, roots: &roots)
        if groupBySubject { groupSubjects(&containers, roots: &roots) }
        return buildNodes(containers, roots: roots)
    }

    private static func canonicalOrder(_ lhs: ThreadableMessage, _ rhs: ThreadableMessage) -> Bool {
        let left = lhs.date ?? .distantPast
        let right = rhs.date ?? .distantPast
        if left != right { return left < right }
        return idOrder(lhs.id, rhs.id)
    }

    /// Numeric ids (sequence numbers, UIDs) compare as numbers, others as text.
    private static func idOrder(_ lhs: String, _ rhs: String) -> Bool {
        if let left = Int(lhs), let right = Int(rhs) { return left < right }
        return lhs < rhs
    }

    static func normalizeID(_ id: String) -> String {
        var text = id.trimmingMailWhitespace
        if text.hasPrefix("<") { text.removeFirst() }
        if text.hasSuffix(">") { text.removeLast() }
        return text
    }

    /// RFC 5256 step 4: placeholders without children go; a placeholder's children move
    /// up to its parent; at the root a placeholder stays unless it has a single child.
    private func pruneEmpty(_ containers: inout [Container], roots: inout [Int]) {
        // Post-order over all trees without recursion.
        var order: [Int] = []
        var stack = roots
        while let index = stack.popLast() {
            order.append(index)
            stack.append(contentsOf: containers[index].children)
        }
        for index in order.reversed() {
            var newChildren: [Int] = []
            for child in containers[index].children {
                if containers[child].message == nil {
                    for grandchild in containers[child].children {
                        containers[grandchild].parent = index
                        newChildren.append(grandchild)
                    }
                    containers[child].children = []
                    containers[child].parent = nil
                } else {
                    newChildren.append(child)
                }
            }
            containers[index].children = newChildren
        }
        var newRoots: [Int] = []
        for root in roots {
            if containers[root].message == nil {
                if containers[root].children.isEmpty { continue }
                if containers[root].children.count == 1 {
                    let only = containers[root].children[0]
                    containers[only].parent = nil
                    containers[root].children = []
                    newRoots.append(only)
                    continue
                }
            }
            newRoots.append(root)
        }
        roots = newRoots
    }

    /// RFC 5256 REFERENCES step 5.
    private func groupSubjects(_ containers: inout [Container], roots: inout [Int]) {
        func subjectOf(_ root: Int) -> String? {
            if let message = containers[root].message { return message.subject }
            return containers[root].children.compactMap { containers[$0].message }.sorted(by: Threader.canonicalOrder).first?.subject
        }
        var table: [String: Int] = [:]
        for root in roots {
            guard let subject = subjectOf(root) else { continue }
            let base = BaseSubject.extract(subject)
            let key = base.text.lowercased()
            guard !key.isEmpty else { continue }
            if let existing = table[key] {
                let existingIsReply = subjectOf(existing).map { BaseSubject.extract($0).isReplyOrForward } ?? false
                if (containers[root].message == nil && containers[existing].message != nil) || (existingIsReply && !base.isReplyOrForward) {
                    table[key] = root
                }
            } else {
                table[key] = root
            }
        }
        var removed = Set<Int>()
        for root in roots {
            guard let subject = subjectOf(root) else { continue }
            let base = BaseSubject.extract(subject)
            let key = base.text.lowercased()
            guard !key.isEmpty, let target = table[key], target != root, !removed.contains(root) else { continue }
            let rootIsDummy = containers[root].message == nil
            let targetIsDummy = containers[target].message == nil
            let targetIsReply = subjectOf(target).map { BaseSubject.extract($0).isReplyOrForward } ?? false
            if rootIsDummy && targetIsDummy {
                for child in containers[root].children {
                    containers[child].parent = target
                    containers[target].children.append(child)
                }
                containers[root].children = []
            } else if targetIsDummy || (base.isReplyOrForward && !targetIsReply) {
                containers[root].parent = target
                containers[target].children.append(root)
            } else if rootIsDummy {
                containers[target].parent = root
                containers[root].children.append(target)
                table[key] = root
                removed.insert(target)
                continue
            } else {
                containers.append(Container(key: "\u{0}subject:\(key)"))
                let dummy = containers.count - 1
                containers[target].parent = dummy
                containers[root].parent = dummy
                containers[dummy].children = [target, root]
                table[key] = dummy
                removed.insert(target)
                roots.append(dummy)
            }
            removed.insert(root)
        }
        roots = roots.filter { !removed.contains($0) }
    }

    /// Converts containers to nodes bottom-up, sorting siblings by date then id
    /// (a placeholder sorts by its earliest child).
    private func buildNodes(_ containers: [Container], roots: [Int]) -> [ThreadNode] {
        var order: [Int] = []
        var stack = roots
        while let index = stack.popLast() {
            order.append(index)
            stack.append(contentsOf: containers[index].children)
        }
        var nodes: [Int: ThreadNode] = [:]
        var sortKeys: [Int: ThreadableMessage] = [:]
        for index in order.reversed() {
            let container = containers[index]
            var children = container.children
            children.sort { lhs, rhs in
                guard let left = sortKeys[lhs], let right = sortKeys[rhs] else { return lhs < rhs }
                return Threader.canonicalOrder(left, right)
            }
            if let message = container.message {
                sortKeys[index] = message
            } else if let first = children.first {
                sortKeys[index] = sortKeys[first]
            }
            let childNodes = children.compactMap { nodes.removeValue(forKey: $0) }
            nodes[index] = ThreadNode(id: container.message?.id, messageID: container.key.hasPrefix("\u{0}") ? (container.message?.messageID ?? "") : container.key, children: childNodes)
        }
        let sortedRoots = roots.sorted { lhs, rhs in
            guard let left = sortKeys[lhs], let right = sortKeys[rhs] else { return lhs < rhs }
            return Threader.canonicalOrder(left, right)
        }
        return sortedRoots.compactMap { nodes[$0] }
    }
}
