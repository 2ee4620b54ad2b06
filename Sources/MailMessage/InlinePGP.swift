/// Armored OpenPGP blocks pasted into a text part (RFC 4880 sections 6.2 and 7), which
/// many senders still write instead of PGP/MIME: a cleartext-signed message or an
/// encrypted one. Text around a block is not covered by it and is shown as such.
public enum InlinePGP: Sendable {
    /// One block: where it is in the decoded text, and what it is.
    public struct Block: Sendable, Hashable {
        public var range: Range<Int>
        public var isEncrypted: Bool
        /// Whether its END line was found; a cut-off block is still handed to the
        /// engine, which says what is wrong with it.
        public var isComplete: Bool
    }

    /// At most this many blocks in one part are checked; the rest is shown as text.
    public static let maxBlocks = 16

    static let signedBegin = Array("-----BEGIN PGP SIGNED MESSAGE-----".utf8)
    static let signatureEnd = Array("-----END PGP SIGNATURE-----".utf8)
    static let messageBegin = Array("-----BEGIN PGP MESSAGE-----".utf8)
    static let messageEnd = Array("-----END PGP MESSAGE-----".utf8)

    /// Whether the text may hold a block: a cheap test before looking line by line.
    public static func mayContainBlock(_ bytes: ArraySlice<UInt8>) -> Bool {
        let needle = Array("-----BEGIN PGP ".utf8)
        guard bytes.count >= needle.count else { return false }
        var index = bytes.startIndex
        while index + needle.count <= bytes.endIndex {
            if bytes[index] == ASCII.dash, bytes[index..<index + needle.count].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    /// Whether a text part may hold a block, without decoding it: the armour lines
    /// survive quoted-printable, so only a base64 body has to be decoded to know.
    static func mayContainBlock(_ part: MIMEPart) -> Bool {
        part.transferEncoding == .base64 || part.body.anyPiece(mayContainBlock)
    }

    /// The blocks in `bytes`, in order. A BEGIN line must start a line; trailing blanks
    /// after the armour lines are allowed, as gpg allows them.
    public static func blocks(in bytes: [UInt8]) -> [Block] {
        guard mayContainBlock(bytes[...]) else { return [] }
        var blocks: [Block] = []
        var open: (start: Int, encrypted: Bool)?
        var lineStart = 0
        while lineStart < bytes.count, blocks.count < maxBlocks {
            let lineEnd = bytes[lineStart...].firstIndex(of: ASCII.lf) ?? bytes.count
            let next = min(lineEnd + 1, bytes.count)
            let line = trimmed(bytes[lineStart..<lineEnd])
            if let current = open {
                let end = current.encrypted ? messageEnd : signatureEnd
                if line.elementsEqual(end) {
                    blocks.append(Block(range: current.start..<next, isEncrypted: current.encrypted, isComplete: true))
                    open = nil
                }
            } else if line.elementsEqual(signedBegin) {
                open = (lineStart, false)
            } else if line.elementsEqual(messageBegin) {
                open = (lineStart, true)
            }
            lineStart = next
        }
        if let current = open, blocks.count < maxBlocks {
            blocks.append(Block(range: current.start..<bytes.count, isEncrypted: current.encrypted, isComplete: false))
        }
        return blocks
    }

    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        while let last = line.last, last == ASCII.cr || last == ASCII.space || last == ASCII.tab { line = line.dropLast() }
        return line
    }
}
