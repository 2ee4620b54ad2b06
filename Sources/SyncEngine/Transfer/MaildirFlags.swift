import Foundation
import MailStore

/// The flags of a Maildir file name's info part (`…:2,FRS`, cr.yp.to/proto/maildir.html),
/// as mutt, mbsync and Dovecot write them: D draft, F flagged, P passed (forwarded),
/// R replied, S seen, T trashed, in ASCII order. mbsync also writes `;` or `!` before
/// `2,` where `:` cannot be in a file name; those are read too.
enum MaildirFlags {
    /// Each letter and the IMAP flag it stands for. P is `$Forwarded` (RFC 5788), as
    /// mbsync 1.5 and Dovecot map it.
    static let letters: [(letter: Character, flag: String)] = [
        ("D", SystemFlag.draft.rawValue), ("F", SystemFlag.flagged.rawValue), ("P", "$Forwarded"),
        ("R", SystemFlag.answered.rawValue), ("S", SystemFlag.seen.rawValue), ("T", SystemFlag.deleted.rawValue),
    ]

    /// The IMAP flags a file name's info says; none for a name without `2,` info (a
    /// message in `new/`). Lower-case letters (Dovecot's keywords) and unknown ones are ignored.
    static func flags(fileName: String) -> [String] {
        guard let info = info(of: fileName) else { return [] }
        return letters.filter { info.contains($0.letter) }.map(\.flag)
    }

    /// `2,` and the letters for `flags`, in ASCII order; flags without a letter are left out.
    static func info(for flags: [String]) -> String {
        "2," + String(letters.filter { letter in flags.contains { $0.caseInsensitiveCompare(letter.flag) == .orderedSame } }.map(\.letter))
    }

    /// The letters after the last `:2,` (or `;2,`, `!2,`), or nil when there is none.
    private static func info(of name: String) -> Substring? {
        for separator in [":2,", ";2,", "!2,"] {
            if let range = name.range(of: separator, options: .backwards) { return name[range.upperBound...] }
        }
        return nil
    }

    /// The unique part of a name: without its info (what Maildir readers compare).
    static func baseName(_ fileName: String) -> Substring {
        for separator in [":2,", ";2,", "!2,"] {
            if let range = fileName.range(of: separator, options: .backwards) { return fileName[..<range.lowerBound] }
        }
        return fileName[...]
    }
}
