/// A point on the monotonic clock, for a wait split over several system calls (a
/// wall-clock change must not stretch or cut it).
struct Deadline {
    private let end: ContinuousClock.Instant

    init(after seconds: Double) {
        end = ContinuousClock.now.advanced(by: .nanoseconds(Int64(max(0, min(seconds, 1e9)) * 1e9)))
    }

    /// Seconds until the deadline; zero once it has passed.
    var secondsLeft: Double {
        let left = ContinuousClock.now.duration(to: end).components
        return max(0, Double(left.seconds) + Double(left.attoseconds) * 1e-18)
    }
}
