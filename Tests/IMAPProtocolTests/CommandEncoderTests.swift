import Testing
@testable import IMAPProtocol

/// Commands are written exactly, and user strings can never inject a second command.
@Suite struct CommandEncoderTests {
    func text(_ command: Command, options: CommandEncodingOptions = CommandEncodingOptions()) throws -> String {
        let encoded = try CommandEncoder(options: options).encode(command, tag: "A1")
        return encoded.chunks.map { String(decoding: $0, as: UTF8.self) }.joined(separator: "|")
    }

    @Test(arguments: [
        (Command.capability, "A1 CAPABILITY\r\n"),
        (.noop, "A1 NOOP\r\n"),
        (.logout, "A1 LOGOUT\r\n"),
        (.startTLS, "A1 STARTTLS\r\n"),
        (.compressDeflate, "A1 COMPRESS DEFLATE\r\n"),
        (.idle, "A1 IDLE\r\n"),
        (.unselect, "A1 UNSELECT\r\n"),
        (.close, "A1 CLOSE\r\n"),
        (.expunge, "A1 EXPUNGE\r\n"),
        (.enable([.qresync, .condStore]), "A1 ENABLE QRESYNC CONDSTORE\r\n"),
        (.id([IDField("name", "Merle"), IDField("version", nil)]), "A1 ID (\"name\" \"Merle\" \"version\" NIL)\r\n"),
        (.id(nil), "A1 ID NIL\r\n"),
        (.login(user: "dave", password: "secret"), "A1 LOGIN dave secret\r\n"),
        (.login(user: "dave@example.test", password: "p a\"s\\s"), "A1 LOGIN dave@example.test \"p a\\\"s\\\\s\"\r\n"),
        (.authenticate(mechanism: "PLAIN", initialResponse: Array("\0dave\0pw".utf8)), "A1 AUTHENTICATE PLAIN AGRhdmUAcHc=\r\n"),
        (.authenticate(mechanism: "PLAIN", initialResponse: []), "A1 AUTHENTICATE PLAIN =\r\n"),
        (.authenticate(mechanism: "PLAIN", initialResponse: nil), "A1 AUTHENTICATE PLAIN\r\n"),
        (.list(reference: "", pattern: "*"), "A1 LIST \"\" *\r\n"),
        (.list(reference: "", pattern: "*", returnOptions: [.specialUse, .status([.messages, .unseen])]),
         "A1 LIST \"\" * RETURN (SPECIAL-USE STATUS (MESSAGES UNSEEN))\r\n"),
        (.list(reference: "", pattern: "%", selectOptions: ["SUBSCRIBED", "RECURSIVEMATCH"], returnOptions: [.children]),
         "A1 LIST (SUBSCRIBED RECURSIVEMATCH) \"\" %\r\n".replacingOccurrences(of: "%\r\n", with: "% RETURN (CHILDREN)\r\n")),
        (.lsub(reference: "", pattern: "*"), "A1 LSUB \"\" *\r\n"),
        (.status("INBOX", [.messages, .uidNext, .uidValidity, .highestModSeq]), "A1 STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)\r\n"),
        (.select(.inbox, [.condStore]), "A1 SELECT INBOX (CONDSTORE)\r\n"),
        (.select("Sent", [.qresync(uidValidity: UIDValidity(67890007), modSeq: 20050715194045000, knownUIDs: try! SequenceSet(parsing: "41,43:211"))]),
         "A1 SELECT Sent (QRESYNC (67890007 20050715194045000 41,43:211))\r\n"),
        (.examine("Entwürfe"), "A1 EXAMINE Entw&APw-rfe\r\n"),
        (.create("a b"), "A1 CREATE \"a b\"\r\n"),
        (.delete("x"), "A1 DELETE x\r\n"),
        (.rename(from: "a", to: "b"), "A1 RENAME a b\r\n"),
        (.subscribe("[Gmail]/Sent"), "A1 SUBSCRIBE \"[Gmail]/Sent\"\r\n"),
        (.unsubscribe("x"), "A1 UNSUBSCRIBE x\r\n"),
        (.uidFetch(try! SequenceSet(parsing: "1:*"), [.uid, .flags], changedSince: 12345, vanished: true),
         "A1 UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE 12345 VANISHED)\r\n"),
        (.uidFetch(try! SequenceSet(parsing: "7"), [.bodySection(.complete), .bodySection(SectionSpecifier(part: [1], kind: .mime), peek: false, partial: 0...99),
                                                 .bodySection(SectionSpecifier(kind: .headerFields(["From", "Subject"])))]),
         "A1 UID FETCH 7 (BODY.PEEK[] BODY[1.MIME]<0.100> BODY.PEEK[HEADER.FIELDS (From Subject)])\r\n"),
        (.fetch(try! SequenceSet(parsing: "1:5"), FetchItem.headers), "A1 FETCH 1:5 (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE)\r\n"),
        (.uidSearch([.unseen, .since(day: 1, month: 2, year: 2024), .not(.deleted)]), "A1 UID SEARCH UNSEEN SINCE 1-Feb-2024 NOT DELETED\r\n"),
        (.uidSearch([.modSeq(5)], returnOptions: ["ALL", "COUNT"]), "A1 UID SEARCH RETURN (ALL COUNT) MODSEQ 5\r\n"),
        (.uidSearch([.or(.from("a"), .subject("b c"))]), "A1 UID SEARCH OR FROM a SUBJECT \"b c\"\r\n"),
        (.uidSearch([.uid(try! SequenceSet(parsing: "1:3"))]), "A1 UID SEARCH UID 1:3\r\n"),
        (.uidStore(try! SequenceSet(parsing: "4,5"), .add([.seen, .flagged], silent: true)), "A1 UID STORE 4:5 +FLAGS.SILENT (\\Seen \\Flagged)\r\n"
            .replacingOccurrences(of: "4:5", with: "4,5")),
        (.uidStore(try! SequenceSet(parsing: "4"), .remove(["$Junk"]), unchangedSince: 99), "A1 UID STORE 4 (UNCHANGEDSINCE 99) -FLAGS ($Junk)\r\n"),
        (.uidCopy(try! SequenceSet(parsing: "2:4"), "Archive"), "A1 UID COPY 2:4 Archive\r\n"),
        (.uidMove(try! SequenceSet(parsing: "2:4"), "Trash"), "A1 UID MOVE 2:4 Trash\r\n"),
        (.uidExpunge(try! SequenceSet(parsing: "3000:3002")), "A1 UID EXPUNGE 3000:3002\r\n"),
    ])
    func encodes(_ command: Command, _ expected: String) throws {
        #expect(try text(command) == expected)
    }

