/// The completion of a command (`response-tagged`): its tag, result and text.
public struct TaggedResponse: Sendable, Hashable {
    public var tag: String
    public var status: ResponseStatus
    public var text: ResponseText

    public init(tag: String, status: ResponseStatus, text: ResponseText) {
        self.tag = tag
        self.status = status
        self.text = text
    }
}
