import MailStore
import MerleConfig
import SyncEngine

/// The IMAP half of `merle sync`.
enum IMAPSyncCommandSupport {
    static func sync(_ account: AccountConfiguration, store: MailStore, folder: String?) throws {
        throw SendCommand.SendFailure(text: "IMAP sync is not available in this build yet; POP3 accounts and sending work")
    }
}
