import Foundation

/// Reads contact cards from a .vcf file as real programs write them: vCard 4.0
/// (RFC 6350), 3.0 (RFC 2426) and 2.1 (versit). Liberal, bounded and linear: a file with
/// no card gives no cards, a property it cannot read is skipped, nothing fails.
///
/// What it handles, each seen in exports: folded lines (CRLF or LF then a space or tab,
/// RFC 6350 §3.2); quoted-printable values whose soft line breaks continue on lines
/// that are not indented (vCard 2.1, Thunderbird's and phones' exports); `CHARSET=`
/// parameters (2.1 and 3.0; UTF-8 otherwise, Windows-1252 for bytes that are not UTF-8);
/// parameter names in any case and bare 2.1 types (`EMAIL;INTERNET;PREF:`); groups
/// (`item1.EMAIL`, Apple's and Google's labelled addresses); backslash escapes
/// (RFC 6350 §3.4); quoted parameter values; cards nested in a 2.1 AGENT, which are skipped.
public enum VCardParser {
    /// The cards in a file's bytes, in order.
    public static func parse(_ bytes: [UInt8]) -> [VCard] {
        var cards: [VCard] = []
        var current: CardBuilder?
        var depth = 0
        for line in logicalLines(bytes) {
            guard let property = Property(line) else { continue }
            switch property.name {
            case "BEGIN" where property.rawValue.uppercased().hasPrefix("VCARD"):
                depth += 1
                if depth == 1 { current = CardBuilder() }
            case "END" where property.rawValue.uppercased().hasPrefix("VCARD"):
                if depth == 1, let card = current?.card { cards.append(card) }
                if depth == 1 { current = nil }
                depth = max(0, depth - 1)
            default:
                // A card inside a card (a 2.1 AGENT) is someone else.
                if depth == 1 { current?.add(property) }
            }
        }
        // A last card without END:VCARD still counts.
        if let card = current?.card { cards.append(card) }
        return cards
    }

