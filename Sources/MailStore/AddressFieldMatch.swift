import Foundation
import GRDB

/// An address field a search can name: `from:` is the From field; `to:` is To and Cc
/// (as notmuch has it); `cc:` is Cc alone.
public enum AddressField: String, Sendable, Equatable, CaseIterable {
    case from, to, cc

    /// The message columns the field reads.
    var columns: String {
        switch self {
        case .from: "from_name || ' ' || from_address"
        case .to: "to_addresses || ' ' || cc_addresses"
        case .cc: "cc_addresses"
        }
    }
}

/// One `field:value` of a search: the value must be in that field.
public struct AddressFieldWord: Sendable, Equatable {
    public var field: AddressField
    public var value: String
    /// A quoted phrase matches as typed; a bare word also matches the start of a word.
    public var isPhrase: Bool

    public init(field: AddressField, value: String, isPhrase: Bool = false) {
        self.field = field
        self.value = value
        self.isPhrase = isPhrase
    }
}

/// The SQL function `merle_field_match(text, value, phrase)` that tells whether a search
/// word is in an address field, with the full-text index's folding: case and
/// diacritics ignored, a bare word matching the start of any word of the field (`bob`
/// finds "Bobby Tables" and "bob@example.org"), anything with punctuation or a quoted
/// phrase matching as a run of text. The full-text index narrows the candidates to
/// messages with the word among any of their addresses; this keeps those with it in the
/// field asked for.
enum AddressFieldMatch {
    static let functionName = "merle_field_match"

    static let function = DatabaseFunction(functionName, argumentCount: 3, pure: true) { values in
        guard let text = String.fromDatabaseValue(values[0]), let value = String.fromDatabaseValue(values[1]) else { return false }
        let phrase = Bool.fromDatabaseValue(values[2]) ?? false
        return matches(text, value, phrase: phrase)
    }

    static func fold(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    static func matches(_ text: String, _ value: String, phrase: Bool) -> Bool {
        // Most addresses and names are ASCII: compared as bytes in place, a hundred times
        // faster than Foundation's folding, which a search runs for every candidate row.
        var (text, value) = (text, value)
        if let answer = text.withUTF8({ field in value.withUTF8 { wanted in asciiMatches(field, wanted, phrase: phrase) } }) {
            return answer
        }
        let field = fold(text)
        let wanted = fold(value).trimmingCharacters(in: .whitespaces)
        guard !wanted.isEmpty else { return true }
        let isWord = wanted.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) }
        guard isWord, !phrase else { return field.contains(wanted) }
        return field.split { !$0.isLetter && !$0.isNumber }.contains { $0.hasPrefix(wanted) }
    }

    /// The same test on ASCII bytes, case folded; nil when either side is not ASCII.
    static func asciiMatches(_ text: [UInt8], _ value: [UInt8], phrase: Bool) -> Bool? {
        text.withUnsafeBufferPointer { field in value.withUnsafeBufferPointer { wanted in asciiMatches(field, wanted, phrase: phrase) } }
    }

    /// The ASCII test on the bytes where they are, folding case as it compares: nothing is
    /// copied or allocated (copying both sides for each of 25,000 candidates was half of
    /// counting `subject:quarterly from:ada` at a million messages).
    static func asciiMatches(_ text: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>, phrase: Bool) -> Bool? {
        guard !text.contains(where: { $0 >= 0x80 }), !value.contains(where: { $0 >= 0x80 }) else { return nil }
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte }
        func isWordByte(_ byte: UInt8) -> Bool { (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7A) }
        // The value without the spaces around it.
        var low = 0
        var high = value.count
        while low < high, value[low] == 0x20 { low += 1 }
        while high > low, value[high - 1] == 0x20 { high -= 1 }
        guard low < high else { return true }
        let length = high - low
        func matches(at start: Int) -> Bool {
            for offset in 0..<length where lower(text[start + offset]) != lower(value[low + offset]) { return false }
            return true
        }
        let isWord = !(low..<high).contains { !isWordByte(lower(value[$0])) }
        guard !phrase, isWord else {
            return text.count >= length && (0...(text.count - length)).contains { matches(at: $0) }
        }
        // A bare word: the start of a word of the field.
        var start = 0
        while start < text.count {
            guard isWordByte(lower(text[start])) else { start += 1; continue }
            var end = start
            while end < text.count, isWordByte(lower(text[end])) { end += 1 }
            if end - start >= length, matches(at: start) { return true }
            start = end
        }
        return false
    }
}