    @Test func appendWithSynchronizingLiteral() throws {
        let date = try #require(InternalDate("05-Jan-2024 10:00:00 +0100"))
        let command = Command.append("Sent", flags: [.seen], date: date, message: Array("Hi\r\n".utf8))
        #expect(try text(command) == "A1 APPEND Sent (\\Seen) \"05-Jan-2024 10:00:00 +0100\" {4}\r\n|Hi\r\n\r\n")
        #expect(try text(command, options: CommandEncodingOptions(literalPlus: true)) ==
            "A1 APPEND Sent (\\Seen) \"05-Jan-2024 10:00:00 +0100\" {4+}\r\nHi\r\n\r\n")
        #expect(try text(command, options: CommandEncodingOptions(literalMinus: true)) ==
            "A1 APPEND Sent (\\Seen) \"05-Jan-2024 10:00:00 +0100\" {4+}\r\nHi\r\n\r\n")
        let big = Command.append("Sent", message: [UInt8](repeating: 0x61, count: 5000))
        #expect(try CommandEncoder(options: CommandEncodingOptions(literalMinus: true)).encode(big, tag: "A1").chunks.count == 2)
    }

    /// A string with CR or LF would end the command line: it becomes a literal, whose
    /// bytes the server reads as data (mailbox names: modified UTF-7 hides them), so
    /// "A2 LOGOUT" is never a command.
    @Test(arguments: ["x\r\nA2 LOGOUT", "x\nA2 DELETE INBOX", "x\rA2 NOOP", "a\0b"])
    func lineBreaksBecomeLiterals(_ hostile: String) throws {
        for command in [Command.login(user: hostile, password: "pw"), .login(user: "u", password: hostile), .create(MailboxName(hostile)),
                        .uidSearch([.subject(hostile)]), .uidSearch([.header("X-Foo", hostile)])] {
            let encoded = try CommandEncoder().encode(command, tag: "A1")
            // Read the bytes as a server would (lines and literals): exactly one command.
            var framer = ResponseFramer()
            framer.append(encoded.bytes)
            #expect(try framer.nextFrame() == encoded.bytes, "\(command.name)")
            #expect(framer.bufferedByteCount == 0)
            // Every chunk but the last announces a synchronizing literal.
            for chunk in encoded.chunks.dropLast() {
                #expect(String(decoding: chunk, as: UTF8.self).hasSuffix("}\r\n"))
            }
        }
        #expect(try CommandEncoder().encode(.login(user: hostile, password: "pw"), tag: "A1").chunks.count == 2)
    }

    @Test func quotesAndBackslashesAreEscaped() throws {
        #expect(try text(.login(user: "a\" b", password: "\\")) == "A1 LOGIN \"a\\\" b\" \"\\\\\"\r\n")
        #expect(try text(.create("we\"ird")) == "A1 CREATE \"we\\\"ird\"\r\n")
        #expect(try text(.login(user: "", password: "x")) == "A1 LOGIN \"\" x\r\n")
    }

    @Test func eightBitGoesAsLiteralOrUTF8() throws {
        #expect(try text(.login(user: "jürgen", password: "x")) == "A1 LOGIN {7}\r\n|jürgen x\r\n")
        #expect(try text(.create("Entwürfe"), options: CommandEncodingOptions(utf8Accept: true)) == "A1 CREATE \"Entwürfe\"\r\n")
        #expect(try text(.create("日本語")) == "A1 CREATE &ZeVnLIqe-\r\n")
    }

    @Test func flagsThatAreNotAtomsAreRefused() throws {
        #expect(throws: IMAPEncodingError.self) { try text(.uidStore(.all, .add(["a b"]))) }
        #expect(throws: IMAPEncodingError.self) { try text(.uidStore(.all, .add(["x\r\nA2 LOGOUT"]))) }
        #expect(throws: IMAPEncodingError.self) { try text(.enable(["QRESYNC\r\nA2 LOGOUT"])) }
        #expect(throws: IMAPEncodingError.self) { try text(.uidFetch(.all, [.other("X-GM-LABELS)")])) }
    }

    @Test func listPatternsKeepWildcards() throws {
        #expect(try text(.list(reference: "", pattern: "Foo/%")) == "A1 LIST \"\" Foo/%\r\n")
        #expect(try text(.list(reference: "", pattern: "a b*")) == "A1 LIST \"\" \"a b*\"\r\n")
    }
}

