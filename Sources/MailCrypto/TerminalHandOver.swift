import MailMessage

/// How the reader lends its terminal to gpg-agent's pinentry: `run` leaves the
/// full-screen mode, calls its argument, and restores the screen. Called on the UI
/// thread, where the renderer runs.
public struct TerminalHandOver: Sendable {
    /// Leaves the full-screen mode, calls its argument, restores the screen.
    public let run: @Sendable (@Sendable () -> CryptoOutcome) -> CryptoOutcome

    public init(run: @escaping @Sendable (@Sendable () -> CryptoOutcome) -> CryptoOutcome) {
        self.run = run
    }
}
