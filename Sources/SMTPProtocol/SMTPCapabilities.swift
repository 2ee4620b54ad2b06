/// What an SMTP server announced in its EHLO reply (RFC 5321 §4.1.1.1).
public struct SMTPCapabilities: Sendable, Equatable {
    /// Upper-cased keywords, e.g. `PIPELINING`, `8BITMIME`, `STARTTLS`.
    public var keywords: Set<String>
    /// SASL mechanisms from `AUTH`, upper-cased.
    public var authMechanisms: [String]
    /// The SIZE limit in bytes, when announced (0 means none).
    public var maximumSize: Int?
    /// The server's greeting name (first EHLO line).
    public var serverName: String

    public init(ehlo reply: SMTPReply) {
        serverName = reply.lines.first.map { String($0.split(separator: " ").first ?? "") } ?? ""
        var keywords: Set<String> = []
        var mechanisms: [String] = []
        var size: Int?
        for line in reply.lines.dropFirst() {
            let words = line.split(separator: " ").map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            keywords.insert(keyword)
            switch keyword {
            case "AUTH":
                mechanisms.append(contentsOf: words.dropFirst().filter { !mechanisms.contains($0) })
            case "SIZE":
                size = words.count > 1 ? Int(words[1]) : nil
            default:
                break
            }
        }
        self.keywords = keywords
        authMechanisms = mechanisms
        maximumSize = size
    }

    public func supports(_ keyword: String) -> Bool {
        keywords.contains(keyword.uppercased())
    }

    /// Every keyword with its arguments, as announced, for `config check --connect`.
    public var summary: String {
        var items = keywords.sorted()
        if let index = items.firstIndex(of: "AUTH") { items[index] = "AUTH=" + authMechanisms.joined(separator: ",") }
        if let index = items.firstIndex(of: "SIZE"), let maximumSize { items[index] = "SIZE=\(maximumSize)" }
        return items.joined(separator: " ")
    }
}
