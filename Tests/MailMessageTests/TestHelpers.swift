@testable import MailMessage

/// Builds a message from text lines joined with CRLF.
func message(_ lines: [String]) -> MIMEMessage {
    MIMEMessage(bytes: Array(lines.joined(separator: "\r\n").utf8))
}

/// True if nothing a terminal would interpret survives: no ESC, C0 (but tab/newline), C1, DEL, bidi controls.
func isTerminalSafe(_ text: String) -> Bool {
    DisplaySanitizer.isSafe(text)
}
