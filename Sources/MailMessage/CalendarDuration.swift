/// A DURATION value (RFC 5545 §3.3.6): `[+/-]P[nW][nD][T[nH][nM][nS]]`, in seconds.
enum CalendarDuration {
    static func seconds(_ raw: String) -> Int? {
        var text = Substring(raw.trimmingMailWhitespace.uppercased())
        var sign = 1
        if text.first == "-" { sign = -1; text = text.dropFirst() } else if text.first == "+" { text = text.dropFirst() }
        guard text.first == "P" else { return nil }
        text = text.dropFirst()
        var total = 0
        var number = 0
        var sawDigit = false
        var inTime = false
        for character in text {
            if let digit = character.wholeNumberValue, character.isASCII {
                guard number < 100_000_000 else { return nil }
                number = number * 10 + digit
                sawDigit = true
                continue
            }
            switch character {
            case "T": inTime = true; continue
            case "W" where !inTime: total += number * 604_800
            case "D" where !inTime: total += number * 86_400
            case "H" where inTime: total += number * 3_600
            case "M" where inTime: total += number * 60
            case "S" where inTime: total += number
            default: return nil
            }
            number = 0
            // A thousand years is more than any event lasts; more is an attack on the sums.
            guard total <= 31_622_400_000 else { return nil }
        }
        return sawDigit ? sign * total : nil
    }
}
