import Foundation
import IMAPProtocol
import MerleConfig
import POP3Protocol
import SMTPProtocol
import Transport

/// What kind of failure a sync met, which decides what the engine does next.
enum FailureKind: Equatable {
    /// The server did not answer (no route, refused, timed out, dropped): try again as
    /// soon as it answers, and at the backoff's time at the latest.
    case unreachable
    /// The server answered and refused the login (or the password command failed):
    /// trying again cannot help until the user changes something.
    case loginRefused
    /// Anything else (TLS, certificates, a protocol error): try again after the backoff.
    case other

    init(_ error: Error) {
        switch error {
        case let error as TransportError: self = Self.transport(error)
        case let error as IMAPError:
            switch error {
            case let .transport(inner): self = Self.transport(inner)
            case .connectionClosed, .serverBye: self = .unreachable
            case .loginRefused, .noUsableLoginMethod: self = .loginRefused
            default: self = .other
            }
        case let error as SMTPError:
            switch error {
            case .closed: self = .unreachable
            case .authenticationFailed, .noCommonAuthMechanism: self = .loginRefused
            default: self = .other
            }
        case let error as POP3Error:
            switch error {
            case .closed: self = .unreachable
            case .authenticationFailed: self = .loginRefused
            default: self = .other
            }
        case is PasswordCommand.Failure, is EngineError: self = .loginRefused
        default: self = .other
        }
    }

    private static func transport(_ error: TransportError) -> FailureKind {
        switch error {
        case .hostNotFound, .connectFailed, .timedOut, .tooSlow, .closedByPeer, .ioFailed, .closed: return .unreachable
        default: return .other
        }
    }
}
