import Foundation
import Testing
@testable import MailMessage

/// stalwart-mail-parser's header vectors: raw field values with the expected parse.
/// Facts compared: addresses and names, groups, media types and parameters, date
/// fields, message ids, unstructured text.
@Suite struct HeaderVectorOracleTests {
    /// The 432 vectors are one oracle source; the per-file rates are printed too.
    @Test func headerVectors() {
        let tallies = [addressVectors(), contentTypeVectors(), dateVectors(), messageIDVectors(), unstructuredVectors(), listVectors(), receivedDateVectors()]
        guard tallies.allSatisfy({ $0 != nil }) else { return }
        var all = OracleTally(source: "stalwart header-vectors (all 7 files)")
        for tally in tallies.compactMap({ $0 }) {
            all.passed += tally.passed
            all.failures += tally.failures
        }
        print("ORACLE \(all.source): \(all.passed)/\(all.total) = \(String(format: "%.1f", all.rate * 100))%")
        #expect(all.total == 432, "expected 432 header vectors, found \(all.total)")
        #expect(all.rate >= 0.95, "header vector pass rate \(all.rate)")
    }

    /// The header text a real parser would see: it ends at a line break not followed by
    /// whitespace (what follows would be the next field or the body).
    static func fieldValue(_ raw: String) -> String {
        HeaderField(name: "X", rawValue: fieldBytes(raw)).value
    }

    static func fieldBytes(_ raw: String) -> [UInt8] {
        let bytes = Array(raw.utf8)
        var end = bytes.count
        var index = 0
        while index < bytes.count {
            if bytes[index] == ASCII.lf {
                let next = index + 1
                if next >= bytes.count || !(bytes[next] == ASCII.space || bytes[next] == ASCII.tab) {
                    end = index
                    break
                }
            }
            index += 1
        }
        return Array(bytes[0..<end])
    }

    static func loadVectors(_ name: String) -> [[String: Any]]? {
        guard let corpus = CorpusLocator.requireCorpus() else { return nil }
        let url = corpus.appendingPathComponent("stalwart-mail-parser/header-vectors/\(name).json")
        guard let data = try? Data(contentsOf: url), let array = try? JSONSerialization.jsonObject(with: data) as? [[String: Any]] else {
            Issue.record("Cannot read \(url.path)")
            return nil
        }
        return array
    }

    func addressVectors() -> OracleTally? {
        guard let vectors = Self.loadVectors("address") else { return nil }
        var tally = OracleTally(source: "stalwart header-vectors/address")
        for (number, vector) in vectors.enumerated() {
            let raw = vector["header"] as? String ?? ""
            let list = AddressParser.parseList(Self.fieldValue(raw))
            tally.record("address #\(number + 1) \(raw.debugDescription.prefix(60))", Self.compareAddresses(list, vector["expected"]))
        }
        tally.report()
        return tally
    }

    static func compareAddresses(_ list: AddressList, _ expected: Any?) -> String? {
        func describe(_ address: Address) -> String { "\(address.name ?? "nil")|\(address.mailbox)" }
        func expectedAddress(_ item: [String: Any]) -> String {
            "\((item["name"] as? String) ?? "nil")|\((item["address"] as? String) ?? "")"
        }
        guard let expected = expected as? [String: Any] else {
            return list.isEmpty ? nil : "expected nothing, got \(list.addresses.map(describe))"
        }
        if let items = expected["List"] as? [[String: Any]] {
            let want = items.map(expectedAddress)
            let got = list.addresses.map(describe)
            return want == got ? nil : "want \(want) got \(got)"
        }
        if let groups = expected["Group"] as? [[String: Any]] {
            var want: [String] = []
            for group in groups {
                let members = (group["addresses"] as? [[String: Any]] ?? []).map(expectedAddress)
                want.append("\((group["name"] as? String) ?? "nil"):\(members)")
            }
            var got: [String] = []
            var loose: [String] = []
            for item in list.items {
                switch item {
                case .mailbox(let address): loose.append(describe(address))
                case .group(let name, let members):
                    if !loose.isEmpty { got.append("nil:\(loose)"); loose = [] }
                    got.append("\(name):\(members.map(describe))")
                }
            }
            if !loose.isEmpty { got.append("nil:\(loose)") }
            return want == got ? nil : "want \(want) got \(got)"
        }
        return "unknown expectation"
    }

    func contentTypeVectors() -> OracleTally? {
        guard let vectors = Self.loadVectors("content_type") else { return nil }
        var tally = OracleTally(source: "stalwart header-vectors/content_type")
        for (number, vector) in vectors.enumerated() {
            let raw = vector["header"] as? String ?? ""
            let parsed = MediaType(headerValue: Self.fieldValue(raw))
            var reason: String?
            if let expected = vector["expected"] as? [String: Any] {
                if let parsed {
                    let wantType = (expected["c_type"] as? String ?? "").lowercased()
                    let wantSubtype = (expected["c_subtype"] as? String ?? "").lowercased()
                    let wantParameters = (expected["attributes"] as? [[String]] ?? [])
                        .filter { !$0[0].hasSuffix("-language") }
                        .map { "\($0[0].lowercased())=\($0[1])" }.sorted()
                    // Parameters are a set (RFC 2045 section 5.1: order is not significant).
                    let gotParameters = parsed.parameters.map { "\($0.name)=\($0.value)" }.sorted()
                    if parsed.type != wantType || parsed.subtype != wantSubtype || wantParameters != gotParameters {
                        reason = "want \(wantType)/\(wantSubtype) \(wantParameters) got \(parsed.type)/\(parsed.subtype) \(gotParameters)"
                    }
                } else {
                    reason = "parsed as nothing, expected \(expected)"
                }
            } else if let parsed {
                reason = "expected no value, got \(parsed.mimeType)"
            }
            tally.record("content_type #\(number + 1) \(raw.debugDescription.prefix(60))", reason)
        }
        tally.report()
        return tally
    }

