import Foundation
import MailMessage
import MailStore
import Terminal

/// The whole conversation of the message in the pager (`c`), every folder's messages
/// in date order in one scrolling text. Enter opens the first folded quote on the screen
/// (else scrolls a line, as in the pager); the pager's other scrolling keys work as
/// there, and acting on a message is done from its own pager (`q` goes back to it).
final class ConversationScreen: AppScreen {
    var content: ConversationContent
    var top = 0
    private var laidOut: (width: Int, lines: [PagerLine], folds: [Int: ConversationContent.Fold])?

    init(content: ConversationContent, startingAt messageId: Int64?) {
        self.content = content
        startAt = messageId.flatMap { id in content.messages.firstIndex { $0.record.id == id } }
    }

    /// The message to show first: the one the conversation was opened from.
    private var startAt: Int?

    var kind: ScreenKind { .text }
    var keyContext: KeyContext? { .conversation }

    func layout(width: Int) -> (lines: [PagerLine], folds: [Int: ConversationContent.Fold]) {
        if let laidOut, laidOut.width == width { return (laidOut.lines, laidOut.folds) }
        let result = content.layout(width: width)
        laidOut = (width, result.lines, result.folds)
        if let index = startAt {
            // Open at the message the user was reading.
            let header = content.headerLine(index)
            top = result.lines.firstIndex { header.hasPrefix($0.text) && !$0.text.isEmpty } ?? 0
            startAt = nil
        }
        return result
    }

    func perform(_ action: UIAction, in app: MailApp) throws {
        let height = app.bodyHeight
        let (lines, folds) = layout(width: app.screen.size.columns)
        let lastTop = max(lines.count - height, 0)
        switch action {
        case .quit, .back: app.pop(self)
        case .toggleQuote:
            let visible = top..<min(top + height, lines.count)
            if let line = visible.first(where: { folds[$0] != nil && !content.expanded.contains(folds[$0]!) }), let fold = folds[line] {
                content.expanded.insert(fold)
                laidOut = nil
            } else {
                top = min(top + 1, lastTop)
            }
        default:
            if let moved = ScrolledText.top(after: action, from: top, height: height, lineCount: lines.count) {
                top = moved
            } else {
                app.info = "This is the whole conversation; q goes back to the message to act on it."
            }
        }
    }

    func draw(in app: MailApp) {
        ScrolledText.draw(layout(width: app.screen.size.columns).lines, top: &top, in: app)
    }

    func titleHints(in app: MailApp) -> String { "q:Back  Space:Page  Enter:Show quote  ?:Help" }

    func position(in app: MailApp) -> String {
        let percent = ScrolledText.percent(top: top, height: app.bodyHeight, lineCount: layout(width: app.screen.size.columns).lines.count)
        return "conversation of \(content.messages.count)  \(percent)% --"
    }
}
