/// A Content-Type value: type, subtype and parameters (RFC 2045 section 5).
public struct MediaType: Sendable, Hashable {
    /// Lower-cased top-level type, e.g. "text".
    public var type: String
    /// Lower-cased subtype, e.g. "plain"; empty if missing.
    public var subtype: String
    public var parameters: [MIMEParameter]

    public init(type: String, subtype: String, parameters: [MIMEParameter] = []) {
        self.type = type.lowercased()
        self.subtype = subtype.lowercased()
        self.parameters = parameters
    }

    /// RFC 2045 section 5.1 (see `ParameterParser`). Whitespace and comments around
    /// the "/" are tolerated. Returns nil when there is no usable type.
    public init?(headerValue: String) {
        let (leading, parameters) = ParameterParser.parse(headerValue)
        let compact = leading.unicodeScalars.filter { $0 != " " && $0 != "\t" && $0 != "\r" && $0 != "\n" }
        let text = String(String.UnicodeScalarView(compact))
        guard !text.isEmpty else { return nil }
        if let slash = text.firstIndex(of: "/") {
            let type = String(text[..<slash])
            guard !type.isEmpty else { return nil }
            self.init(type: type, subtype: String(text[text.index(after: slash)...]), parameters: parameters)
        } else {
            self.init(type: text, subtype: "", parameters: parameters)
        }
    }

    /// "type/subtype".
    public var mimeType: String { subtype.isEmpty ? type : "\(type)/\(subtype)" }

    public var isMultipart: Bool { type == "multipart" }
    public var isText: Bool { type == "text" }
    /// message/rfc822 and message/global (RFC 6532) carry a whole message.
    public var isEmbeddedMessage: Bool { type == "message" && (subtype == "rfc822" || subtype == "global") }

    public func parameter(_ name: String) -> String? { parameters.value(named: name) }

    public var charset: String? { parameter("charset") }
    public var boundary: String? { parameter("boundary") }

    /// RFC 2045 section 5.2: no (or an unusable) Content-Type means text/plain; charset=us-ascii.
    public static let defaultText = MediaType(type: "text", subtype: "plain", parameters: [MIMEParameter(name: "charset", value: "us-ascii")])
    /// RFC 2046 section 5.1.5: the default inside multipart/digest.
    public static let defaultDigestPart = MediaType(type: "message", subtype: "rfc822")

    /// A media type for an attachment from its file name extension, for compose
    /// (`--attach FILE`); "application/octet-stream" when unknown.
    public static func guess(forFileName name: String) -> String {
        guard let dot = name.lastIndex(of: ".") else { return "application/octet-stream" }
        let ext = name[name.index(after: dot)...].lowercased()
        let table: [String: String] = [
            "txt": "text/plain", "text": "text/plain", "md": "text/markdown", "csv": "text/csv", "html": "text/html", "htm": "text/html",
            "ics": "text/calendar", "vcf": "text/vcard", "xml": "application/xml", "json": "application/json",
            "pdf": "application/pdf", "zip": "application/zip", "gz": "application/gzip", "tar": "application/x-tar",
            "doc": "application/msword", "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "xls": "application/vnd.ms-excel", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "ppt": "application/vnd.ms-powerpoint", "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
            "odt": "application/vnd.oasis.opendocument.text", "ods": "application/vnd.oasis.opendocument.spreadsheet",
            "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp", "svg": "image/svg+xml",
            "heic": "image/heic", "tif": "image/tiff", "tiff": "image/tiff", "bmp": "image/bmp",
            "mp3": "audio/mpeg", "ogg": "audio/ogg", "wav": "audio/wav", "mp4": "video/mp4", "mov": "video/quicktime", "webm": "video/webm",
            "eml": "message/rfc822", "asc": "application/pgp-signature", "gpg": "application/pgp-encrypted",
        ]
        return table[ext] ?? "application/octet-stream"
    }
}
