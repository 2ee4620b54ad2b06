import Foundation
import Testing

/// `merle flag` on the demo store: offline, journaled, validated.
@Suite struct FlagCommandTests {
    @Test func flagsChangeAtOnceAndBadFlagsAreRefused() throws {
        let folder = try TemporaryFolder()
        _ = try MerleProcess.run(["demo", "--data-dir", folder.path, "--messages", "30"])
        let store = folder.path + "/demo"
        let list = try MerleProcess.run(["list", "INBOX", "--data-dir", store, "--limit", "1", "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(list.output.split(separator: "\n")[0].utf8)) as? [String: Any])
        let id = try #require(object["id"] as? Int)

        let flag = try MerleProcess.run(["flag", String(id), "+$Label1", "+\\Flagged", "--data-dir", store])
        #expect(flag.status == 0, "\(flag.stderr)")
        #expect(flag.output.contains("Changed 1 message"))
        let after = try MerleProcess.run(["list", "INBOX", "--data-dir", store, "--limit", "1", "--json"])
        #expect(after.output.contains("$Label1"))
        #expect(after.output.contains("\\\\Flagged"))

        // `-FLAG` is an item, not an unknown option.
        let removed = try MerleProcess.run(["flag", String(id), "-$Label1", "--data-dir", store])
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(!(try MerleProcess.run(["list", "INBOX", "--data-dir", store, "--limit", "1", "--json"])).output.contains("$Label1"))

        for bad in ["+bad flag", "+(x)", "+"] {
            let result = try MerleProcess.run(["flag", String(id), bad, "--data-dir", store])
            #expect(result.status != 0, "\(bad) was accepted")
        }
        let missing = try MerleProcess.run(["flag", "999999", "+\\Seen", "--data-dir", store])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("message 999999 not found"))
    }
}
