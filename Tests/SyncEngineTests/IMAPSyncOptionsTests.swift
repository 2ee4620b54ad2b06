import Foundation
import MerleConfig
import Testing
@testable import SyncEngine

/// The body policy's config spelling and the reconnect backoff.
@Suite struct IMAPSyncOptionsTests {
    @Test(arguments: [("all", BodyPolicy.all), ("on-demand", .onDemand), ("recent:30", .recent(days: 30)), (" Recent:0 ", .recent(days: 0))])
    func bodyPolicyReadsItsSpelling(text: String, policy: BodyPolicy) {
        #expect(BodyPolicy(text) == policy)
        #expect(BodyPolicy(policy.description) == policy)
    }

    @Test(arguments: ["", "some", "recent:", "recent:-1", "recent:x", "ondemand"])
    func bodyPolicyRefusesOtherText(text: String) {
        #expect(BodyPolicy(text) == nil)
    }

    @Test func recentPolicyCutsOffByDays() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(BodyPolicy.all.cutoff(now: now) == .some(nil))
        #expect(BodyPolicy.onDemand.cutoff(now: now) == .none)
        #expect(BodyPolicy.recent(days: 2).cutoff(now: now) == .some(now.addingTimeInterval(-2 * 86_400)))
    }

    @Test func reconnectBackoffDoublesUpToFiveMinutes() {
        #expect((1...10).map { IMAPMirror.reconnectDelay(failures: $0) } == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300])
    }
}
