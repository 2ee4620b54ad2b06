extension ParseBuffer {
    // sequence-set = (seq-number / seq-range) ["," sequence-set]
    // seq-range = seq-number ":" seq-number
    // seq-number = nz-number / "*"
    // A trailing comma, an empty element or a zero is an error (CVE-2021-32055).
    mutating func parseSequenceSet() throws -> SequenceSet {
        var ranges: [SequenceRange] = []
        repeat {
            let first = try sequenceNumber()
            if skip(UInt8(ascii: ":")) {
                ranges.append(SequenceRange(first, try sequenceNumber()))
            } else {
                ranges.append(SequenceRange(first))
            }
        } while skip(UInt8(ascii: ","))
        return SequenceSet(ranges)
    }

    private mutating func sequenceNumber() throws -> UInt32 {
        if skip(UInt8(ascii: "*")) { return SequenceRange.star }
        guard let byte = peek(), (0x30...0x39).contains(byte) else { throw error(expected: "a sequence number or *") }
        return try nzNumber()
    }
}
