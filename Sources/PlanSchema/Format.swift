// The `format` values this validator can assert. Each check follows the
// grammar of the RFC the format names; only strings are checked, values of
// other types pass (as the specification requires).
import PlanDocument

enum Format: String, Sendable, CaseIterable {
    case date, time, dateTime = "date-time", duration, email, idnEmail = "idn-email", hostname
    case idnHostname = "idn-hostname", ipv4, ipv6, uri, uriReference = "uri-reference", iri
    case iriReference = "iri-reference", uriTemplate = "uri-template", uuid, jsonPointer = "json-pointer"
    case relativeJSONPointer = "relative-json-pointer", regex

    func accepts(_ instance: Node) -> Bool {
        guard case .string(let text) = instance.content else { return true }
        return accepts(text)
    }

    func accepts(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        switch self {
        case .date: return FormatChecks.isDate(bytes[...])
        case .time: return FormatChecks.isTime(bytes[...])
        case .dateTime: return FormatChecks.isDateTime(bytes)
        case .duration: return FormatChecks.isDuration(bytes)
        case .email: return FormatChecks.isEmail(text, international: false)
        case .idnEmail: return FormatChecks.isEmail(text, international: true)
        case .hostname: return IDNA.isHostname(text)
        case .idnHostname: return IDNA.isIDNHostname(text)
        case .ipv4: return FormatChecks.isIPv4(bytes[...])
        case .ipv6: return FormatChecks.isIPv6(bytes[...])
        case .uri: return URIGrammar.isValid(text, international: false, allowRelative: false)
        case .uriReference: return URIGrammar.isValid(text, international: false, allowRelative: true)
        case .iri: return URIGrammar.isValid(text, international: true, allowRelative: false)
        case .iriReference: return URIGrammar.isValid(text, international: true, allowRelative: true)
        case .uriTemplate: return URIGrammar.isTemplate(text)
        case .uuid: return FormatChecks.isUUID(bytes)
        case .jsonPointer: return FormatChecks.isJSONPointer(bytes[...])
        case .relativeJSONPointer: return FormatChecks.isRelativeJSONPointer(bytes)
        case .regex: return ECMARegex.isValidSyntax(text)
        }
    }
}

