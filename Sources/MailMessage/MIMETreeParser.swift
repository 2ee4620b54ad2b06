/// Builds the MIME tree (RFC 2046) in one forward pass over the lines, with an explicit
/// stack of open multiparts instead of recursion, so nesting cannot exhaust the stack.
///
/// A line starting with "--" is checked against the open boundaries from the innermost
/// outwards, as a prefix (RFC 2046 section 5.1.1: "the boundary [need only] appear in
/// its entirety following the CRLF"). Checking the innermost first resolves boundaries
/// that are prefixes of each other the way Dovecot and mime4j do. A delimiter of an
/// outer multipart ends every part inside it, so missing close delimiters are tolerated.
/// Caps from `ParseLimits`: past `maxDepth` a multipart or message is kept as one opaque
/// part; past `maxParts` the rest of a multipart is one opaque part.
struct MIMETreeParser {
    let limits: ParseLimits
    private(set) var partCount = 0

    init(limits: ParseLimits) {
        self.limits = limits
    }

    private enum FrameKind {
        case multipart(boundary: [UInt8], isDigest: Bool)
        case message
    }

    /// A leaf whose end is not known yet.
    private struct OpenLeaf {
        var headers: [HeaderField]
        var bodyStart: Int
        var path: [Int]
        var inDigest: Bool
        var depth: Int
        var forcedOpaque: Bool
    }

    private struct Frame {
        var kind: FrameKind
        var headers: [HeaderField]
        var contentStart: Int
        var path: [Int]
        var depth: Int
        var inDigest: Bool
        var children: [MIMEPart] = []
        var openLeaf: OpenLeaf?
        var sawDelimiter = false
        var preambleEnd: Int?
        var closed = false
        var epilogueStart: Int?
        var overflowed = false

        var boundary: [UInt8]? {
            if case .multipart(let boundary, _) = kind { return boundary }
            return nil
        }
    }

