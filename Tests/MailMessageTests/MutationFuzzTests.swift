import Foundation
import Testing
@testable import MailMessage

/// Deterministic mutations of corpus messages (byte flips, truncation, duplicated and
/// deleted runs, injected boundaries and escapes) must parse and render without a crash,
/// quickly, with terminal-safe output.
@Suite struct MutationFuzzTests {
    /// SplitMix64: a small seeded generator so every run mutates the same way.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }

    static let injections: [[UInt8]] = [
        Array("\r\n--".utf8), Array("\r\n\r\n".utf8), Array("=?utf-8?B?".utf8), Array("\u{1B}]52;c;".utf8), [0x1B, 0x5B],
        Array("Content-Type: multipart/mixed; boundary=\"\"\r\n".utf8), Array("Content-Transfer-Encoding: base64\r\n".utf8),
        [0xFF, 0xFE, 0x00, 0xC3], Array("charset*0*=utf-8''%FF%".utf8), Array("<a href=".utf8),
    ]

    @Test func mutatedCorpusMessagesNeverCrash() {
        let files = CorpusSmokeTests.messageFiles().filter { !$0.lastPathComponent.hasSuffix(".mbox") }
        guard !files.isEmpty else { return }
        var generator = SeededGenerator(state: 20_261_126)
        for round in 0..<400 {
            var bytes = CorpusLocator.bytes(files[Int(generator.next() % UInt64(files.count))])
            if bytes.count > 200_000 { bytes = Array(bytes.prefix(200_000)) }
            for _ in 0..<(1 + Int(generator.next() % 6)) where !bytes.isEmpty {
                let position = Int(generator.next() % UInt64(bytes.count))
                switch generator.next() % 5 {
                case 0: bytes[position] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                case 1: bytes = Array(bytes[..<position])
                case 2: bytes.insert(contentsOf: Self.injections[Int(generator.next() % UInt64(Self.injections.count))], at: position)
                case 3:
                    let end = min(bytes.count, position + Int(generator.next() % 400))
                    bytes.removeSubrange(position..<end)
                default:
                    let end = min(bytes.count, position + Int(generator.next() % 200))
                    bytes.insert(contentsOf: bytes[position..<end], at: position)
                }
            }
            let start = Date()
            let parsed = MIMEMessage(bytes: bytes)
            for part in parsed.body.allParts { _ = part.decodedBody() }
            let rendered = MessageRenderer().render(parsed)
            #expect(Date().timeIntervalSince(start) < 10, "round \(round)")
            #expect(DisplaySanitizer.isSafe(rendered.fullText), "round \(round)")
        }
    }
}
