import Foundation
import Testing
@testable import IMAPProtocol

/// Mutated real responses: the framer and parser return a value or an
/// `IMAPProtocolError`, never crash, whatever the bytes.
@Suite struct ParserFuzzTests {
    /// SplitMix64: deterministic, so a failure reproduces.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let interesting: [[UInt8]] = ["(", ")", "{", "}", "{5}\r\n", "~{3}\r\n", "\"", "\\", "[", "]", "NIL", " ", "\r\n", "\n",
                                         "*", ":", ",", "0", "4294967296", "99999999999999999999", "\0", "\u{FF}"].map { Array($0.utf8) }

    @Test func mutatedCorpusNeverCrashes() throws {
        let folder = try Corpus.directory("imap/mailkit-responses")
        var seeds: [[UInt8]] = []
        for file in Corpus.files(in: folder) where file.hasSuffix(".txt") {
            var framer = ResponseFramer()
            framer.append(MailKitCorpusTests.crlf(try Array(Data(contentsOf: folder.appendingPathComponent(file)))))
            while let frame = try framer.nextFrame() { seeds.append(frame) }
        }
        #expect(seeds.count > 500)
        var generator = SeededGenerator(state: 20261126)
        var parsed = 0, refused = 0
        let limits = ParserLimits(maximumLiteralSize: 1 << 16, maximumLineLength: 1 << 16, maximumNestingDepth: 20)
        for round in 0..<20_000 {
            var bytes = seeds[Int.random(in: 0..<seeds.count, using: &generator)]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                guard !bytes.isEmpty else { break }
                let position = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<4, using: &generator) {
                case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.insert(contentsOf: Self.interesting.randomElement(using: &generator)!, at: position)
                case 2: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...8, using: &generator)))
                default: bytes = Array(bytes[..<position])
                }
            }
            do {
                let responses = try ResponseParser(limits: limits).parseAll(bytes)
                parsed += responses.count
            } catch is IMAPProtocolError {
                refused += 1
            } catch {
                Issue.record("round \(round): unexpected error \(error)")
            }
        }
        #expect(parsed + refused > 0)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SeededGenerator(state: 42)
        for _ in 0..<5_000 {
            let count = Int.random(in: 0..<200, using: &generator)
            var bytes = (0..<count).map { _ in Self.interesting.randomElement(using: &generator)! }.flatMap { $0 }
            bytes.append(contentsOf: [13, 10])
            _ = try? ResponseParser(limits: ParserLimits(maximumLiteralSize: 1024, maximumNestingDepth: 20)).parseAll(bytes)
            _ = try? SequenceSet(parsing: String(decoding: bytes, as: UTF8.self))
            _ = ModifiedUTF7.decode(bytes)
        }
    }
}
