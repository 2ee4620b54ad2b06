/// Merle's version, written only here: `merle --version` prints it and the man page
/// carries it. Raise it with each release.
enum MerleVersion {
    static let current = "0.1.0"
}
