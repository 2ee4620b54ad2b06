import COpenSSL

/// A parsed CMS object (RFC 5652): S/MIME's signed-data or enveloped-data.
final class CMSMessage {
    let cms: OpaquePointer

    /// From DER, as application/pkcs7-mime and application/pkcs7-signature carry it.
    init?(der: [UInt8]) {
        guard let input = MemoryBIO(der), let cms = d2i_CMS_bio(input.bio, nil) else { return nil }
        self.cms = cms
    }

    deinit { CMS_ContentInfo_free(cms) }
}
