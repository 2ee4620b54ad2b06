/// The outcome of one command: its tagged completion and the untagged data that
/// arrived while it ran.
public struct CommandResult: Sendable, Hashable {
    public var command: String
    public var tagged: TaggedResponse
    public var untagged: [UntaggedResponse]

    public init(command: String, tagged: TaggedResponse, untagged: [UntaggedResponse]) {
        self.command = command
        self.tagged = tagged
        self.untagged = untagged
    }

    public var isOK: Bool { tagged.status == .ok }

    /// The response code of the completion, if any.
    public var code: ResponseCode? { tagged.text.code }

    /// Throws `IMAPError.commandFailed` unless the status is OK.
    @discardableResult
    public func checked() throws -> CommandResult {
        guard isOK else {
            throw IMAPError.commandFailed(command: command, status: tagged.status, text: tagged.text.text)
        }
        return self
    }
}
