import ArgumentParser
import Foundation
import MailMessage
import MailStore
import MerleConfig

/// Runs a command body; any error becomes one line on stderr, saying what failed and
/// what to do, and exit status 1 (the command-line contract).
func runReportingFailure(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as CleanExit {
        throw error
    } catch let error as MissingConfigError {
        // One line saying what failed and what to do; the sample follows it.
        FileHandle.standardError.write(Data("merle: \(TerminalText.oneLine(error.summary))\n\n\(error.sample)".utf8))
        throw ExitCode.failure
    } catch {
        let text = TerminalText.oneLine(StoreError.explain(error))
        FileHandle.standardError.write(Data("merle: \(text)\n".utf8))
        throw ExitCode.failure
    }
}

/// A warning on stderr: the command goes on (and exits 0) but the user should know.
func printWarning(_ text: String) {
    FileHandle.standardError.write(Data("merle: warning: \(TerminalText.oneLine(text))\n".utf8))
}

/// Output helpers for text that came from outside (servers, messages, files).
enum TerminalText {
    /// One line, with control characters, escape sequences and bidi overrides made
    /// harmless by the message model's sanitiser (the one place that knows them all).
    static func oneLine(_ text: String) -> String {
        DisplaySanitizer.sanitizeLine(text)
    }
}

/// Writes one JSON object per line (`--json`).
enum JSONLines {
    /// One encoder for every line (making one per line was most of listing thousands).
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    static func write<T: Encodable>(_ value: T) throws {
        // Printed, so through standard output's buffer: lines keep their order with other
        // printed text, and thousands of them are not a write call each.
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}
