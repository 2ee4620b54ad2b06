/// What a file handed to `merle show --file` looks like, when it is plainly not a mail
/// message: an Outlook .msg, a PDF, an archive. Read from its first bytes only.
public enum MessageFileKind: Sendable {
    /// Known signatures (magic numbers) of files people mistake for saved mail.
    private static let signatures: [(bytes: [UInt8], kind: String)] = [
        ([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an Outlook .msg file or another Microsoft Office document (OLE compound file)"),
        (Array("%PDF-".utf8), "a PDF document"),
        ([0x50, 0x4B, 0x03, 0x04], "a ZIP archive (or a document packed as one: .docx, .odt, .jar)"),
        ([0x50, 0x4B, 0x05, 0x06], "an empty ZIP archive"),
        ([0x1F, 0x8B], "a gzip-compressed file"),
        (Array("BZh".utf8), "a bzip2-compressed file"),
        ([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "an xz-compressed file"),
        ([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        (Array("Rar!".utf8), "a RAR archive"),
        ([0x89, 0x50, 0x4E, 0x47], "a PNG image"),
        ([0xFF, 0xD8, 0xFF], "a JPEG image"),
        (Array("GIF8".utf8), "a GIF image"),
        ([0x7F, 0x45, 0x4C, 0x46], "an executable (ELF)"),
        (Array("{\\rtf".utf8), "an RTF document"),
        (Array("SQLite format 3".utf8), "an SQLite database"),
    ]

    /// A phrase saying what the file is ("a PDF document") when its first bytes show it
    /// is not a message; nil when it may be one. Binary data (NUL bytes) that does not
    /// start with a header field is not a message either.
    public static func nonMessageKind(_ head: [UInt8]) -> String? {
        for signature in signatures where head.starts(with: signature.bytes) { return signature.kind }
        let sample = head.prefix(4_096)
        guard sample.contains(0) else { return nil }
        let firstLine = sample.prefix { $0 != ASCII.lf }
        let looksLikeField = firstLine.firstIndex(of: UInt8(ascii: ":")).map { colon in
            colon > firstLine.startIndex && firstLine[..<colon].allSatisfy { $0 > 32 && $0 < 127 }
        } ?? false
        return looksLikeField ? nil : "binary data"
    }
}
