import Foundation

/// uuencoded files (POSIX `uuencode`: `begin MODE NAME`, lines of 4-for-3 characters whose
/// first character gives the line's byte count, `end`): the `x-uuencode` transfer
/// encoding, and the blocks pre-MIME mailers pasted into plain text.
enum UUEncode {
    /// A uuencoded file inside text: where its lines are and what it holds.
    struct Block: Sendable, Hashable {
        /// The name on the `begin` line (raw bytes; the text's charset reads them).
        var name: [UInt8]
        /// The byte range from the `begin` line through the `end` line and its line break.
        var range: Range<Int>
        /// The decoded size, counted from the lines without decoding them.
        var size: Int
    }

    /// At most this many blocks are taken from one text part.
    static let maxBlocks = 1_000

    /// Every complete block (`begin` line, data lines, `end` line) in `text`. Text that
    /// only looks like the start of one is left alone.
    static func blocks(in text: [UInt8]) -> [Block] {
        guard mayContainBlock(text[...]) else { return [] }
        var blocks: [Block] = []
        var start = 0
        var open: (name: [UInt8], start: Int, size: Int)?
        while start < text.count, blocks.count < maxBlocks {
            var end = start
            while end < text.count, text[end] != ASCII.lf { end += 1 }
            let next = min(end + 1, text.count)
            var line = text[start..<end]
            if line.last == ASCII.cr { line = line.dropLast() }
            if let current = open {
                if isEndLine(line) {
                    blocks.append(Block(name: current.name, range: current.start..<next, size: current.size))
                    open = nil
                } else if isDataLine(line) {
                    open?.size += lineByteCount(line)
                } else {
                    open = nil
                }
            }
            if open == nil, let name = beginName(line) { open = (name, start, 0) }
            start = next
        }
        return blocks
    }

    /// A cheap look for "begin " at the start of a line before scanning properly: only
    /// the bytes after each line break are looked at (memchr finds them).
    static func mayContainBlock(_ text: ArraySlice<UInt8>) -> Bool {
        text.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return false }
            let count = buffer.count
            func beginsAt(_ offset: Int) -> Bool {
                offset + 6 <= count && base[offset] == UInt8(ascii: "b") && base[offset + 1] == UInt8(ascii: "e")
                    && base[offset + 2] == UInt8(ascii: "g") && base[offset + 3] == UInt8(ascii: "i")
                    && base[offset + 4] == UInt8(ascii: "n") && base[offset + 5] == ASCII.space
            }
            if beginsAt(0) { return true }
            var offset = 0
            while offset < count, let found = memchr(base + offset, Int32(ASCII.lf), count - offset) {
                let next = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) + 1
                if beginsAt(next) { return true }
                offset = next
            }
            return false
        }
    }

    /// `begin 644 name`: the mode is three or four octal digits.
    static func beginName(_ line: ArraySlice<UInt8>) -> [UInt8]? {
        guard line.starts(with: Array("begin ".utf8)) else { return nil }
        var index = line.startIndex + 6
        let modeStart = index
        while index < line.endIndex, line[index] >= UInt8(ascii: "0"), line[index] <= UInt8(ascii: "7") { index += 1 }
        guard (3...4).contains(index - modeStart), index < line.endIndex, line[index] == ASCII.space else { return nil }
        let name = Array(line[(index + 1)...])
        return name.isEmpty ? nil : name
    }

    private static func isEndLine(_ line: ArraySlice<UInt8>) -> Bool {
        var trimmed = line
        while let last = trimmed.last, last == ASCII.space || last == ASCII.tab { trimmed = trimmed.dropLast() }
        return trimmed.elementsEqual("end".utf8)
    }

    /// A data line: characters between space and backquote, at least as many as its
    /// count asks for (trailing spaces are often stripped in transit, so fewer is allowed).
    private static func isDataLine(_ line: ArraySlice<UInt8>) -> Bool {
        guard let first = line.first, first >= 32, first <= 96 else { return false }
        return line.allSatisfy { $0 >= 32 && $0 <= 96 }
    }

    /// The number of bytes a data line holds.
    static func lineByteCount(_ line: ArraySlice<UInt8>) -> Int {
        guard let first = line.first else { return 0 }
        return Int((first &- 32) & 63)
    }

    /// Decodes one data line, appending its bytes.
    private static func decodeLine(_ line: ArraySlice<UInt8>, into output: inout [UInt8]) {
        let count = lineByteCount(line)
        guard count > 0 else { return }
        func value(_ offset: Int) -> UInt32 {
            let index = line.startIndex + offset
            return index < line.endIndex ? UInt32((line[index] &- 32) & 63) : 0
        }
        var produced = 0
        var group = 1
        while produced < count {
            let bits = value(group) << 18 | value(group + 1) << 12 | value(group + 2) << 6 | value(group + 3)
            for shift in [16, 8, 0] where produced < count {
                output.append(UInt8((bits >> UInt32(shift)) & 0xFF))
                produced += 1
            }
            group += 4
        }
    }

    /// Decodes an `x-uuencode` body: from its `begin` line (or from the first line when it
    /// has none) up to `end`. Lines that are not data are skipped.
    static func decode<C: Collection>(_ body: C) -> [UInt8] where C.Element == UInt8 {
        var counter = Decoder(collectBytes: true)
        counter.add(Array(body)[...])
        counter.finish()
        return counter.output
    }

    /// Decodes or counts a body fed in pieces that end at line breaks.
    struct Decoder {
        let collectBytes: Bool
        private(set) var output: [UInt8] = []
        private(set) var length = 0
        private var sawBegin = false
        private var sawAnyLine = false
        private var ended = false
        private var carry: [UInt8] = []

        init(collectBytes: Bool) {
            self.collectBytes = collectBytes
        }

        mutating func add(_ piece: ArraySlice<UInt8>) {
            var start = piece.startIndex
            while start < piece.endIndex {
                guard let lf = piece[start...].firstIndex(of: ASCII.lf) else {
                    carry.append(contentsOf: piece[start...])
                    return
                }
                if carry.isEmpty {
                    line(piece[start..<lf])
                } else {
                    carry.append(contentsOf: piece[start..<lf])
                    let whole = carry
                    carry = []
                    line(whole[...])
                }
                start = lf + 1
            }
        }

        mutating func finish() {
            if !carry.isEmpty {
                let whole = carry
                carry = []
                line(whole[...])
            }
        }

        private mutating func line(_ raw: ArraySlice<UInt8>) {
            guard !ended else { return }
            var line = raw
            if line.last == ASCII.cr { line = line.dropLast() }
            defer { sawAnyLine = true }
            if UUEncode.beginName(line) != nil { sawBegin = true; length = 0; output = []; return }
            if UUEncode.isEndLine(line) { ended = true; return }
            guard UUEncode.isDataLine(line), sawBegin || !line.isEmpty else { return }
            length += UUEncode.lineByteCount(line)
            if collectBytes { UUEncode.decodeLine(line, into: &output) }
        }
    }
}
