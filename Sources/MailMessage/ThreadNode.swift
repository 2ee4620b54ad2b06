import Foundation

/// What the threader needs to know about one message.
public struct ThreadableMessage: Sendable, Hashable {
    /// The caller's stable id for the message (store id, UID…); ties in dates are broken by it.
    public var id: String
    /// Message-ID without brackets, if any.
    public var messageID: String?
    public var inReplyTo: [String]
    public var references: [String]
    public var subject: String?
    /// Sent date (Date header), or internal date if there is none.
    public var date: Date?

    public init(id: String, messageID: String?, inReplyTo: [String] = [], references: [String] = [], subject: String? = nil, date: Date? = nil) {
        self.id = id
        self.messageID = messageID
        self.inReplyTo = inReplyTo
        self.references = references
        self.subject = subject
        self.date = date
    }

    /// The threading facts of a parsed message.
    public init(id: String, message: MIMEMessage, fallbackDate: Date? = nil) {
        self.init(id: id, messageID: message.messageID, inReplyTo: message.inReplyTo, references: message.references,
                  subject: message.subject, date: message.date ?? fallbackDate)
    }
}

/// One node of a thread tree. A node without `id` stands for a message that was
/// referenced but is not present (a missing parent).
public struct ThreadNode: Sendable, Hashable {
    /// The caller's id of the message, or nil for a missing parent.
    public var id: String?
    /// The Message-ID this node stands for (synthetic for messages without a usable one).
    public var messageID: String
    public var children: [ThreadNode]

    public init(id: String?, messageID: String, children: [ThreadNode] = []) {
        self.id = id
        self.messageID = messageID
        self.children = children
    }

    /// The number of messages (not placeholders) in this subtree, counted without recursion.
    public var messageCount: Int {
        var count = 0
        var stack = [self]
        while let node = stack.popLast() {
            if node.id != nil { count += 1 }
            stack.append(contentsOf: node.children)
        }
        return count
    }
}
