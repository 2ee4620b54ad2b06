/// The bytes a multipart/signed signature covers (RFC 1847 section 2.1, RFC 3156
/// section 5): the first body part exactly as transmitted, its own header included,
/// from after the first delimiter line to the line break before the next delimiter,
/// with every line break made CRLF (the canonical form signers hash).
///
/// Taken from the multipart's raw body again, not rebuilt from the parsed part: a
/// re-encoded or re-folded header would not verify, and verifying what was not shown
/// is the mistake this exists to avoid.
public enum MultipartSigned: Sendable {
    /// The signed entity of `part` (a multipart/signed), canonicalised; nil when it has no
    /// boundary or no second delimiter.
    public static func signedBytes(of part: MIMEPart) -> [UInt8]? {
        guard let boundary = part.mediaType.boundary, !boundary.isEmpty else { return nil }
        let delimiter = Array("--".utf8) + Array(boundary.utf8)
        let body = part.encodedBody
        var lineStart = body.startIndex
        var entityStart: Int?
        while lineStart < body.endIndex {
            let lineEnd = body[lineStart...].firstIndex(of: ASCII.lf) ?? body.endIndex
            if isDelimiter(body[lineStart..<lineEnd], delimiter) {
                if let start = entityStart {
                    // The line break before the delimiter belongs to the delimiter.
                    var end = lineStart
                    if end > start, body[end - 1] == ASCII.lf { end -= 1 }
                    if end > start, body[end - 1] == ASCII.cr { end -= 1 }
                    return canonical(body[start..<max(start, end)])
                }
                entityStart = min(lineEnd + 1, body.endIndex)
            }
            lineStart = lineEnd + 1
        }
        return nil
    }

    /// A delimiter line: `--boundary` then, for a close delimiter, `--`, then only
    /// whitespace (RFC 2046 section 5.1.1 allows trailing blanks).
    private static func isDelimiter(_ line: ArraySlice<UInt8>, _ delimiter: [UInt8]) -> Bool {
        guard line.count >= delimiter.count, line.prefix(delimiter.count).elementsEqual(delimiter) else { return false }
        var rest = line.dropFirst(delimiter.count)
        if rest.starts(with: [ASCII.dash, ASCII.dash]) { rest = rest.dropFirst(2) }
        return rest.allSatisfy { $0 == ASCII.space || $0 == ASCII.tab || $0 == ASCII.cr }
    }

    /// Every bare LF becomes CRLF; CRLF stays.
    public static func canonical(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 40)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == ASCII.lf, previous != ASCII.cr { output.append(ASCII.cr) }
            output.append(byte)
            previous = byte
        }
        return output
    }

    /// The format the `protocol` parameter names (RFC 3156 section 5, RFC 8551 section
    /// 3.5.3), or nil for one Merle cannot check.
    public static func format(ofSignatureProtocol value: String?) -> SecurityFormat? {
        switch value?.lowercased() {
        case "application/pgp-signature": .openPGP
        case "application/pkcs7-signature", "application/x-pkcs7-signature": .smime
        default: nil
        }
    }
}
