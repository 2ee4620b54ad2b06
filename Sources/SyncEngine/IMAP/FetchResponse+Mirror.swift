import Foundation
import IMAPProtocol
import MailMessage
import MailStore

extension FetchResponse {
    /// Flags as the mirror stores them: the server's spelling, without the session
    /// flag `\Recent` (RFC 9051 §2.3.2), which no other session sees.
    var mirrorFlags: [String]? {
        flags?.filter { $0 != .recent }.map(\.rawValue)
    }

    /// INTERNALDATE as a point in time (RFC 9051 §2.3.3, `date-time`), computed without
    /// Foundation's calendar: it ran for every message of a sync, and brought ICU's
    /// calendar code and data into memory for it.
    var internalDateValue: Date? {
        for case let .internalDate(text) in attributes {
            // RFC 9051 writes the year in four digits; anything else (a hostile server's
            // Int.max) is no date rather than an overflow.
            guard let date = InternalDate(text), (1...9_999).contains(date.year) else { return nil }
            return MessageDate(year: date.year, month: date.month, day: date.day, hour: date.hour, minute: date.minute,
                               second: date.second, zoneOffsetSeconds: date.zoneMinutes * 60).date
        }
        return nil
    }

    /// The header data of a new message, or nil when the server left out UID or size.
    func mirrorHeader(complete: Bool) -> MailStore.MirrorHeader? {
        guard let uid, let size = rfc822Size else { return nil }
        let bytes = complete ? body(.complete) : body(.header)
        guard let bytes else { return nil }
        return MailStore.MirrorHeader(
            uid: Int64(uid), modseq: modSeq.map { Int64(clamping: $0) }, flags: mirrorFlags ?? [],
            internalDate: internalDateValue, size: Int64(size), bytes: bytes, isComplete: complete,
            bodyStructure: bodyStructure.map(\.summary), hasAttachment: bodyStructure?.hasAttachment ?? false)
    }
}

extension BodyStructure {
    /// A short text form, e.g. `multipart/mixed(text/plain,application/pdf)`.
    var summary: String {
        switch self {
        case .singlepart: return mimeType
        case let .multipart(multipart): return mimeType + "(" + multipart.parts.map(\.summary).joined(separator: ",") + ")"
        }
    }

    /// Whether any part is an attachment: declared so, or a non-text leaf that is not
    /// an alternative's or related part's sibling of the text.
    var hasAttachment: Bool {
        switch self {
        case let .singlepart(part):
            if part.extensionData?.disposition?.kind.lowercased() == "attachment" { return true }
            return false
        case let .multipart(multipart):
            if multipart.parts.contains(where: \.hasAttachment) { return true }
            guard multipart.subtype.lowercased() == "mixed" else { return false }
            return multipart.parts.dropFirst().contains { part in
                if case let .singlepart(leaf) = part { return leaf.type.lowercased() != "text" }
                return false
            }
        }
    }
}
