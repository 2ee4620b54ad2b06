import Foundation

// libFuzzer entry for the iCalendar reader: any bytes give a calendar or a CalendarError,
// never a crash; what is summarised is safe for the terminal after the renderer's
// sanitiser, and a REPLY built from an invitation reads back as one.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCalendar(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let invitation = try? Invitation(bytes) else { return 0 }
    for zone in ["UTC", "Pacific/Kiritimati", "America/St_Johns"] {
        let summary = InvitationSummary(invitation, local: TimeZone(identifier: zone)!)
        for line in summary.lines { precondition(DisplaySanitizer.isSafe(DisplaySanitizer.sanitizeLine(line)), "unsafe summary line") }
        _ = summary.title
    }
    _ = invitation.recurrence?.words
    if invitation.method == "REQUEST",
       let reply = try? InvitationReply.calendar(answering: invitation, as: Address(name: "Carol", mailbox: "carol@example.test"),
                                                 answer: .accept, stamp: Date(timeIntervalSince1970: 1_800_000_000)) {
        let again = try? Invitation(Array(reply.utf8))
        precondition(again?.method == "REPLY", "a REPLY that does not read back")
        precondition(again?.uid == invitation.uid, "the REPLY lost the UID")
    }
    // Whole messages too: the renderer finds the calendar part.
    let rendered = MessageRenderer(timeZone: TimeZone(identifier: "UTC")!).render(MessageParser.parse(bytes))
    precondition(DisplaySanitizer.isSafe(rendered.bodyText), "unsafe rendered text")
    return 0
}
