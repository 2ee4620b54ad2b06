/// Line ends between the files of Unix mail programs (Maildir, mbox: LF, as mutt,
/// mbsync and Dovecot write them) and IMAP, where a message's lines end in CRLF
/// (RFC 9051 §6.3.12; Dovecot's RFC822.SIZE counts them so). Converting both ways gives
/// the file's bytes back exactly when its lines ended in LF alone.
enum LineEndings {
    /// Every LF not already after a CR becomes CRLF.
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 32)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 0x0A, previous != 0x0D { output.append(0x0D) }
            output.append(byte)
            previous = byte
        }
        return output
    }

    /// Every CRLF becomes LF; a lone CR stays.
    static func lf(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A {
                output.append(0x0A)
                index += 2
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }
}
