import ArgumentParser
import Foundation
import MailStore
import MailUI

/// `merle tui-benchmark seed|run` (hidden): figures for Benchmarks/run-tui. Seeding and
/// measuring are separate runs so the peak RSS printed is the UI's alone.
struct TUIBenchmarkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui-benchmark",
        abstract: "Benchmark the full-screen reader on the in-memory screen (Benchmarks/run-tui).",
        shouldDisplay: false)

    @Argument(help: "seed or run") var step: String
    @Option(help: "The store folder.") var dataDir: String
    @Option(help: "Messages to seed in one folder.") var messages: Int = 10_000

    func run() throws {
        try runReportingFailure {
            let store = try MailStore(path: MailStore.defaultPath(dataDirectory: dataDir))
            switch step {
            case "seed": try seed(store)
            case "run":
                for figure in try TUIBenchmark.run(store: store, searchText: "subject:quarterly from:ada") {
                    if figure.milliseconds > 0 {
                        print("  " + figure.name.padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: "%9.2f ms", figure.milliseconds))
                    } else {
                        print("  " + figure.name)
                    }
                }
                var usage = rusage()
                getrusage(RUSAGE_SELF.rawValue, &usage)
                print("  " + "peak RSS".padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: "%9.1f MB", Double(usage.ru_maxrss) / 1024))
            default:
                throw ValidationError("step is seed or run")
            }
        }
    }

    /// Many small realistic messages in one INBOX, in one transaction: quick to make.
    /// Two of every three answer the one before, so the folder has threads of three.
    func seed(_ store: MailStore) throws {
        let account = try store.ensureAccount(name: "bench", kind: .local, email: "me@bench.test")
        let folder = try store.ensureFolder(accountId: account.id!, name: "INBOX")
        let names = [("Ada Lovelace", "ada@analytical.example"), ("Grace Hopper", "grace@navy.example"),
                     ("山田 太郎", "taro@example.jp"), ("Zoë Ñúñez", "zoe@example.es"), ("Ken Thompson", "ken@bell.example")]
        let subjects = ["Quarterly planning", "Build is red again", "会議の議事録", "Lunch on Friday?", "Invoice #%d",
                        "Re: Server migration window", "Trip photos 📷", "Release notes draft"]
        let start = Date(timeIntervalSince1970: 1_700_000_000)
        try store.database.write { db in
            for number in 0..<messages {
                let (name, address) = names[number % names.count]
                let subject = String(format: subjects[(number / 3) % subjects.count], number)
                let date = start.addingTimeInterval(Double(number) * 600)
                let body = "Hello,\r\n\r\nMessage number \(number) about \(subject.lowercased()).\r\n\r\n-- \r\n\(name)\r\n"
                let raw = "From: \(name) <\(address)>\r\nTo: me@bench.test\r\nSubject: \(subject)\r\n" +
                    "Date: \(date)\r\nMessage-ID: <\(number)@bench.test>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + body
                let parents = (max(number - number % 3, number - 2)..<number).map { "<\($0)@bench.test>" }
                var record = MessageRecord(folderId: folder.id!, uid: Int64(number + 1), flags: number % 7 == 0 ? [] : ["\\Seen"],
                                           internalDate: date, date: date, size: Int64(raw.utf8.count),
                                           headerMessageId: "<\(number)@bench.test>", inReplyTo: parents.last,
                                           referencesHeader: parents.isEmpty ? nil : parents.joined(separator: " "),
                                           subject: subject, fromName: name,
                                           fromAddress: address, toAddresses: "me@bench.test", bodyState: "full")
                try record.insert(db, raw: Data(raw.utf8), searchBody: body)
            }
        }
        print("seeded \(messages) messages")
    }
}
