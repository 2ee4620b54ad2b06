extension ResponseParser {
    // mailbox-data =/ "SEARCH" *(SP nz-number) [SP search-sort-mod-seq]
    // search-sort-mod-seq = "(" "MODSEQ" SP mod-sequence-value ")"
    func parseSearch(_ buffer: inout ParseBuffer) throws -> ([UInt32], UInt64?) {
        var numbers: [UInt32] = []
        var modSeq: UInt64?
        while buffer.peek() == 0x20 {
            buffer.skipSpaces()
            if buffer.atLineEnd { break }
            if buffer.skip(UInt8(ascii: "(")) {
                try buffer.expectKeyword("MODSEQ")
                try buffer.expectSpace()
                modSeq = try buffer.number()
                try buffer.expect(UInt8(ascii: ")"))
            } else {
                numbers.append(try buffer.nzNumber())
            }
        }
        return (numbers, modSeq)
    }

    // esearch-response = "ESEARCH" [search-correlator] [SP "UID"] *(SP search-return-data)
    // search-correlator = SP "(" "TAG" SP tag-string ")"
    // search-return-data = "MIN" SP nz-number / "MAX" SP nz-number / "ALL" SP sequence-set /
    //                      "COUNT" SP number / "MODSEQ" SP mod-sequence-value / search-ret-data-ext
    func parseESearch(_ buffer: inout ParseBuffer) throws -> ESearchResponse {
        var result = ESearchResponse()
        buffer.skipSpaces()
        if buffer.skip(UInt8(ascii: "(")) {
            buffer.skipSpaces()
            try buffer.expectKeyword("TAG")
            try buffer.expectSpace()
            result.correlator = String(decoding: try buffer.astring(), as: UTF8.self)
            buffer.skipSpaces()
            try buffer.expect(UInt8(ascii: ")"))
        }
        while !buffer.atLineEnd {
            buffer.skipSpaces()
            let name = try buffer.atom().uppercased()
            if name == "UID" {
                result.uid = true
                continue
            }
            try buffer.expectSpace()
            switch name {
            case "MIN": result.min = try buffer.nzNumber()
            case "MAX": result.max = try buffer.nzNumber()
            case "COUNT": result.count = try buffer.count()
            case "ALL": result.all = try buffer.parseSequenceSet()
            case "MODSEQ": result.modSeq = try buffer.number()
            default: result.other[name] = try parseGenericValue(&buffer)
            }
        }
        return result
    }
}
