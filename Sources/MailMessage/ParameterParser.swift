/// Parses `value *(";" parameter)` header bodies shared by Content-Type and
/// Content-Disposition, liberally: comments, stray whitespace, missing quotes,
/// empty parameters and 8-bit values are all accepted.
enum ParameterParser {
    struct RawParameter {
        var name: String
        var value: [UInt8]
        var wasQuoted: Bool
    }

    /// RFC 2045 section 5.1:
    ///   content    := "Content-Type" ":" type "/" subtype *(";" parameter)
    ///   parameter  := attribute "=" value
    ///   value      := token / quoted-string
    /// Returns the leading value (before the first ";", comments removed) and the raw parameters.
    static func split(_ text: String) -> (leading: String, parameters: [RawParameter]) {
        let bytes = Array(text.utf8)
        var index = 0
        var leading: [UInt8] = []
        while index < bytes.count, bytes[index] != UInt8(ascii: ";") {
            let byte = bytes[index]
            if byte == UInt8(ascii: "(") {
                index = skipComment(bytes, from: index)
                continue
            }
            if ASCII.isWhitespace(byte), leading.contains(UInt8(ascii: "/")) {
                // A parameter after whitespace with the ";" missing (seen in the wild).
                var probe = index
                while probe < bytes.count, ASCII.isWhitespace(bytes[probe]) { probe += 1 }
                if looksLikeParameterStart(bytes, at: probe) { break }
            }
            if byte == UInt8(ascii: "\"") {
                // A quoted leading value is unusual; keep its content.
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { leading.append(bytes[index]); index += 1 }
                index += 1
                continue
            }
            leading.append(byte)
            index += 1
        }
        var parameters: [RawParameter] = []
        while index < bytes.count {
            // Between parameters: separators, whitespace and comments.
            while index < bytes.count, bytes[index] == UInt8(ascii: ";") || ASCII.isWhitespace(bytes[index]) || bytes[index] == UInt8(ascii: "(") {
                if bytes[index] == UInt8(ascii: "(") { index = skipComment(bytes, from: index) } else { index += 1 }
            }
            guard index < bytes.count else { break }
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "="), bytes[index] != UInt8(ascii: ";"), !ASCII.isWhitespace(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            var probe = index
            while probe < bytes.count, ASCII.isWhitespace(bytes[probe]) { probe += 1 }
            guard probe < bytes.count, bytes[probe] == UInt8(ascii: "=") else {
                // A name without a value: skip it.
                if index == nameStart { index += 1 }
                continue
            }
            index = probe + 1
            while index < bytes.count, ASCII.isWhitespace(bytes[index]) { index += 1 }
            var value: [UInt8] = []
            var quoted = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "\"") {
                quoted = true
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count {
                        index += 1
                    }
                    value.append(bytes[index])
                    index += 1
                }
                index += 1
                // Junk after the closing quote up to the next separator is dropped.
                while index < bytes.count, bytes[index] != UInt8(ascii: ";"), !ASCII.isWhitespace(bytes[index]) { index += 1 }
            } else {
                while index < bytes.count, bytes[index] != UInt8(ascii: ";") {
                    let byte = bytes[index]
                    if ASCII.isWhitespace(byte) {
                        var next = index
                        while next < bytes.count, ASCII.isWhitespace(bytes[next]) { next += 1 }
                        if looksLikeParameterStart(bytes, at: next) { break }
                        if next < bytes.count, bytes[next] == UInt8(ascii: "(") {
                            index = skipComment(bytes, from: next)
                            continue
                        }
                    }
                    value.append(byte)
                    index += 1
                }
                value = value.trimmingASCIIWhitespace()
                if value.isEmpty { continue }
            }
            guard !name.isEmpty else { continue }
            parameters.append(RawParameter(name: name, value: value, wasQuoted: quoted))
        }
        return (String(decoding: leading, as: UTF8.self), parameters)
    }

    /// True if `token "="` starts at `index`.
    private static func looksLikeParameterStart(_ bytes: [UInt8], at index: Int) -> Bool {
        var probe = index
        while probe < bytes.count {
            let byte = bytes[probe]
            if byte == UInt8(ascii: "=") { return probe > index }
            if ASCII.isWhitespace(byte) || byte == UInt8(ascii: ";") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "/") { return false }
            probe += 1
        }
        return false
    }

    static func skipWhitespaceAndComments(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            if ASCII.isWhitespace(bytes[index]) { index += 1; continue }
            if bytes[index] == UInt8(ascii: "(") { index = skipComment(bytes, from: index); continue }
            break
        }
        return index
    }

    /// RFC 5322 section 3.2.2: comment = "(" *([FWS] ccontent) [FWS] ")", nested, with
    /// quoted-pairs. Iterative with a depth counter, so nesting cannot grow the stack.
    static func skipComment(_ bytes: [UInt8], from start: Int) -> Int {
        var depth = 0
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 1
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return index + 1 }
            default: break
            }
            index += 1
        }
        return bytes.count
    }

    /// Full parse: the leading value and decoded parameters (RFC 2231 joined).
    static func parse(_ text: String) -> (leading: String, parameters: [MIMEParameter]) {
        let (leading, raw) = split(text)
        return (leading, RFC2231.combine(raw))
    }
}
