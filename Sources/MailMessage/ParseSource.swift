import Foundation

/// What the MIME tree parser reads from: a message in memory, or a message file seen
/// through a sliding window. The parser walks forward line by line, so the window only
/// ever needs the current line and a few bytes before it.
protocol ParseSource {
    /// The byte at `index` (`0..<count` of the whole message).
    func byte(_ index: Int) -> UInt8
    /// The index of the next LF in `from..<end`, or `end`.
    func lineEnd(from: Int, end: Int) -> Int
    /// The bytes of `range` in memory (short ranges: a header block, a decoded part).
    /// The slice may be indexed from 0 rather than from `range.lowerBound`.
    func slice(_ range: Range<Int>) -> ArraySlice<UInt8>
    /// A body's bytes as a part keeps them: shared with the message in memory, or a
    /// range of the file read when asked.
    func part(_ range: Range<Int>) -> PartBytes
}

extension Array: ParseSource where Element == UInt8 {
    func byte(_ index: Int) -> UInt8 { self[index] }

    func lineEnd(from: Int, end: Int) -> Int {
        guard from < end else { return end }
        return withUnsafeBufferPointer { buffer in
            guard let found = memchr(buffer.baseAddress! + from, Int32(ASCII.lf), end - from) else { return end }
            return buffer.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
        }
    }

    func slice(_ range: Range<Int>) -> ArraySlice<UInt8> { self[range] }

    func part(_ range: Range<Int>) -> PartBytes { .memory(self[range]) }
}

/// A `MessageFile` read through a window of `windowSize` bytes that moves forward with
/// the parser. Used from one thread, for one parse.
final class FileWindow: ParseSource {
    let file: MessageFile
    private let windowSize: Int
    private var window: [UInt8] = []
    private var windowStart = 0

    init(_ file: MessageFile, windowSize: Int = 1 << 20) {
        self.file = file
        self.windowSize = windowSize
    }

    /// Loads the window so that it holds `index`, keeping a little before it for the
    /// parser's look back at the line break ending the previous line.
    private func load(around index: Int) {
        windowStart = max(0, index - min(256, windowSize / 4))
        window = file.read(windowStart..<min(file.count, windowStart + windowSize))
    }

    func byte(_ index: Int) -> UInt8 {
        if index < windowStart || index >= windowStart + window.count { load(around: index) }
        return window[index - windowStart]
    }

    func lineEnd(from: Int, end: Int) -> Int {
        var position = from
        while position < end {
            if position < windowStart || position >= windowStart + window.count { load(around: position) }
            let stop = min(end, windowStart + window.count)
            let found = window.withUnsafeBufferPointer { buffer -> Int? in
                let base = buffer.baseAddress! + (position - windowStart)
                guard let hit = memchr(base, Int32(ASCII.lf), stop - position) else { return nil }
                return position + base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            }
            if let found { return found }
            position = stop
        }
        return end
    }

    func slice(_ range: Range<Int>) -> ArraySlice<UInt8> {
        if range.lowerBound >= windowStart, range.upperBound <= windowStart + window.count {
            return window[(range.lowerBound - windowStart)..<(range.upperBound - windowStart)]
        }
        return file.read(range)[...]
    }

    func part(_ range: Range<Int>) -> PartBytes { .file(file, range) }
}
