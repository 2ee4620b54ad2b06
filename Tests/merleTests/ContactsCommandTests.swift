import Foundation
import Testing

/// `merle contacts` and `merle contacts import` through the binary: vCards as Google,
/// Apple, Thunderbird, a phone and khard export them, the senders of stored mail, and an
/// address_book_command, merged by address.
@Suite struct ContactsCommandTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/address-books").path

    /// A demo store and a config whose address_book_command is `script` (khard's shape).
    private func setUp(_ folder: TemporaryFolder, script: String) throws -> [String] {
        let demo = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "60"])
        #expect(demo.status == 0, "\(demo.stderr)")
        let khard = try folder.write("khard.sh", "#!/bin/sh\necho \"searching for '$1' ...\"\n" + script + "\n")
        chmod(khard, 0o755)
        let config = try folder.write("config.toml", """
            [general]
            address_book_command = "\(khard) '%s'"

            [[account]]
            name = "work"
            email = "me@example.test"
            [account.imap]
            host = "127.0.0.1"
            port = 1
            user = "me"
            """)
        return ["--data-dir", folder.path + "/demo", "--config", config]
    }

    @Test func importsEveryExportOnceAndListsThemMergedWithTheCommandsMatches() throws {
        let folder = try TemporaryFolder()
        let global = try setUp(folder, script: """
            case "$(echo "$1" | tr A-Z a-z)" in
            *ada*|*lovelace*) printf 'ada@example.test\\tAda from khard\\n'; printf 'ada@khard.example\\tAda Byron\\n' ;;
            esac
            """)
        let files = ["google-contacts.vcf", "apple-contacts.vcf", "thunderbird.vcf", "thunderbird-78.vcf", "phone-2.1.vcf", "khard.vcf"]
            .map { Self.fixtures + "/" + $0 }
        let first = try MerleProcess.run(["contacts", "import"] + files + global)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.output == "Imported 16 addresses from 11 cards: 16 new, 0 renamed, 0 already there. 1 card without an address skipped.\n",
                "\(first.output)")
        let again = try MerleProcess.run(["contacts", "import"] + files + global)
        #expect(again.output.contains("0 new, 0 renamed, 16 already there"), "importing again adds nothing: \(again.output)")
        // A folder of cards (khard's vdir) imports every .vcf in it.
        let vdir = try MerleProcess.run(["contacts", "import", Self.fixtures] + global)
        #expect(vdir.status == 0 && vdir.output.contains("16 already there"), "\(vdir.output) \(vdir.stderr)")

        let all = try MerleProcess.run(["contacts", "--json"] + global).jsonRows()
        let byAddress = Dictionary(all.map { ($0["address"] as? String ?? "", $0) }, uniquingKeysWith: { first, _ in first })
        #expect(byAddress["juergen.mueller@beispiel.example"]?["name"] as? String == "Dr. Jürgen Müller")
        #expect(byAddress["zoe@example.test"]?["name"] as? String == "Zoë Gaël, Leiterin der Abteilung für besonders lange Namen")
        #expect(byAddress["anders@example.test"]?["name"] as? String == "Anders Ångström")
        #expect(byAddress["grace@navy.example"]?["name"] as? String == "Hopper, Grace Brewster Murray")
        #expect(byAddress["grace@navy.example"]?["imported"] as? Bool == true)
        #expect(all.contains { ($0["seen"] as? Int ?? 0) > 0 && ($0["imported"] as? Bool) == false }, "the demo's senders are listed too")
        #expect(Set(all.map { ($0["address"] as? String ?? "").lowercased() }).count == all.count, "one row per address")

        // The query also goes to the command; its matches join by address.
        let ada = try MerleProcess.run(["contacts", "Ada"] + global)
        #expect(ada.status == 0, "\(ada.stderr)")
        let lines = ada.output.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let adaLine = try #require(lines.first { $0[0] == "ada@example.test" })
        #expect(adaLine[1] == "Ada Lovelace" && adaLine[2].contains("vCard") && adaLine[2].contains("address_book_command"), "\(adaLine)")
        #expect(lines.contains { $0[0] == "ada@khard.example" && $0[1] == "Ada Byron" && $0[2] == "address_book_command" })
        #expect(lines.contains { $0[0] == "countess@engine.example" })
        #expect(lines.allSatisfy { $0.count == 3 }, "ADDRESS<TAB>NAME<TAB>WHERE FROM, as mutt's query_command reads")
        let jurgen = try MerleProcess.run(["contacts", "jurgen"] + global)
        let jurgenLines = jurgen.output.split(separator: "\n")
        #expect(jurgenLines.contains("juergen.mueller@beispiel.example\tDr. Jürgen Müller\tvCard")
                && jurgenLines.contains("jm@forschung.example\tDr. Jürgen Müller\tvCard"), "accents or not: \(jurgen.output)")
    }

    @Test func aFailingCommandHidesNothingElseAndSaysSo() throws {
        let folder = try TemporaryFolder()
        let global = try setUp(folder, script: "exec /nonexistent/khard")
        _ = try MerleProcess.run(["contacts", "import", Self.fixtures + "/khard.vcf"] + global)
        let result = try MerleProcess.run(["contacts", "grace"] + global)
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("grace@navy.example\tHopper, Grace Brewster Murray"), "the rest is listed: \(result.output)")
        let message = result.stderr.split(separator: "\n").last.map(String.init) ?? ""
        #expect(message.hasPrefix("merle: the address_book_command") && message.contains("fix address_book_command"), "\(result.stderr)")
    }

    @Test func whatIsNotAVCardIsRefusedAndNothingIsImported() throws {
        let folder = try TemporaryFolder()
        let global = try setUp(folder, script: "true")
        let mail = try folder.write("message.eml", "From: a@example.test\nSubject: not a card\n\nhello\n")
        let result = try MerleProcess.run(["contacts", "import", Self.fixtures + "/khard.vcf", mail] + global)
        #expect(result.status == 1)
        #expect(result.stderr == "merle: \(mail) holds no vCard (no BEGIN:VCARD line); export the address book as vCard (.vcf) and import that\n")
        let listed = try MerleProcess.run(["contacts", "grace", "--json"] + global).jsonRows()
        #expect(listed.allSatisfy { $0["imported"] as? Bool == false }, "the good file before it was not imported either: \(listed)")
        let missing = try MerleProcess.run(["contacts", "import", folder.path + "/nope.vcf"] + global)
        #expect(missing.status == 1 && missing.stderr.contains("does not exist"))
    }
}
