import Foundation
import MailMessage
import MailStore
@testable import MailUI
import Testing

/// The index row's pieces, made without Foundation's formatters, say exactly what those
/// said: sizes as `%.1f` rounds them, names trimmed, lines sanitised.
@Suite struct IndexRowFormatterTests {
    @Test func sizesReadAsPrintfWroteThem() {
        for bytes in Int64(1000)..<10_000 {
            #expect(IndexRowFormatter.size(bytes) == String(format: "%.1fK", Double(bytes) / 1024), "\(bytes)")
        }
        for bytes in stride(from: Int64(1_000_000), to: 10_000_000, by: 997) {
            #expect(IndexRowFormatter.size(bytes) == String(format: "%.1fM", Double(bytes) / 1_048_576), "\(bytes)")
        }
        #expect(IndexRowFormatter.size(1280) == "1.2K", "1.25 rounds to even, as printf does")
        #expect(IndexRowFormatter.size(812) == "812" && IndexRowFormatter.size(12_345) == "12K" && IndexRowFormatter.size(42_000_000) == "40M")
    }

    @Test func theSenderIsTheTrimmedNameElseTheAddressAndAlwaysOneSafeLine() {
        func sender(_ name: String, _ address: String = "ada@example.test") -> String {
            IndexRowFormatter.sender(MessageRecord(folderId: 1, fromName: name, fromAddress: address))
        }
        #expect(sender("  Ada Lovelace\t") == "Ada Lovelace")
        #expect(sender(" \t ") == "ada@example.test")
        #expect(sender("Zoë Ñúñez") == "Zoë Ñúñez")
        #expect(sender("Evil\u{1B}[31mRed") == "Evil" + "Red", "escape sequences are taken out")
        #expect(sender("Tab\tinside") == "Tab inside", "a tab inside a line is a space")
        #expect(sender("Line\nbreak") == "Line break")
        #expect(sender("Bidi\u{202E}flip") != "Bidi\u{202E}flip", "bidirectional overrides never pass")
    }
}
