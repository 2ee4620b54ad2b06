import Foundation
import Testing

/// A message whose subject, sender, body and folder name carry escape sequences (CSI,
/// OSC 52, OSC 8, DCS, C1), written into a store with the sqlite3 tool (this test
/// target drives the binary and does not link the store).
enum HostileMessage {
    static let esc = "\u{1B}"
    static let csi = esc + "[2J" + esc + "[31mRED" + esc + "[6n"
    static let osc52 = esc + "]52;c;ZWNobyBwd25lZA==" + "\u{07}"
    static let osc8 = esc + "]8;;https://evil.example/" + esc + "\\click" + esc + "]8;;" + esc + "\\"
    static let dcs = esc + "Pq#0;2;0;0;0#0~~@@vv" + esc + "\\"
    static let title = esc + "]0;pwned" + "\u{07}"
    static let c1 = "\u{9B}31m" + "\u{9D}0;pwned\u{07}"

    static func hex(_ text: String) -> String {
        "X'" + text.utf8.map { String(format: "%02X", $0) }.joined() + "'"
    }

    static func insert(into database: String) throws {
        let subject = "Hello " + csi + osc52 + osc8 + dcs + title + c1
        let from = "Mallory " + csi + c1
        let raw = """
            From: "Mallory \(csi)" <mallory@evil.example>
            To: you@demo.merle.test
            Subject: \(subject)
            Date: Thu, 26 Nov 2026 09:00:00 +0000
            Message-ID: <evil@evil.example>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8

            Body \(csi) and \(osc52) and \(osc8) and \(dcs) and \(title) and \(c1) end.
            """.replacingOccurrences(of: "\n", with: "\r\n")
        let folderName = "Inbox" + osc52 + dcs
        let sql = """
            INSERT INTO folder (account_id, name, delimiter, subscribed, selectable)
              SELECT id, CAST(\(hex(folderName)) AS TEXT), '/', 1, 1 FROM account WHERE name = 'demo';
            INSERT INTO message (folder_id, uid, flags, internal_date, date, size, subject, from_name, from_address, body_state)
              SELECT id, 900001, '', '2026-11-26 09:00:00.000', '2026-11-26 09:00:00.000', \(raw.utf8.count),
                     CAST(\(hex(subject)) AS TEXT), CAST(\(hex(from)) AS TEXT), 'mallory@evil.example', 'full'
              FROM folder WHERE upper(name) = 'INBOX';
            INSERT INTO message_body (message_id, raw) VALUES (last_insert_rowid(), \(hex(raw)));
            INSERT INTO message (folder_id, uid, flags, internal_date, date, size, subject, from_name, from_address, body_state)
              SELECT id, 1, '', '2026-11-26 09:00:00.000', '2026-11-26 09:00:00.000', 10,
                     CAST(\(hex(subject)) AS TEXT), CAST(\(hex(from)) AS TEXT), 'mallory@evil.example', 'none'
              FROM folder WHERE name = CAST(\(hex(folderName)) AS TEXT);
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
        process.arguments = [database]
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(Data(sql.utf8))
        try input.fileHandleForWriting.close()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "sqlite3: \(errorText)")
    }

    /// `capture-pane -e` output carries tmux's own SGR colour sequences (ESC [ … m); anything
    /// else, or any payload of the hostile sequences, came from the message.
    static func expectNoHostileSequences(_ captured: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let withoutSGR = captured.replacingOccurrences(of: #"\u{1B}\[[0-9;]*m"#, with: "", options: .regularExpression)
        #expect(!withoutSGR.contains(esc), "a non-colour escape sequence: \(withoutSGR.debugDescription)", sourceLocation: sourceLocation)
        #expect(!captured.unicodeScalars.contains { (0x80..<0xA0).contains($0.value) || $0.value == 0x07 }, sourceLocation: sourceLocation)
        for payload in ["ZWNobyBwd25lZA", "evil.example/", "#0;2;0", "pwned", "[6n", "[2J"] {
            #expect(!captured.contains(payload), "payload \(payload) shown", sourceLocation: sourceLocation)
        }
    }
}
