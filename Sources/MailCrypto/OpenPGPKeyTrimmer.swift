/// Trims a transferable public key (RFC 4880 section 11.1) to what an Autocrypt header
/// carries (Level 1 section 2.1.1): the primary key and its own signatures, the one user
/// ID of the address with its signatures, and one encryption subkey with its binding
/// signature. gpg 2.2 can do this with `--export-filter`, which GPGME 1.18 cannot pass,
/// so the packets gpg exported (export-minimal) are filtered here. Anything it does not
/// understand gives nil, and the caller keeps gpg's export as it is.
enum OpenPGPKeyTrimmer {
    /// One packet: its tag and its bytes, header included.
    struct Packet {
        var tag: Int
        var bytes: ArraySlice<UInt8>
        var body: ArraySlice<UInt8>
    }

    /// RFC 4880 section 4.2: old-format (length types 0-2) and new-format headers with
    /// one-, two- and five-octet lengths. Partial and indeterminate lengths, which no
    /// exported key uses, give nil.
    static func packets(_ data: [UInt8]) -> [Packet]? {
        var packets: [Packet] = []
        var index = 0
        while index < data.count {
            let start = index
            let ctb = data[index]
            guard ctb & 0x80 != 0 else { return nil }
            index += 1
            let tag: Int
            let length: Int
            if ctb & 0x40 != 0 {
                tag = Int(ctb & 0x3F)
                guard index < data.count else { return nil }
                let first = Int(data[index])
                if first < 192 {
                    length = first
                    index += 1
                } else if first < 224 {
                    guard index + 1 < data.count else { return nil }
                    length = ((first - 192) << 8) + Int(data[index + 1]) + 192
                    index += 2
                } else if first == 255 {
                    guard index + 4 < data.count else { return nil }
                    length = data[(index + 1)...(index + 4)].reduce(0) { $0 << 8 | Int($1) }
                    index += 5
                } else {
                    return nil
                }
            } else {
                tag = Int((ctb >> 2) & 0x0F)
                let octets: Int
                switch ctb & 0x03 {
                case 0: octets = 1
                case 1: octets = 2
                case 2: octets = 4
                default: return nil
                }
                guard index + octets <= data.count else { return nil }
                length = data[index..<(index + octets)].reduce(0) { $0 << 8 | Int($1) }
                index += octets
            }
            guard length >= 0, index + length <= data.count else { return nil }
            packets.append(Packet(tag: tag, bytes: data[start..<(index + length)], body: data[index..<(index + length)]))
            index += length
        }
        return packets
    }

    /// The key with only the user ID whose address is `address` and only the subkey at
    /// `subkeyIndex` (0 for the first subkey packet, in the keyblock's order, which is
    /// GPGME's order of subkeys after the primary). Nil when the packets are not a key as
    /// expected or the user ID or subkey is not there.
    static func trim(_ data: [UInt8], address: String, subkeyIndex: Int) -> [UInt8]? {
        guard let packets = packets(data), packets.first?.tag == 6 else { return nil }
        let wanted = address.lowercased()
        var output: [UInt8] = []
        var keeping = true
        var keptUserID = false
        var subkeysSeen = 0
        var keptSubkey = false
        for packet in packets {
            switch packet.tag {
            case 6:
                // A second primary key: more than one key in the export.
                guard output.isEmpty else { return nil }
                keeping = true
            case 13:
                let userID = String(decoding: packet.body, as: UTF8.self).lowercased()
                let matches = userID == wanted || userID.hasSuffix("<\(wanted)>")
                keeping = matches && !keptUserID
                if keeping { keptUserID = true }
            case 17:
                keeping = false
            case 14:
                keeping = subkeysSeen == subkeyIndex
                if keeping { keptSubkey = true }
                subkeysSeen += 1
            case 2, 12:
                break
            default:
                return nil
            }
            if keeping { output += packet.bytes }
        }
        return keptUserID && keptSubkey ? output : nil
    }
}