    func dateVectors() -> OracleTally? {
        guard let vectors = Self.loadVectors("date") else { return nil }
        var tally = OracleTally(source: "stalwart header-vectors/date")
        for (number, vector) in vectors.enumerated() {
            let raw = vector["header"] as? String ?? ""
            let parsed = DateParser.parse(Self.fieldValue(raw))
            var reason: String?
            if let expected = vector["expected"] as? [String: Any] {
                if let parsed {
                    let sign = (expected["tz_before_gmt"] as? Bool ?? false) ? -1 : 1
                    let zone = sign * ((expected["tz_hour"] as? Int ?? 0) * 3_600 + (expected["tz_minute"] as? Int ?? 0) * 60)
                    let want = [expected["year"], expected["month"], expected["day"], expected["hour"], expected["minute"], expected["second"]].map { $0 as? Int ?? -1 } + [zone]
                    let got = [parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second, parsed.zoneOffsetSeconds]
                    if want != got { reason = "want \(want) got \(got)" }
                } else {
                    reason = "not parsed"
                }
            } else if let parsed {
                reason = "expected invalid, got \(parsed)"
            }
            tally.record("date #\(number + 1) \(raw.debugDescription.prefix(60))", reason)
        }
        tally.report()
        return tally
    }

    func messageIDVectors() -> OracleTally? {
        guard let vectors = Self.loadVectors("id") else { return nil }
        var tally = OracleTally(source: "stalwart header-vectors/id")
        for (number, vector) in vectors.enumerated() {
            let raw = vector["header"] as? String ?? ""
            let parsed = MessageIDParser.parse(Self.fieldValue(raw))
            let want = vector["expected"] as? [String] ?? []
            tally.record("id #\(number + 1) \(raw.debugDescription.prefix(60))", parsed == want ? nil : "want \(want) got \(parsed)")
        }
        tally.report()
        return tally
    }

    func unstructuredVectors() -> OracleTally? {
        guard let vectors = Self.loadVectors("unstructured") else { return nil }
        var tally = OracleTally(source: "stalwart header-vectors/unstructured")
        for (number, vector) in vectors.enumerated() {
            let raw = vector["header"] as? String ?? ""
            let decoded = HeaderField(name: "Subject", rawValue: Self.fieldBytes(raw)).decodedValue
            let want = vector["expected"] as? String
            tally.record("unstructured #\(number + 1) \(raw.debugDescription.prefix(60))", decoded == (want ?? "") ? nil : "want \(want.debugDescription) got \(decoded.debugDescription)")
        }
        tally.report()
        return tally
    }

    func listVectors() -> OracleTally? {
        guard let vectors = Self.loadVectors("list") else { return nil }
        var tally = OracleTally(source: "stalwart header-vectors/list")
        for (number, vector) in vectors.enumerated() {
            let raw = vector["header"] as? String ?? ""
            // Comma-separated text lists (Keywords, RFC 5322 section 3.6.5).
            let value = HeaderField(name: "Keywords", rawValue: Self.fieldBytes(raw)).decodedValue
            let parsed = value.split(separator: ",").map { String($0).trimmingMailWhitespace.collapsingWhitespace }.filter { !$0.isEmpty }
            let want = vector["expected"] as? [String] ?? []
            tally.record("list #\(number + 1) \(raw.debugDescription.prefix(60))", parsed == want ? nil : "want \(want) got \(parsed)")
        }
        tally.report()
        return tally
    }

    /// Merle does not model Received fields (from/by/with/TLS); the fact it uses is the
    /// date after the last ";", so that is what is compared.
    func receivedDateVectors() -> OracleTally? {
        guard let vectors = Self.loadVectors("received") else { return nil }
        var tally = OracleTally(source: "stalwart header-vectors/received (date only)")
        for (number, vector) in vectors.enumerated() {
            let raw = vector["header"] as? String ?? ""
            let parsed = DateParser.parse(Self.fieldValue(raw))
            let expected = (vector["expected"] as? [String: Any])?["date"] as? [String: Any]
            var reason: String?
            if let expected {
                if let parsed {
                    let sign = (expected["tz_before_gmt"] as? Bool ?? false) ? -1 : 1
                    let zone = sign * ((expected["tz_hour"] as? Int ?? 0) * 3_600 + (expected["tz_minute"] as? Int ?? 0) * 60)
                    let want = [expected["year"], expected["month"], expected["day"], expected["hour"], expected["minute"], expected["second"]].map { $0 as? Int ?? -1 } + [zone]
                    let got = [parsed.year, parsed.month, parsed.day, parsed.hour, parsed.minute, parsed.second, parsed.zoneOffsetSeconds]
                    if want != got { reason = "want \(want) got \(got)" }
                } else {
                    reason = "date not parsed"
                }
            } else if let parsed {
                reason = "expected no date, got \(parsed)"
            }
            tally.record("received #\(number + 1) \(raw.debugDescription.prefix(60))", reason)
        }
        tally.report()
        return tally
    }
}
