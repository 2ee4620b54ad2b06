/// How many of an account's messages are still to be sent, by state.
public struct OutboxCounts: Sendable, Equatable {
    /// Queued (waiting for a retry or for the next send), or left `sending` by a crash.
    public var waiting = 0
    public var failed = 0
    public var uncertain = 0
    /// Queued for a send time still to come (send later, undo send): not sent before then.
    public var scheduled = 0
    /// Held by the user: never sent until released.
    public var held = 0

    public init(waiting: Int = 0, failed: Int = 0, uncertain: Int = 0, scheduled: Int = 0, held: Int = 0) {
        self.waiting = waiting
        self.failed = failed
        self.uncertain = uncertain
        self.scheduled = scheduled
        self.held = held
    }

    /// Nothing is left to send or to look at.
    public var isEmpty: Bool { waiting + failed + uncertain + scheduled + held == 0 }
}
