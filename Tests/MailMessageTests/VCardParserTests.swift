import Foundation
import Testing
@testable import MailMessage

/// vCards as real programs export them (Tests/Fixtures/address-books, see its README).
@Suite struct VCardParserTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/address-books")

    private func cards(_ name: String) throws -> [VCard] {
        VCardParser.parse([UInt8](try Data(contentsOf: Self.folder.appendingPathComponent(name))))
    }

    @Test func googleContacts() throws {
        #expect(try cards("google-contacts.vcf") == [
            VCard(name: "Ada Lovelace", emails: ["ada@example.test", "ada.lovelace@analytical.example", "countess@engine.example"]),
            VCard(name: "Søren Kierkegaard", emails: ["soren@example.test"]),
            VCard(name: "Pizzeria Da Michele", emails: []),
        ])
    }

    @Test func appleContacts() throws {
        #expect(try cards("apple-contacts.vcf") == [
            VCard(name: "Dr. Jürgen Müller", emails: ["juergen.mueller@beispiel.example", "jm@forschung.example"]),
            VCard(name: "Acme Widgets", emails: ["orders@acme.example"]),
            VCard(name: "Dr. Maria Salomea Skłodowska-Curie, Institut du Radium, Laboratoire Curie", emails: ["marie@radium.example"]),
        ], "a fold between the bytes of one character joins them again")
    }

    @Test func thunderbird() throws {
        #expect(try cards("thunderbird.vcf") == [
            VCard(name: "Linus Pauling", emails: ["linus@example.test", "pauling@caltech.example"]),
            VCard(name: "Rosalind Franklin", emails: ["rosalind@kings.example"]),
        ])
        #expect(try cards("thunderbird-78.vcf") == [VCard(name: "Anders Ångström", emails: ["anders@example.test"])])
    }

    @Test func aPhonesQuotedPrintableLatin1() throws {
        #expect(try cards("phone-2.1.vcf") == [
            VCard(name: "Zoë Gaël, Leiterin der Abteilung für besonders lange Namen",
                  emails: ["zoe@example.test", "zoe.gael@work.example"]),
        ], "the soft break continues the name; the AGENT's card is someone else")
    }

    @Test func khard() throws {
        #expect(try cards("khard.vcf") == [
            VCard(name: "Hopper, Grace Brewster Murray", emails: ["grace@navy.example", "grace.hopper@example.test"]),
        ], "the preferred address comes first; the escaped comma is a comma")
    }

    @Test func namesComeFromNWhenThereIsNoFN() {
        let text = "BEGIN:VCARD\nVERSION:3.0\nN:Hamilton;Margaret;Heafield;;\nEMAIL:margaret@apollo.example\nEND:VCARD\n"
        #expect(VCardParser.parse(Array(text.utf8)) == [VCard(name: "Margaret Heafield Hamilton", emails: ["margaret@apollo.example"])])
    }

    @Test func whatIsNotACardGivesNothingAndNeverFails() {
        for text in ["", "From: a@b\r\n\r\nhello", "BEGIN:VCARD", "END:VCARD\nBEGIN:VCARD\nEMAIL:x@y.example", ":::;;;\n\n \n=\n",
                     String(repeating: "BEGIN:VCARD\n", count: 10_000)] {
            let parsed = VCardParser.parse(Array(text.utf8))
            #expect(parsed.allSatisfy { $0.emails.allSatisfy { $0.contains("@") } })
        }
        #expect(VCardParser.parse(Array("END:VCARD\nBEGIN:VCARD\nEMAIL:x@y.example".utf8)) == [VCard(name: "", emails: ["x@y.example"])],
                "a last card without END still counts")
        let hostile = "BEGIN:VCARD\nFN:Eve\u{1B}[31m\\nX\nEMAIL:eve@evil.example\\nBcc: victim@x.example\nEMAIL:mailto:eve2@evil.example\nEND:VCARD\n"
        #expect(VCardParser.parse(Array(hostile.utf8)) == [VCard(name: "Eve [31m X", emails: ["eve2@evil.example"])],
                "control characters and line breaks never reach a name or an address")
    }
}
