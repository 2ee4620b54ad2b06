import Foundation

/// A calendar message (iTIP REQUEST, CANCEL or REPLY, RFC 5546) is summarised at the
/// top of the body from its text/calendar part (else an attached `application/ics`);
/// the part itself stays in the attachment list, to be saved as .ics or piped.
extension MessageRenderer {
    struct CalendarSummary {
        var entry: MessagePartList.Entry
        var invitation: Invitation
        var lines: [String]
    }

    func invitationSummary(_ parts: MessagePartList) -> CalendarSummary? {
        let candidates = parts.entries.filter { $0.mediaType == "text/calendar" && $0.uuencodedBlock == nil }
            + parts.entries.filter { $0.mediaType == "application/ics" && $0.uuencodedBlock == nil }
        for entry in candidates.prefix(4) {
            guard let bytes = parts.data(of: entry), let invitation = try? Invitation(bytes),
                  let method = invitation.method, InvitationSummary.summarisedMethods.contains(method) else { continue }
            let summary = InvitationSummary(invitation, local: timeZone)
            let heading = "---------- Calendar: \(summary.title) (part \(entry.number)) ----------"
            return CalendarSummary(entry: entry, invitation: invitation, lines: [heading] + summary.lines)
        }
        return nil
    }
}
