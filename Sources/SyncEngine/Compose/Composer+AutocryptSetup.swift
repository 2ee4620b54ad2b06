import MailMessage

extension Composer {
    /// The Autocrypt Setup Message (Level 1 section 4.4.3) carrying `payload` (the
    /// encrypted secret key): from and to the account's own address, with the
    /// `Autocrypt-Setup-Message: v1` header, an explanation and the
    /// application/autocrypt-setup attachment. Queue it with `enqueue(…, filesSentCopy: false)`:
    /// it comes back to the INBOX, and one copy of the key is enough.
    public func autocryptSetupMessage(payload: [UInt8], builder: MessageBuilder = MessageBuilder()) throws -> BuiltMessage {
        let own = Address(name: nil, mailbox: sender.address.mailbox)
        let draft = Draft(from: sender.address, to: [own], subject: "Autocrypt Setup Message", body: AutocryptSetupMessage.explanation + "\n",
                          attachments: [Draft.Attachment(filename: "autocrypt-setup-message.txt", mediaType: "application/autocrypt-setup",
                                                         data: payload)],
                          extraHeaders: [["Autocrypt-Setup-Message", "v1"]])
        return try builder.build(draft)
    }
}
