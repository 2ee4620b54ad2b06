/// The two families of mail cryptography Merle reads.
public enum SecurityFormat: String, Sendable, Hashable, Codable {
    /// OpenPGP: PGP/MIME (RFC 3156) and inline armored blocks.
    case openPGP = "openpgp"
    /// S/MIME (RFC 8551): CMS signed-data and enveloped-data.
    case smime
}
