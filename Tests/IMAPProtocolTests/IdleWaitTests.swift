import Testing
import Transport
@testable import IMAPProtocol

/// `nextIdleResponse(timeout:)`: IDLE waited in slices, so the caller can check a
/// stop request between them; nil means the server said nothing in the slice.
@Suite struct IdleWaitTests {
    @Test func silencesComeBackAsNilAndResponsesAsThemselves() throws {
        let (session, connection) = try loggedInSession("""
        C: M4 IDLE
        S: + idling
        -- QUIET
        S: * 3 EXISTS
        -- QUIET
        S: * 1 FETCH (FLAGS (\\Seen))
        C: DONE
        S: M4 OK Idle completed.
        """)
        try session.beginIdle()
        #expect(try session.nextIdleResponse(timeout: 0.01) == nil)
        #expect(try session.nextIdleResponse(timeout: 0.01) == .exists(3))
        #expect(try session.nextIdleResponse(timeout: 0.01) == nil)
        #expect(try session.nextIdleResponse(timeout: 0.01) == .fetch(1, [.flags([.seen])]))
        // Nothing more comes until the client sends DONE.
        #expect(try session.nextIdleResponse(timeout: 0.01) == nil)
        #expect(session.state == .idling)
        try session.endIdle()
        #expect(session.state == .authenticated)
        #expect(connection.isFinished)
    }

    @Test func aConnectionClosedDuringTheWaitIsAnError() throws {
        let (session, _) = try loggedInSession("""
        C: M4 IDLE
        S: + idling
        -- QUIET
        S: * BYE Server shutting down
        -- CLOSE
        """)
        try session.beginIdle()
        #expect(try session.nextIdleResponse(timeout: 0.01) == nil)
        #expect(try session.nextIdleResponse(timeout: 0.01) == .condition(.bye, ResponseText(text: "Server shutting down")))
        #expect(throws: IMAPError.serverBye("Server shutting down")) { try session.nextIdleResponse(timeout: 0.01) }
        #expect(session.state == .loggedOut)
    }

    @Test func waitingOutsideIdleIsRefused() throws {
        let (session, _) = try loggedInSession("")
        #expect(throws: IMAPError.invalidState("not in IDLE")) { try session.nextIdleResponse(timeout: 0.01) }
    }
}
