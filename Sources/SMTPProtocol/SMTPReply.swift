/// One SMTP reply (RFC 5321 §4.2): a three-digit code and one or more text lines,
/// with the RFC 3463 enhanced status code when the server sends one.
public struct SMTPReply: Sendable, Equatable, CustomStringConvertible {
    public var code: Int
    /// `x.y.z` from the first line, when present.
    public var enhancedCode: String?
    /// The text of each line, without code, separator or enhanced code.
    public var lines: [String]

    public init(code: Int, enhancedCode: String? = nil, lines: [String]) {
        self.code = code
        self.enhancedCode = enhancedCode
        self.lines = lines
    }

    /// 2xx: the command succeeded.
    public var isPositive: Bool { (200..<300).contains(code) }
    /// 3xx: the server waits for more (DATA, AUTH).
    public var isIntermediate: Bool { (300..<400).contains(code) }
    /// 4xx: a temporary failure; try again later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: a permanent failure.
    public var isPermanentFailure: Bool { (500..<600).contains(code) }

    /// The server's words, on one line.
    public var text: String { lines.joined(separator: " ") }

    public var description: String {
        "\(code)" + (enhancedCode.map { " \($0)" } ?? "") + (text.isEmpty ? "" : " \(text)")
    }
}