    /// Parses the body of an entity whose header is already parsed.
    mutating func parseBody<Source: ParseSource>(headers: [HeaderField], bytes: Source, bodyRange: Range<Int>, depth: Int, path: [Int], inDigest: Bool) -> MIMEPart {
        let end = bodyRange.upperBound
        let bodyStartIndex = bodyRange.lowerBound
        var stack: [Frame] = []
        var result: MIMEPart?

        // Opens an entity starting at `bodyStart` with `headers`: a frame for containers, else a leaf.
        func open(headers: [HeaderField], bodyStart: Int, path: [Int], depth: Int, inDigest: Bool, parser: inout MIMETreeParser) {
            parser.partCount += 1
            let info = EntityInfo(headers: headers, inDigest: inDigest)
            let canDescend = depth < parser.limits.maxDepth
            if info.mediaType.isMultipart, let boundary = info.mediaType.boundary, !boundary.isEmpty, canDescend {
                stack.append(Frame(kind: .multipart(boundary: Array(boundary.utf8), isDigest: info.mediaType.subtype == "digest"),
                                   headers: headers, contentStart: bodyStart, path: path, depth: depth, inDigest: inDigest))
                return
            }
            if info.mediaType.isEmbeddedMessage, canDescend, !info.isEncoded {
                stack.append(Frame(kind: .message, headers: headers, contentStart: bodyStart, path: path, depth: depth, inDigest: inDigest))
                let inner = parser.parseHeader(bytes, from: bodyStart, end: end, stack: stack)
                // The embedded message's top part keeps this path if multipart, else gets .1 (IMAP numbering).
                let innerInfo = EntityInfo(headers: inner.fields, inDigest: false)
                let innerPath = innerInfo.mediaType.isMultipart ? path : path + [1]
                open(headers: inner.fields, bodyStart: inner.bodyStart, path: innerPath, depth: depth + 1, inDigest: false, parser: &parser)
                return
            }
            let opaque = (info.mediaType.isMultipart || info.mediaType.isEmbeddedMessage) && !canDescend
            let leaf = OpenLeaf(headers: headers, bodyStart: bodyStart, path: path, inDigest: inDigest, depth: depth, forcedOpaque: opaque)
            if stack.isEmpty {
                result = parser.finishLeaf(leaf, bytes: bytes, end: end)
            } else {
                stack[stack.count - 1].openLeaf = leaf
            }
        }

        // Completes the top frame at `contentEnd` and hands its part to the frame below.
        func closeTop(at contentEnd: Int, parser: inout MIMETreeParser) {
            var frame = stack.removeLast()
            if let leaf = frame.openLeaf {
                frame.children.append(parser.finishLeaf(leaf, bytes: bytes, end: max(leaf.bodyStart, contentEnd)))
                frame.openLeaf = nil
            }
            let part = parser.finishFrame(frame, bytes: bytes, end: contentEnd)
            if stack.isEmpty {
                result = part
            } else if case .message = stack[stack.count - 1].kind {
                stack[stack.count - 1].children = [part]
            } else {
                stack[stack.count - 1].children.append(part)
            }
        }

        open(headers: headers, bodyStart: bodyStartIndex, path: path, depth: depth, inDigest: inDigest, parser: &self)

        var lineStart = bodyStartIndex
        while !stack.isEmpty, lineStart < end {
            let lineEnd = bytes.lineEnd(from: lineStart, end: end)
            let nextLine = lineEnd < end ? lineEnd + 1 : end
            if bytes.byte(lineStart) == ASCII.dash, lineStart + 1 < end, bytes.byte(lineStart + 1) == ASCII.dash,
               let (level, isClose) = matchDelimiter(bytes, lineStart: lineStart, lineEnd: lineEnd, stack: stack) {
                // The line break before the delimiter belongs to the delimiter.
                var contentEnd = lineStart
                if contentEnd > bodyStartIndex, bytes.byte(contentEnd - 1) == ASCII.lf {
                    contentEnd -= 1
                    if contentEnd > bodyStartIndex, bytes.byte(contentEnd - 1) == ASCII.cr { contentEnd -= 1 }
                }
                while stack.count - 1 > level { closeTop(at: contentEnd, parser: &self) }
                // Mutate the frame in place: copying it out would copy its children each time.
                if let leaf = stack[level].openLeaf {
                    stack[level].openLeaf = nil
                    let part = finishLeaf(leaf, bytes: bytes, end: max(leaf.bodyStart, contentEnd))
                    stack[level].children.append(part)
                }
                if !stack[level].sawDelimiter {
                    stack[level].sawDelimiter = true
                    stack[level].preambleEnd = max(stack[level].contentStart, contentEnd)
                }
                if isClose {
                    stack[level].closed = true
                    stack[level].epilogueStart = nextLine
                } else if partCount >= limits.maxParts {
                    // Too many parts: the rest of this multipart is one opaque part.
                    stack[level].overflowed = true
                    stack[level].closed = true
                    stack[level].openLeaf = OpenLeaf(headers: [], bodyStart: nextLine, path: stack[level].path + [stack[level].children.count + 1],
                                                     inDigest: false, depth: stack[level].depth + 1, forcedOpaque: true)
                } else {
                    let header = parseHeader(bytes, from: nextLine, end: end, stack: stack)
                    let isDigest: Bool
                    if case .multipart(_, let digest) = stack[level].kind { isDigest = digest } else { isDigest = false }
                    open(headers: header.fields, bodyStart: header.bodyStart, path: stack[level].path + [stack[level].children.count + 1],
                         depth: stack[level].depth + 1, inDigest: isDigest, parser: &self)
                    lineStart = header.bodyStart > nextLine ? header.bodyStart : nextLine
                    continue
                }
            }
            lineStart = nextLine
        }
        while !stack.isEmpty { closeTop(at: end, parser: &self) }
        return result ?? finishLeaf(OpenLeaf(headers: headers, bodyStart: bodyStartIndex, path: path, inDigest: inDigest, depth: depth, forcedOpaque: true), bytes: bytes, end: end)
    }

    /// The innermost open multipart whose boundary starts this line, and whether it is a close delimiter.
    private func matchDelimiter<Source: ParseSource>(_ bytes: Source, lineStart: Int, lineEnd: Int, stack: [Frame]) -> (Int, Bool)? {
        var level = stack.count - 1
        while level >= 0 {
            let frame = stack[level]
            if !frame.closed, let boundary = frame.boundary, lineEnd - lineStart >= boundary.count + 2 {
                var matches = true
                var index = lineStart + 2
                for byte in boundary {
                    if bytes.byte(index) != byte { matches = false; break }
                    index += 1
                }
                if matches {
                    let isClose = index + 1 < lineEnd && bytes.byte(index) == ASCII.dash && bytes.byte(index + 1) == ASCII.dash
                    return (level, isClose)
                }
            }
            level -= 1
        }
        return nil
    }

    /// Parses a part header starting at `start`, stopping early at a delimiter line of any
    /// open multipart (a part with a missing blank line must not swallow the next part).
    /// Only the header's own lines (through the blank line, at most about
    /// `maxHeaderBytes`) are handed to `HeaderParser`, so a file-backed message reads no
    /// more than that here.
    private func parseHeader<Source: ParseSource>(_ bytes: Source, from start: Int, end: Int, stack: [Frame]) -> HeaderParser.Result {
        var lineStart = start
        var headerEnd = end
        while lineStart < end {
            let lineEnd = bytes.lineEnd(from: lineStart, end: end)
            let nextLine = lineEnd < end ? lineEnd + 1 : end
            var contentEnd = lineEnd
            if contentEnd > lineStart, bytes.byte(contentEnd - 1) == ASCII.cr { contentEnd -= 1 }
            if contentEnd == lineStart {
                headerEnd = nextLine
                break
            }
            if bytes.byte(lineStart) == ASCII.dash, matchDelimiter(bytes, lineStart: lineStart, lineEnd: lineEnd, stack: stack) != nil {
                headerEnd = lineStart
                break
            }
            lineStart = nextLine
            if lineStart - start > limits.maxHeaderBytes {
                headerEnd = lineStart
                break
            }
        }
        let header = bytes.slice(start..<headerEnd)
        let result = HeaderParser.parse(header, limits: limits)
        // A file window's slice is indexed from 0: bodyStart back in message offsets.
        return HeaderParser.Result(fields: result.fields, bodyStart: result.bodyStart - header.startIndex + start)
    }

