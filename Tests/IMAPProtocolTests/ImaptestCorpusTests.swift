import Foundation
import Testing
@testable import IMAPProtocol

/// The imaptest scripts' expected responses: the ones without variables are literal
/// server output and must all parse; the FETCH ENVELOPE and BODYSTRUCTURE ones must
/// parse to the values they show.
@Suite struct ImaptestCorpusTests {
    @Test func expectedResponsesWithoutVariablesParse() throws {
        let expectations = try ImaptestExpectation.load()
        #expect(expectations.count > 400)
        let plain = expectations.filter { !$0.hasVariables }
        var failures: [String] = []
        for expectation in plain {
            do {
                _ = try ResponseParser().parse(expectation.bytes)
            } catch {
                failures.append("\(expectation.file):\(expectation.line): \(expectation.text)\n    \(error)")
            }
        }
        // Patterns with variables are not server output; report how many still parse.
        let patterns = expectations.filter(\.hasVariables)
        let patternsParsed = patterns.filter { (try? ResponseParser().parse($0.substituted())) != nil }.count
        print("imaptest: \(plain.count - failures.count)/\(plain.count) literal responses parsed; \(patternsParsed)/\(patterns.count) variable patterns parse after substitution")
        #expect(failures.isEmpty, "\(failures.count) of \(plain.count) failed:\n\(failures.joined(separator: "\n"))")
    }
}
