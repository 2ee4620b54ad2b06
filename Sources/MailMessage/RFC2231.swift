/// RFC 2231 parameter value continuations and charset/language information.
enum RFC2231 {
    private struct Section {
        var number: Int
        var extended: Bool
        var value: [UInt8]
    }

    /// RFC 2231 sections 3 and 4:
    ///   parameter := regular-parameter / extended-parameter
    ///   regular-parameter-name := attribute [section]      ; section = "*" number
    ///   extended-parameter := (extended-initial-name "=" extended-initial-value) /
    ///                         (extended-other-names "=" extended-other-values)
    ///   extended-initial-value := [charset] "'" [language] "'" extended-other-values
    /// Sections are joined in number order; `*`-marked sections are percent-decoded and
    /// the whole is decoded from the initial section's charset. Plain values may carry
    /// RFC 2047 encoded words (not allowed, but common for file names), which are decoded.
    static func combine(_ raw: [ParameterParser.RawParameter]) -> [MIMEParameter] {
        var order: [String] = []
        var plain: [String: ParameterParser.RawParameter] = [:]
        var sections: [String: [Section]] = [:]
        for parameter in raw {
            let parts = parameter.name.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
            if parts.count == 1 {
                if plain[parameter.name] == nil, sections[parameter.name] == nil { order.append(parameter.name) }
                if plain[parameter.name] == nil { plain[parameter.name] = parameter }
                continue
            }
            let base = parts[0]
            if base.isEmpty { continue }
            var number = 0
            var extended = false
            if parts.count == 2 {
                // name* or name*N
                if parts[1].isEmpty { extended = true } else if let n = Int(parts[1]) { number = n } else { continue }
            } else if parts.count == 3, let n = Int(parts[1]), parts[2].isEmpty {
                number = n
                extended = true
            } else {
                continue
            }
            if plain[base] == nil, sections[base] == nil { order.append(base) }
            if number > 10_000 { continue }
            sections[base, default: []].append(Section(number: number, extended: extended, value: parameter.value))
        }
        var result: [MIMEParameter] = []
        for name in order {
            if var parts = sections[name] {
                parts.sort { $0.number < $1.number }
                // Drop duplicate section numbers, keeping the first.
                var seen = Set<Int>()
                parts = parts.filter { seen.insert($0.number).inserted }
                var charset: String?
                var language: String?
                var bytes: [UInt8] = []
                for (offset, part) in parts.enumerated() {
                    var value = part.value
                    if part.extended {
                        if offset == 0 {
                            let pieces = value.split(separator: UInt8(ascii: "'"), maxSplits: 2, omittingEmptySubsequences: false)
                            if pieces.count == 3 {
                                charset = String(decoding: pieces[0], as: UTF8.self)
                                let lang = String(decoding: pieces[1], as: UTF8.self)
                                language = lang.isEmpty ? nil : lang
                                value = Array(pieces[2])
                            }
                        } else if let stripped = stripRepeatedCharsetPrefix(value) {
                            // Broken senders repeat charset'lang' on every section.
                            value = stripped
                        }
                        bytes += percentDecode(value)
                    } else {
                        bytes += value
                    }
                }
                let text: String
                if let charset, !charset.isEmpty {
                    text = CharsetSniffer.decodeBody(bytes, declared: charset, hint: nil).text
                } else {
                    text = HeaderField.decodeRawText(bytes)
                }
                result.append(MIMEParameter(name: name, value: text, language: language))
            } else if let parameter = plain[name] {
                let text = HeaderField.decodeRawText(parameter.value)
                result.append(MIMEParameter(name: name, value: EncodedWord.decodeUnstructured(text, spaceGluedText: false)))
            }
        }
        return result
    }

    /// Strips a repeated `charset'` (and an optional `lang'`) from a non-initial section.
    private static func stripRepeatedCharsetPrefix(_ value: [UInt8]) -> [UInt8]? {
        guard let quote = value.firstIndex(of: UInt8(ascii: "'")), quote > 0, quote <= 40 else { return nil }
        let label = value[..<quote]
        let isToken = label.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") }
        guard isToken, Charset.isSupported(String(decoding: label, as: UTF8.self)) else { return nil }
        var rest = Array(value[(quote + 1)...])
        if let second = rest.firstIndex(of: UInt8(ascii: "'")), second <= 8,
           rest[..<second].allSatisfy({ ($0 | 0x20 >= 0x61 && $0 | 0x20 <= 0x7A) || $0 == UInt8(ascii: "-") }) {
            rest = Array(rest[(second + 1)...])
        }
        return rest
    }

    static func percentDecode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
               let high = TransferEncoding.hexValue(bytes[index + 1]), let low = TransferEncoding.hexValue(bytes[index + 2]) {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// Encodes a parameter for an outgoing header: plain if it is a safe token or
    /// quotable ASCII, else `name*=utf-8''percent-encoded` (section 4), split into
    /// `name*0*`, `name*1*` … sections so no line grows long.
    static func encodeParameter(name: String, value: String) -> [String] {
        let isASCII = value.unicodeScalars.allSatisfy { $0.value >= 32 && $0.value < 127 }
        if isASCII, value.utf8.count <= 60 {
            let escaped = value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            return ["\(name)=\"\(escaped)\""]
        }
        var encoded = ""
        let safe = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&+^`{|}#".utf8)
        for byte in value.utf8 {
            if safe.contains(byte) {
                encoded.append(Character(Unicode.Scalar(byte)))
            } else {
                encoded += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        let full = "utf-8''" + encoded
        if full.count <= 60 { return ["\(name)*=\(full)"] }
        var pieces: [String] = []
        var current = ""
        var index = full.startIndex
        while index < full.endIndex {
            // Never split inside a %XX escape.
            var step = 1
            if full[index] == "%" { step = 3 }
            let end = full.index(index, offsetBy: step, limitedBy: full.endIndex) ?? full.endIndex
            current += full[index..<end]
            index = end
            if current.count >= 57 {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.enumerated().map { "\(name)*\($0.offset)*=\($0.element)" }
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