enum FormatChecks {
    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
    static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66) }

    /// The value of `count` ASCII digits at `start`, or nil.
    static func number(_ bytes: ArraySlice<UInt8>, _ start: Int, _ count: Int) -> Int? {
        guard start + count <= bytes.endIndex else { return nil }
        var value = 0
        for i in start..<start + count {
            guard isDigit(bytes[i]) else { return nil }
            value = value * 10 + Int(bytes[i] - 0x30)
        }
        return value
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// RFC 3339 full-date: `YYYY-MM-DD`.
    static func isDate(_ bytes: ArraySlice<UInt8>) -> Bool {
        let s = bytes.startIndex
        guard bytes.count == 10, bytes[s + 4] == 0x2D, bytes[s + 7] == 0x2D,
            let year = number(bytes, s, 4), let month = number(bytes, s + 5, 2), let day = number(bytes, s + 8, 2)
        else { return false }
        return (1...12).contains(month) && day >= 1 && day <= daysIn(month: month, year: year)
    }

    /// RFC 3339 full-time: `HH:MM:SS[.frac](Z|±HH:MM)`, a leap second only at 23:59 UTC.
    static func isTime(_ bytes: ArraySlice<UInt8>) -> Bool {
        let s = bytes.startIndex
        guard bytes.count >= 9, bytes[s + 2] == 0x3A, bytes[s + 5] == 0x3A,
            let hour = number(bytes, s, 2), let minute = number(bytes, s + 3, 2), let second = number(bytes, s + 6, 2),
            hour <= 23, minute <= 59, second <= 60
        else { return false }
        var i = s + 8
        if i < bytes.endIndex, bytes[i] == 0x2E {
            i += 1
            let digits = i
            while i < bytes.endIndex, isDigit(bytes[i]) { i += 1 }
            guard i > digits else { return false }
        }
        guard i < bytes.endIndex else { return false }
        var offsetMinutes = 0
        switch bytes[i] {
        case 0x5A, 0x7A:
            guard i + 1 == bytes.endIndex else { return false }
        case 0x2B, 0x2D:
            guard bytes.endIndex - i == 6, bytes[i + 3] == 0x3A,
                let h = number(bytes, i + 1, 2), let m = number(bytes, i + 4, 2), h <= 23, m <= 59
            else { return false }
            offsetMinutes = (h * 60 + m) * (bytes[i] == 0x2B ? 1 : -1)
        default:
            return false
        }
        if second == 60 {
            let utc = ((hour * 60 + minute - offsetMinutes) % 1440 + 1440) % 1440
            return utc == 23 * 60 + 59
        }
        return true
    }

    static func isDateTime(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 11, bytes[10] == 0x54 || bytes[10] == 0x74 else { return false }
        return isDate(bytes[0..<10]) && isTime(bytes[11...])
    }

    /// RFC 3339 appendix A duration: `P` then date parts in order Y, M, D (no
    /// gaps), an optional `T` part H, M, S (no gaps), or weeks alone.
    static func isDuration(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == 0x50 else { return false }
        var i = 1
        func component() -> UInt8? {
            let start = i
            while i < bytes.count, isDigit(bytes[i]) { i += 1 }
            guard i > start, i < bytes.count else { return nil }
            defer { i += 1 }
            return bytes[i]
        }
        func sequence(_ units: [UInt8]) -> Bool {
            // Units must appear in order without skipping one between two present ones.
            var expected = 0
            var seen = 0
            while i < bytes.count, bytes[i] != 0x54 {
                guard let unit = component(), let at = units.firstIndex(of: unit), at >= expected else { return false }
                if seen > 0 && at != expected { return false }
                expected = at + 1
                seen += 1
            }
            return seen > 0
        }
        guard i < bytes.count else { return false }
        if bytes[i] != 0x54 {
            // Weeks stand alone.
            if bytes.last == 0x57 {
                guard let unit = component(), unit == 0x57, i == bytes.count else { return false }
                return true
            }
            guard sequence([0x59, 0x4D, 0x44]) else { return false }
        }
        if i < bytes.count {
            guard bytes[i] == 0x54 else { return false }
            i += 1
            guard i < bytes.count, sequence([0x48, 0x4D, 0x53]) else { return false }
        }
        return i == bytes.count
    }

    static func isIPv4(_ bytes: ArraySlice<UInt8>) -> Bool {
        let parts = bytes.split(separator: 0x2E, omittingEmptySubsequences: false)
        guard parts.count == 4 else { return false }
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(isDigit),
                part.count == 1 || part.first != 0x30,
                let value = number(part, part.startIndex, part.count), value <= 255
            else { return false }
        }
        return true
    }

    static func isIPv6(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard !bytes.isEmpty, bytes.allSatisfy({ isHex($0) || $0 == 0x3A || $0 == 0x2E }) else { return false }
        var text = bytes
        var groupsNeeded = 8
        // An embedded IPv4 address takes the place of the last two groups.
        if let lastColon = text.lastIndex(of: 0x3A), text[lastColon...].contains(0x2E) {
            guard isIPv4(text[(lastColon + 1)...]) else { return false }
            text = text[...lastColon]
            if text.count >= 2 && text.suffix(2).elementsEqual([0x3A, 0x3A]) {
                // `::` right before the IPv4 part stays as is.
            } else {
                text = text.dropLast()
            }
            groupsNeeded = 6
        }
        guard !text.contains(0x2E) else { return false }
        let doubleColons = text.indices.dropLast().filter { text[$0] == 0x3A && text[$0 + 1] == 0x3A }
        guard doubleColons.count <= 1 else { return false }
        func groups(_ slice: ArraySlice<UInt8>) -> Int? {
            if slice.isEmpty { return 0 }
            let parts = slice.split(separator: 0x3A, omittingEmptySubsequences: false)
            guard parts.allSatisfy({ (1...4).contains($0.count) }) else { return nil }
            return parts.count
        }
        if let at = doubleColons.first {
            guard let left = groups(text[..<at]), let right = groups(text[(at + 2)...]) else { return false }
            return left + right < groupsNeeded
        }
        return groups(text) == groupsNeeded
    }

    static func isUUID(_ bytes: [UInt8]) -> Bool {
        guard bytes.count == 36 else { return false }
        for (i, b) in bytes.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                guard b == 0x2D else { return false }
            } else if !isHex(b) {
                return false
            }
        }
        return true
    }

    static func isJSONPointer(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let first = bytes.first else { return true }
        guard first == 0x2F else { return false }
        var i = bytes.startIndex
        while i < bytes.endIndex {
            if bytes[i] == 0x7E {
                guard i + 1 < bytes.endIndex, bytes[i + 1] == 0x30 || bytes[i + 1] == 0x31 else { return false }
                i += 1
            }
            i += 1
        }
        return true
    }

    static func isRelativeJSONPointer(_ bytes: [UInt8]) -> Bool {
        var i = 0
        while i < bytes.count, isDigit(bytes[i]) { i += 1 }
        guard i > 0, i == 1 || bytes[0] != 0x30 else { return false }
        let rest = bytes[i...]
        return rest.elementsEqual([0x23]) || isJSONPointer(rest)
    }

    // MARK: - E-mail (RFC 5321 Mailbox; RFC 6531 for the international form)

    static func isEmail(_ text: String, international: Bool) -> Bool {
        guard let at = text.lastIndex(of: "@") else { return false }
        let local = text[..<at]
        let domain = String(text[text.index(after: at)...])
        guard !local.isEmpty, !domain.isEmpty else { return false }
        if local.hasPrefix("\"") {
            guard local.count >= 2, local.hasSuffix("\"") else { return false }
            var escaped = false
            for scalar in local.unicodeScalars.dropFirst().dropLast() {
                if escaped { escaped = false; continue }
                if scalar == "\\" { escaped = true; continue }
                if scalar == "\"" { return false }
                guard scalar.value >= 0x20, scalar.value != 0x7F, international || scalar.isASCII else { return false }
            }
            if escaped { return false }
        } else {
            let atoms = local.split(separator: ".", omittingEmptySubsequences: false)
            for atom in atoms {
                guard !atom.isEmpty else { return false }
                for scalar in atom.unicodeScalars {
                    if scalar.isASCII {
                        guard scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                            || "!#$%&'*+-/=?^_`{|}~".unicodeScalars.contains(scalar)
                        else { return false }
                    } else if !international {
                        return false
                    }
                }
            }
        }
        if domain.hasPrefix("[") {
            guard domain.hasSuffix("]") else { return false }
            let literal = domain.dropFirst().dropLast()
            if literal.hasPrefix("IPv6:") { return isIPv6(Array(literal.dropFirst(5).utf8)[...]) }
            return isIPv4(Array(literal.utf8)[...])
        }
        return international ? IDNA.isIDNHostname(domain) : IDNA.isHostname(domain)
    }
}
