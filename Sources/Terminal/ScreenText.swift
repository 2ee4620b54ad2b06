/// The last filter before anything reaches a screen: control characters (C0, DEL, C1,
/// and so every escape sequence introducer) become a visible `?`, so no string can drive
/// the terminal even if a caller forgot to sanitise it.
enum ScreenText {
    /// The grapheme clusters of `text`, controls replaced.
    static func cells(_ text: String) -> [Character] {
        var result: [Character] = []
        result.reserveCapacity(text.utf8.count)
        for character in text {
            if character.isASCII, let value = character.asciiValue {
                result.append(value < 0x20 || value == 0x7F ? "?" : character)
                continue
            }
            if character.unicodeScalars.contains(where: isControl) {
                var scalars = String.UnicodeScalarView()
                for scalar in character.unicodeScalars {
                    scalars.append(isControl(scalar) ? "?" : scalar)
                }
                result.append(contentsOf: String(scalars))
            } else {
                result.append(character)
            }
        }
        return result
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value)
    }
}
