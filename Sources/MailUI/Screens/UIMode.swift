/// Which screen fills the main area.
public enum UIMode: Sendable, Equatable {
    case index, pager, help
}
