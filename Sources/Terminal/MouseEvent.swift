/// A mouse click or wheel turn at a cell.
public struct MouseEvent: Sendable, Hashable {
    /// What the mouse did.
    public enum Action: Sendable, Hashable {
        case leftClick, rightClick, wheelUp, wheelDown
    }

    public var action: Action
    public var row: Int
    public var column: Int

    public init(_ action: Action, row: Int, column: Int) {
        self.action = action
        self.row = row
        self.column = column
    }
}
