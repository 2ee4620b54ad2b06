import Foundation

/// Small byte-level helpers shared by the parsers. Mail is bytes, not Swift
/// `Character`s (Swift treats "\r\n" as one Character), so parsers work on `[UInt8]`.
enum ASCII {
    static let cr: UInt8 = 0x0D
    static let lf: UInt8 = 0x0A
    static let space: UInt8 = 0x20
    static let tab: UInt8 = 0x09
    static let colon: UInt8 = 0x3A
    static let dash: UInt8 = 0x2D

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == space || byte == tab || byte == cr || byte == lf
    }

    static func lowercased(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte + 0x20 : byte
    }

    /// Case-insensitive comparison of an ASCII token against a lower-case literal.
    static func equalsIgnoringCase<C: Collection>(_ bytes: C, _ lowercaseLiteral: String) -> Bool where C.Element == UInt8 {
        let literal = Array(lowercaseLiteral.utf8)
        guard bytes.count == literal.count else { return false }
        var index = 0
        for byte in bytes {
            if lowercased(byte) != literal[index] { return false }
            index += 1
        }
        return true
    }
}

extension Collection where Element == UInt8 {
    /// The bytes as a String: UTF-8 where valid, otherwise each invalid byte as
    /// its Latin-1 character, so nothing is dropped (RFC 6532 headers are UTF-8;
    /// raw 8-bit legacy headers are most often Latin-1).
    var lenientString: String {
        let array = Array(self)
        if let valid = String(validating: array, as: UTF8.self) { return valid }
        return String(decoding: array, as: UTF8.self)
    }
}

extension Array where Element == UInt8 {
    /// Removes leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> [UInt8] {
        var start = startIndex
        var end = endIndex
        while start < end, ASCII.isWhitespace(self[start]) { start += 1 }
        while end > start, ASCII.isWhitespace(self[end - 1]) { end -= 1 }
        return Array(self[start..<end])
    }
}

extension String {
    /// Trims spaces, tabs, CR and LF only (not all Unicode whitespace).
    var trimmingMailWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.unicodeScalars.first, first == " " || first == "\t" || first == "\r" || first == "\n" {
            scalars = Substring(scalars.unicodeScalars.dropFirst())
        }
        while let last = scalars.unicodeScalars.last, last == " " || last == "\t" || last == "\r" || last == "\n" {
            scalars = Substring(scalars.unicodeScalars.dropLast())
        }
        return String(scalars)
    }

    /// Collapses runs of whitespace (including folding CRLF) into single spaces.
    var collapsingWhitespace: String {
        var result = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in unicodeScalars {
            if scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" {
                pendingSpace = true
                continue
            }
            if pendingSpace, !result.isEmpty { result.append(" ") }
            pendingSpace = false
            result.append(scalar)
        }
        return String(result)
    }
}
