extension String {
    /// CR LF as LF (a lone CR stays), without Foundation's detour through UTF-16: a long
    /// body would be held twice more. Text without CR comes back as it is.
    var withUnixLineBreaks: String {
        guard utf8.contains(ASCII.cr) else { return self }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(utf8.count)
        var pendingCR = false
        for byte in utf8 {
            if pendingCR, byte != ASCII.lf { bytes.append(ASCII.cr) }
            pendingCR = byte == ASCII.cr
            if !pendingCR { bytes.append(byte) }
        }
        if pendingCR { bytes.append(ASCII.cr) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
