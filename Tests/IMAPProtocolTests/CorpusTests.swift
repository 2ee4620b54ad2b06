import Foundation
import Testing
@testable import IMAPProtocol

/// Real server output: every MailKit response file must parse completely.
@Suite struct MailKitCorpusTests {
    /// MailKit stores its captures with bare LF line ends and converts them to CRLF
    /// when it replays them (its literal counts assume CRLF), so the test does too.
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 20)
        for byte in bytes {
            if byte == 0x0A { result.append(0x0D) }
            result.append(byte)
        }
        return result
    }

    @Test func everyResponseFileParses() throws {
        let folder = try Corpus.directory("imap/mailkit-responses")
        let files = Corpus.files(in: folder).filter { $0.hasSuffix(".txt") }
        #expect(files.count == 222, "expected the 222 MailKit response files, found \(files.count)")
        var failures: [String] = []
        var responses = 0
        for file in files {
            let bytes = try Array(Data(contentsOf: folder.appendingPathComponent(file)))
            do {
                responses += try ResponseParser().parseAll(Self.crlf(bytes)).count
            } catch {
                failures.append("\(file): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) of \(files.count) files failed:\n\(failures.joined(separator: "\n"))")
        print("MailKit corpus: \(files.count - failures.count)/\(files.count) files, \(responses) responses parsed")
    }
}
