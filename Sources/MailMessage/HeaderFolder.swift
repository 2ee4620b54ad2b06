/// Writes outgoing header fields: folded at whitespace to stay near 78 characters and
/// always under 998 (RFC 5322 section 2.1.1 and 2.2.3), CRLF line ends.
enum HeaderFolder {
    static let softLimit = 78

    /// "Name: value" folded; the value must already be ASCII (encoded words applied).
    static func fold(name: String, value: String) -> String {
        var output = ""
        var line = name + ":"
        let words = value.split(separator: " ", omittingEmptySubsequences: true)
        if words.isEmpty { return line + " \r\n" }
        for word in words {
            if line.utf8.count + 1 + word.utf8.count > softLimit, line.utf8.count > name.utf8.count + 1 {
                output += line + "\r\n"
                line = " " + word
            } else {
                line += " " + word
            }
        }
        return output + line + "\r\n"
    }

    /// An unstructured value (Subject, …): encoded words if not plain printable ASCII or
    /// if a single word is too long to fold under the limit.
    static func foldUnstructured(name: String, value: String) -> String {
        let longWord = value.split(separator: " ").contains { $0.utf8.count > 900 }
        let encoded = longWord ? EncodedWord.encode(value).joined(separator: " ") : EncodedWord.encodeIfNeeded(value)
        return fold(name: name, value: encoded)
    }
}
