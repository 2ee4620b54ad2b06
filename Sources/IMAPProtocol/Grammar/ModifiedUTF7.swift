/// Modified UTF-7 (RFC 3501 §5.1.3), the encoding of mailbox names outside UTF8=ACCEPT.
///
/// Printable ASCII stands for itself except `&`, written `&-`; other characters are
/// UTF-16 in modified base64 (`,` instead of `/`, no padding) between `&` and `-`.
public enum ModifiedUTF7 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,".utf8)

    /// Encodes a Unicode name for the wire.
    public static func encode(_ name: String) -> [UInt8] {
        var output: [UInt8] = []
        var pending: [UInt16] = []
        func flush() {
            guard !pending.isEmpty else { return }
            output.append(UInt8(ascii: "&"))
            var bytes: [UInt8] = []
            for unit in pending { bytes.append(UInt8(unit >> 8)); bytes.append(UInt8(unit & 0xFF)) }
            var index = 0
            while index < bytes.count {
                let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
                let b0 = chunk[0], b1 = chunk.count > 1 ? chunk[1] : 0, b2 = chunk.count > 2 ? chunk[2] : 0
                output.append(alphabet[Int(b0 >> 2)])
                output.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
                if chunk.count > 1 { output.append(alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)]) }
                if chunk.count > 2 { output.append(alphabet[Int(b2 & 0x3F)]) }
                index += 3
            }
            output.append(UInt8(ascii: "-"))
            pending = []
        }
        for scalar in name.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value <= 0x7E {
                flush()
                if scalar == "&" {
                    output.append(contentsOf: [UInt8(ascii: "&"), UInt8(ascii: "-")])
                } else {
                    output.append(UInt8(scalar.value))
                }
            } else {
                pending.append(contentsOf: Array(String(scalar).utf16))
            }
        }
        flush()
        return output
    }

    /// Decodes a wire name; nil when it is not valid modified UTF-7 (8-bit bytes, a
    /// bad base64 run, an unpaired surrogate), so the caller can keep the bytes as they are.
    public static func decode(_ bytes: [UInt8]) -> String? {
        var result = ""
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte < 0x80 else { return nil }
            if byte != UInt8(ascii: "&") {
                result.unicodeScalars.append(Unicode.Scalar(byte))
                index += 1
                continue
            }
            guard let end = bytes[(index + 1)...].firstIndex(of: UInt8(ascii: "-")) else { return nil }
            if end == index + 1 {
                result.append("&")
                index = end + 1
                continue
            }
            var bits: UInt32 = 0
            var bitCount = 0
            var units: [UInt16] = []
            var octets: [UInt8] = []
            for character in bytes[(index + 1)..<end] {
                guard let value = alphabet.firstIndex(of: character) else { return nil }
                bits = bits << 6 | UInt32(value)
                bitCount += 6
                if bitCount >= 8 {
                    bitCount -= 8
                    octets.append(UInt8((bits >> UInt32(bitCount)) & 0xFF))
                }
            }
            // Leftover bits must be zero padding (fewer than 6 of them).
            guard bitCount < 6, bits & ((1 << UInt32(bitCount)) - 1) == 0, octets.count % 2 == 0 else { return nil }
            for pair in stride(from: 0, to: octets.count, by: 2) {
                units.append(UInt16(octets[pair]) << 8 | UInt16(octets[pair + 1]))
            }
            var decoded = ""
            for unit in UTF16.decode(units) {
                guard let unit else { return nil }
                decoded.unicodeScalars.append(unit)
            }
            // A base64 run must not encode printable ASCII that stands for itself.
            guard !decoded.unicodeScalars.contains(where: { $0.value >= 0x20 && $0.value <= 0x7E }) else { return nil }
            result += decoded
            index = end + 1
        }
        return result
    }
}

private extension UTF16 {
    /// Decodes UTF-16 code units into scalars, nil for each unpaired surrogate.
    static func decode(_ units: [UInt16]) -> [Unicode.Scalar?] {
        var scalars: [Unicode.Scalar?] = []
        var iterator = units.makeIterator()
        var decoder = UTF16()
        loop: while true {
            switch decoder.decode(&iterator) {
            case let .scalarValue(scalar): scalars.append(scalar)
            case .emptyInput: break loop
            case .error: scalars.append(nil)
            }
        }
        return scalars
    }
}
