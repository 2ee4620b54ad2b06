/// A tiny XML reader for the mime4j oracle files: elements, attributes and text with
/// the five predefined entities and numeric references. Enough for those files only.
enum MiniXML {
    enum Event: Equatable {
        case open(String, [String: String])
        case close(String)
        case text(String)
    }

    static func events(_ bytes: [UInt8]) -> [Event] {
        var events: [Event] = []
        var index = 0
        var text: [UInt8] = []
        func flushText() {
            if !text.isEmpty { events.append(.text(decodeEntities(String(decoding: text, as: UTF8.self)))) }
            text = []
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                flushText()
                var end = index
                while end < bytes.count, bytes[end] != UInt8(ascii: ">") { end += 1 }
                let inner = String(decoding: bytes[(index + 1)..<min(end, bytes.count)], as: UTF8.self)
                index = end + 1
                if inner.hasPrefix("?") || inner.hasPrefix("!") { continue }
                if inner.hasPrefix("/") {
                    events.append(.close(String(inner.dropFirst())))
                    continue
                }
                let selfClosing = inner.hasSuffix("/")
                let body = selfClosing ? String(inner.dropLast()) : inner
                let name = String(body.prefix { $0 != " " })
                var attributes: [String: String] = [:]
                var rest = body.dropFirst(name.count)
                while let equals = rest.firstIndex(of: "=") {
                    let key = rest[..<equals].trimmingCharacters(in: .whitespaces)
                    rest = rest[rest.index(after: equals)...]
                    guard let open = rest.firstIndex(of: "\""), let close = rest[rest.index(after: open)...].firstIndex(of: "\"") else { break }
                    attributes[key] = String(rest[rest.index(after: open)..<close])
                    rest = rest[rest.index(after: close)...]
                }
                events.append(.open(name, attributes))
                if selfClosing { events.append(.close(name)) }
            } else {
                text.append(bytes[index])
                index += 1
            }
        }
        flushText()
        return events
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            guard let semi = rest[amp...].firstIndex(of: ";") else { output += rest[amp...]; return output }
            let name = rest[rest.index(after: amp)..<semi]
            switch name {
            case "lt": output += "<"
            case "gt": output += ">"
            case "amp": output += "&"
            case "quot": output += "\""
            case "apos": output += "'"
            default:
                if name.hasPrefix("#x"), let value = UInt32(name.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                    output.unicodeScalars.append(scalar)
                } else if name.hasPrefix("#"), let value = UInt32(name.dropFirst()), let scalar = Unicode.Scalar(value) {
                    output.unicodeScalars.append(scalar)
                } else {
                    output += "&" + name + ";"
                }
            }
            rest = rest[rest.index(after: semi)...]
        }
        return output + rest
    }
}