    private mutating func finishLeaf<Source: ParseSource>(_ leaf: OpenLeaf, bytes: Source, end: Int) -> MIMEPart {
        let info = EntityInfo(headers: leaf.headers, inDigest: leaf.inDigest)
        let bodyRange = leaf.bodyStart..<max(leaf.bodyStart, end)
        var children: [MIMEPart] = []
        var opaque = leaf.forcedOpaque
        // message/rfc822 sent base64 or quoted-printable: decode, then parse the inner message.
        if info.mediaType.isEmbeddedMessage, info.isEncoded, !opaque {
            if leaf.depth < limits.maxDepth {
                let decoded = info.transferEncoding.decode(bytes.slice(bodyRange))
                let header = HeaderParser.parse(decoded[...], limits: limits)
                let innerInfo = EntityInfo(headers: header.fields, inDigest: false)
                let innerPath = innerInfo.mediaType.isMultipart ? leaf.path : leaf.path + [1]
                var inner = MIMETreeParser(limits: limits)
                inner.partCount = partCount
                children = [inner.parseBody(headers: header.fields, bytes: decoded, bodyRange: header.bodyStart..<decoded.count, depth: leaf.depth + 1, path: innerPath, inDigest: false)]
                partCount = inner.partCount
            } else {
                opaque = true
            }
        }
        return MIMEPart(headers: leaf.headers, mediaType: info.mediaType, hasExplicitMediaType: info.explicit, disposition: info.disposition,
                        transferEncoding: info.transferEncoding, body: bytes.part(bodyRange), children: children, preamble: nil,
                        epilogue: nil, missingCloseDelimiter: false, isOpaque: opaque, path: leaf.path)
    }

    private func finishFrame<Source: ParseSource>(_ frame: Frame, bytes: Source, end: Int) -> MIMEPart {
        let info = EntityInfo(headers: frame.headers, inDigest: frame.inDigest)
        let bodyRange = frame.contentStart..<max(frame.contentStart, end)
        let body = bytes.part(bodyRange)
        var preamble: PartBytes?
        var epilogue: PartBytes?
        if case .multipart = frame.kind {
            if let preambleEnd = frame.preambleEnd {
                preamble = bytes.part(frame.contentStart..<preambleEnd)
            } else {
                preamble = body
            }
            if let start = frame.epilogueStart, !frame.overflowed {
                epilogue = bytes.part(min(start, max(start, end))..<max(start, end))
            }
        }
        return MIMEPart(headers: frame.headers, mediaType: info.mediaType, hasExplicitMediaType: info.explicit, disposition: info.disposition,
                        transferEncoding: info.transferEncoding, body: body, children: frame.children, preamble: preamble,
                        epilogue: epilogue, missingCloseDelimiter: frame.epilogueStart == nil && !frame.overflowed, isOpaque: frame.overflowed, path: frame.path)
    }
}

/// The MIME facts of one header block, with RFC 2045 defaults applied.
struct EntityInfo {
    var mediaType: MediaType
    var explicit: Bool
    var disposition: ContentDisposition?
    var transferEncoding: TransferEncoding

    /// RFC 2045 section 5.2 (default text/plain; us-ascii) and RFC 2046 section 5.1.5
    /// (message/rfc822 inside multipart/digest). A multipart without a boundary cannot
    /// be split and is read as text.
    init(headers: [HeaderField], inDigest: Bool) {
        var mediaType = inDigest ? MediaType.defaultDigestPart : MediaType.defaultText
        var explicit = false
        if let field = headers.first(where: { $0.hasName("Content-Type") }), let parsed = MediaType(headerValue: field.value), !parsed.subtype.isEmpty {
            mediaType = parsed
            explicit = true
        }
        if mediaType.isMultipart, (mediaType.boundary ?? "").isEmpty {
            mediaType = MediaType(type: "text", subtype: "plain", parameters: mediaType.parameters)
            explicit = false
        }
        self.mediaType = mediaType
        self.explicit = explicit
        self.disposition = headers.first { $0.hasName("Content-Disposition") }.map { ContentDisposition(headerValue: $0.value) }
        self.transferEncoding = TransferEncoding(headerValue: headers.first { $0.hasName("Content-Transfer-Encoding") }?.value)
    }

    var isEncoded: Bool {
        transferEncoding == .base64 || transferEncoding == .quotedPrintable
    }
}