/// Modified UTF-7 mailbox names (RFC 3501 §5.1.3).
@Suite struct ModifiedUTF7Tests {
    @Test(arguments: [
        ("INBOX", "INBOX"), ("Entwürfe", "Entw&APw-rfe"), ("A&B", "A&-B"), ("~peter/mail/台北/日本語", "~peter/mail/&U,BTFw-/&ZeVnLIqe-"),
        ("Ünïcödé & ☃", "&ANw-n&AO8-c&APY-d&AOk- &- &JgM-"), ("😀", "&2D3eAA-"),
    ])
    func roundTrips(_ name: String, _ wire: String) {
        #expect(String(decoding: ModifiedUTF7.encode(name), as: UTF8.self) == wire)
        #expect(ModifiedUTF7.decode(Array(wire.utf8)) == name)
    }

    @Test(arguments: ["&", "&AB", "&Jjo!-", "a&ZeVnLIqe", "&AGE-", "Ent\u{FC}rfe", "&2D0-"])
    func badInputIsNilNotACrash(_ wire: String) {
        #expect(ModifiedUTF7.decode(Array(wire.utf8)) == nil)
    }

    @Test func badNamesAreKeptVerbatim() {
        let name = MailboxName(wireBytes: Array("Bad&Name".utf8), utf8: false)
        #expect(name.name == "Bad&Name")
        #expect(name.wireBytes(utf8: false) == Array("Bad&Name".utf8))
    }

    @Test func base64() {
        #expect(Base64.encode(Array("\0user\0pass".utf8)) == "AHVzZXIAcGFzcw==")
        #expect(Base64.decode(Array("AHVzZXIAcGFzcw==".utf8)) == Array("\0user\0pass".utf8))
        #expect(Base64.encode([]) == "")
        #expect(Base64.encode([1]) == "AQ==")
        #expect(Base64.encode([1, 2]) == "AQI=")
    }
}
