import Foundation
import TestSupport
import Testing
import Transport

/// Short limits so that a stalled or silent connection fails in two seconds: the
/// engine's standard minute would make each stall a minute long.
let faultTimeouts = Timeouts(connect: 2, io: 2)

/// One run of an operation through a `FaultProxy`, one attempt per scripted fault and
/// then clean attempts until it succeeds.
struct FaultRun {
    /// One attempt: the fault its connection was given, whether the fault took effect,
    /// the error it ended with (nil when it succeeded) and what the store held after it.
    struct Attempt {
        var fault: Fault
        var injected: Bool
        var error: String?
        var stored: Int
    }

    var attempts: [Attempt] = []

    /// Whether the last attempt succeeded.
    var converged: Bool { attempts.last.map { $0.error == nil } ?? false }
    var failures: [Attempt] { attempts.filter { $0.error != nil } }
    var faultsInjected: Int { attempts.filter(\.injected).count }

    /// Runs `operation` once per fault (each attempt's first connection gets it), then
    /// without faults until it succeeds, `cleanAttempts` times at most; `stored` counts
    /// what the store holds after each attempt. A fault no connection took is
    /// dropped after its attempt and counts as not reached.
    static func run(_ proxy: FaultProxy, faults: [Fault], cleanAttempts: Int = 3, stored: () throws -> Int = { 0 },
                    _ operation: () throws -> Void) -> FaultRun {
        var run = FaultRun()
        for fault in faults + Array(repeating: Fault.pass, count: cleanAttempts) {
            let before = proxy.faultsInjected
            proxy.enqueue(fault)
            var failure: String?
            do {
                try operation()
            } catch {
                failure = "\(error)"
            }
            proxy.discardQueued()
            let count = (try? stored()) ?? -1
            run.attempts.append(Attempt(fault: fault, injected: proxy.faultsInjected > before, error: failure, stored: count))
            if fault == .pass, failure == nil { break }
        }
        return run
    }

    /// The checks every fault scenario shares: it converged; an attempt failed exactly
    /// when a fault that breaks the connection took effect (a short delay must be
    /// survived); every failure says in words what failed.
    func expectSound(_ scenario: String, minimumInjected: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(converged, "\(scenario) did not converge: \(summary)", sourceLocation: sourceLocation)
        #expect(faultsInjected >= minimumInjected, "\(scenario): only \(faultsInjected) faults took effect: \(summary)",
                sourceLocation: sourceLocation)
        for attempt in attempts {
            let breaks: Bool
            if case .delay = attempt.fault { breaks = false } else { breaks = attempt.injected }
            #expect((attempt.error != nil) == breaks, "\(scenario), \(attempt.fault): \(attempt.error ?? "succeeded")",
                    sourceLocation: sourceLocation)
            if let error = attempt.error {
                #expect(Self.saysWhatFailed(error), "\(scenario), \(attempt.fault): unclear error \"\(error)\"",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// What a broken attempt committed is kept and the next attempt goes on from there:
    /// the store's count never falls from one attempt to the next, and some failed
    /// attempt ended part way between `start` and `end`.
    func expectProgressKept(from start: Int, to end: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let stored = attempts.map(\.stored)
        #expect(stored == stored.sorted(), "nothing stored is lost by a later fault: \(stored)", sourceLocation: sourceLocation)
        #expect(failures.contains { $0.stored > start && $0.stored < end }, "no attempt stopped part way: \(stored)",
                sourceLocation: sourceLocation)
        #expect(stored.last == end, "\(stored)", sourceLocation: sourceLocation)
    }

    /// An error a user can act on names the server or the connection and what went
    /// wrong with it, in a sentence; not an empty, bare or Foundation-generic text.
    static func saysWhatFailed(_ text: String) -> Bool {
        let lower = text.lowercased()
        let generic = ["operation could not be completed", "operation couldn’t be completed", "error domain=", "(null)"]
        let subject = ["127.0.0.1", "server", "connection", "tls"]
        return text.count >= 25 && !generic.contains { lower.contains($0) } && subject.contains { lower.contains($0) }
    }

    /// One line per attempt, for failure messages and the hardening notes.
    var summary: String {
        attempts.enumerated().map { index, attempt in
            "#\(index + 1) \(attempt.fault)\(attempt.injected ? "" : " (not reached)"), \(attempt.stored) stored: \(attempt.error ?? "ok")"
        }.joined(separator: "\n")
    }
}

extension FaultProxy {
    /// Bytes the connections from `first` on carried toward the client.
    func bytesToClient(fromConnection first: Int) -> Int {
        (first..<connections).map { transcript(ofConnection: $0).last { $0.direction == .toClient }?.end ?? 0 }.reduce(0, +)
    }

    /// Bytes the connections from `first` on carried toward the server.
    func bytesToServer(fromConnection first: Int) -> Int {
        (first..<connections).map { transcript(ofConnection: $0).last { $0.direction == .toServer }?.end ?? 0 }.reduce(0, +)
    }
}
