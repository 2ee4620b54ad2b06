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
        let field = fold(text)
        let wanted = fold(value).trimmingCharacters(in: .whitespaces)
        guard !wanted.isEmpty else { return true }
        let isWord = wanted.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) }
        guard isWord, !phrase else { return field.contains(wanted) }
        return field.split { !$0.isLetter && !$0.isNumber }.contains { $0.hasPrefix(wanted) }
    }
}