    /// Physical lines joined into content lines: folds undone, quoted-printable soft breaks joined.
    static func logicalLines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var current: [UInt8]?
        PhysicalLines.forEach(in: bytes) { line in
            if let first = line.first, first == 0x20 || first == 0x09, current != nil {
                current!.append(contentsOf: line.dropFirst())
            } else if let open = current, isQuotedPrintable(open), open.last == UInt8(ascii: "=") {
                // A soft line break (RFC 2045 §6.7): the value goes on without indentation.
                current!.removeLast()
                current!.append(contentsOf: line)
            } else {
                if let open = current { lines.append(open) }
                current = Array(line)
            }
            return true
        }
        if let open = current { lines.append(open) }
        return lines
    }

    /// Whether a content line's parameters say ENCODING=QUOTED-PRINTABLE (or a bare 2.1 QUOTED-PRINTABLE).
    private static func isQuotedPrintable(_ line: [UInt8]) -> Bool {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return false }
        return String(decoding: line[..<colon], as: UTF8.self).uppercased().contains("QUOTED-PRINTABLE")
    }

    /// One content line: `[group.]name *(;param) : value` (RFC 6350 §3.3).
    struct Property {
        /// Upper-cased, without its group.
        var name: String
        /// Upper-cased parameter names with their values; bare 2.1 parameters are TYPE values.
        var parameters: [String: [String]] = [:]
        var rawValue: String { String(decoding: value, as: UTF8.self) }
        private var value: [UInt8]

        init?(_ line: [UInt8]) {
            // The first colon outside a quoted parameter value ends the name and parameters.
            var quoted = false
            var colon: Int?
            for (offset, byte) in line.enumerated() {
                if byte == UInt8(ascii: "\"") { quoted.toggle() }
                if byte == UInt8(ascii: ":"), !quoted {
                    colon = offset
                    break
                }
            }
            guard let colon else { return nil }
            value = Array(line[(colon + 1)...])
            let head = String(decoding: line[..<colon], as: UTF8.self)
            var pieces = Self.split(head, at: ";")
            guard !pieces.isEmpty else { return nil }
            let groupedName = pieces.removeFirst()
            name = String(groupedName.split(separator: ".").last ?? "").trimmingCharacters(in: .whitespaces).uppercased()
            guard !name.isEmpty else { return nil }
            for piece in pieces {
                let parts = piece.split(separator: "=", maxSplits: 1).map(String.init)
                // `TYPE="work,voice"` (4.0) is a list like `TYPE=work,voice`.
                let values = parts.count == 2 ? parts[1].replacingOccurrences(of: "\"", with: "").split(separator: ",").map(String.init) : [parts[0]]
                let key = parts.count == 2 ? parts[0].trimmingCharacters(in: .whitespaces).uppercased() : "TYPE"
                parameters[key, default: []] += values.map { $0.trimmingCharacters(in: .whitespaces) }
            }
        }

        /// Splits at `separator` outside double quotes.
        static func split(_ text: String, at separator: Character) -> [String] {
            var pieces: [String] = []
            var piece = ""
            var quoted = false
            for character in text {
                if character == "\"" { quoted.toggle() }
                if character == separator, !quoted {
                    pieces.append(piece)
                    piece = ""
                } else {
                    piece.append(character)
                }
            }
            pieces.append(piece)
            return pieces
        }

        func has(type: String) -> Bool {
            (parameters["TYPE"] ?? []).contains { $0.caseInsensitiveCompare(type) == .orderedSame }
        }

        /// The value's text: transfer encoding undone, charset decoded; escapes still in place.
        var text: String {
            let encoding = (parameters["ENCODING"]?.first ?? (has(type: "QUOTED-PRINTABLE") ? "QUOTED-PRINTABLE" : "")).uppercased()
            var bytes = value
            if encoding == "QUOTED-PRINTABLE" {
                bytes = TransferEncoding.decodeQuotedPrintable(bytes)
            } else if encoding == "B" || encoding == "BASE64" {
                bytes = TransferEncoding.decodeBase64(bytes)
            }
            if let label = parameters["CHARSET"]?.first {
                return Charset.decode(bytes, charset: label).text
            }
            return String(validating: bytes, as: UTF8.self) ?? Charset.decode(bytes, charset: "windows-1252").text
        }

        /// The value's components (separated by unescaped `;`), each unescaped.
        var components: [String] {
            var components: [String] = []
            var piece = ""
            var escaped = false
            for character in text {
                if escaped {
                    piece.append(character == "n" || character == "N" ? "\n" : character)
                    escaped = false
                } else if character == "\\" {
                    escaped = true
                } else if character == ";" {
                    components.append(piece)
                    piece = ""
                } else {
                    piece.append(character)
                }
            }
            components.append(piece)
            return components
        }

        /// The whole value unescaped (`;` kept as text).
        var unescaped: String { components.joined(separator: ";") }
    }

    /// What one card collected so far.
    struct CardBuilder {
        var formattedName: String?
        var structuredName: String?
        var organisation: String?
        var emails: [(address: String, preference: Int)] = []

        mutating func add(_ property: Property) {
            switch property.name {
            case "FN":
                formattedName = Self.oneLine(property.unescaped)
            case "N":
                // Family; Given; Additional; Prefixes; Suffixes, shown as Given Additional Family.
                let parts = property.components.map(Self.oneLine)
                structuredName = [1, 2, 0].compactMap { parts.indices.contains($0) ? parts[$0] : nil }
                    .filter { !$0.isEmpty }.joined(separator: " ")
            case "ORG":
                organisation = property.components.first.map(Self.oneLine)
            case "EMAIL":
                var address = Self.oneLine(property.unescaped)
                if address.lowercased().hasPrefix("mailto:") { address = String(address.dropFirst(7)) }
                guard address.contains("@"), !address.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else { return }
                // RFC 6350 PREF=1 is the most preferred; 3.0 and 2.1 say TYPE=pref or a bare PREF.
                let preference = property.parameters["PREF"]?.first.flatMap { Int($0) } ?? (property.has(type: "pref") ? 1 : 101)
                emails.append((address, preference))
            default:
                break
            }
        }

        var card: VCard? {
            let name = [formattedName, structuredName, organisation].compactMap { $0 }.first { !$0.isEmpty } ?? ""
            // Stable: equally preferred addresses keep the card's order.
            let ordered = emails.enumerated().sorted { ($0.element.preference, $0.offset) < ($1.element.preference, $1.offset) }
            var seen = Set<String>()
            let addresses = ordered.map(\.element.address).filter { seen.insert($0.lowercased()).inserted }
            return VCard(name: name, emails: addresses)
        }

        /// Control characters (an escaped line break) become spaces; outer spaces go.
        static func oneLine(_ text: String) -> String {
            String(String.UnicodeScalarView(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
                .trimmingCharacters(in: .whitespaces)
        }
    }
}
