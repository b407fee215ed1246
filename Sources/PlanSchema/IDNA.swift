// Host names for the `hostname` and `idn-hostname` formats: RFC 1123 labels,
// Punycode (RFC 3492), and the IDNA2008 label rules (RFC 5891-5893) that
// can be checked from the Unicode properties the standard library carries.
// Bidi classes and joining types are approximated by script ranges.

enum IDNA {
    // MARK: - Host names

    /// RFC 1123 host name; `xn--` labels must be valid A-labels.
    static func isHostname(_ text: String) -> Bool {
        guard !text.isEmpty, text.utf8.count <= 253, text.unicodeScalars.allSatisfy(\.isASCII) else { return false }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard isLDHLabel(label) else { return false }
            if label.lowercased().hasPrefix("xn--") {
                guard isALabel(label) else { return false }
            }
        }
        return isBidiDomain(labels.map { decodeLabel($0) ?? Array($0.unicodeScalars) })
    }

    /// IDNA2008 host name: U-labels or A-labels, separated by any of the four
    /// dots IDNA recognises.
    static func isIDNHostname(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        let dots: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]
        var labels: [[Unicode.Scalar]] = [[]]
        for scalar in text.unicodeScalars {
            if dots.contains(scalar) { labels.append([]) } else { labels[labels.count - 1].append(scalar) }
        }
        var total = labels.count - 1
        var decoded: [[Unicode.Scalar]] = []
        for label in labels {
            guard !label.isEmpty else { return false }
            let text = String(String.UnicodeScalarView(label))
            if label.allSatisfy(\.isASCII) {
                guard isLDHLabel(Substring(text)) else { return false }
                if text.lowercased().hasPrefix("xn--") {
                    guard isALabel(Substring(text)), let unicode = decodeLabel(Substring(text)) else { return false }
                    decoded.append(unicode)
                } else {
                    decoded.append(label)
                }
                total += label.count
            } else {
                guard isULabel(label), let encoded = punycodeEncode(label) else { return false }
                let aLabel = 4 + encoded.count
                guard aLabel <= 63 else { return false }
                total += aLabel
                decoded.append(label)
            }
        }
        return total <= 253 && isBidiDomain(decoded)
    }

    /// Letters, digits and hyphens; 1-63 long; no hyphen at either end; no
    /// `--` in positions 3-4 unless it is an `xn--` label.
    static func isLDHLabel(_ label: Substring) -> Bool {
        guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
            label.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-") })
        else { return false }
        let chars = Array(label.utf8)
        if chars.count >= 4 && chars[2] == 0x2D && chars[3] == 0x2D {
            return label.lowercased().hasPrefix("xn--")
        }
        return true
    }

    /// An `xn--` label that decodes to a valid U-label and re-encodes to itself.
    static func isALabel(_ label: Substring) -> Bool {
        guard let unicode = decodeLabel(label), !unicode.allSatisfy(\.isASCII), isULabel(unicode),
            let again = punycodeEncode(unicode)
        else { return false }
        return "xn--" + again == label.lowercased()
    }

    static func decodeLabel(_ label: Substring) -> [Unicode.Scalar]? {
        guard label.lowercased().hasPrefix("xn--") else { return nil }
        return punycodeDecode(Array(label.dropFirst(4).unicodeScalars))
    }

    // MARK: - U-labels (RFC 5891 section 5.4, RFC 5892)

    static func isULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard let first = label.first, first != "-", label.last != "-" else { return false }
        if label.count >= 4 && label[2] == "-" && label[3] == "-" { return false }
        switch first.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return false
        default: break
        }
        for (i, scalar) in label.enumerated() {
            switch status(of: scalar) {
            case .pvalid: continue
            case .disallowed: return false
            case .contextJ, .contextO:
                guard contextRule(holdsAt: i, in: label) else { return false }
            }
        }
        return true
    }

    enum Status { case pvalid, disallowed, contextJ, contextO }

    static func status(of scalar: Unicode.Scalar) -> Status {
        let v = scalar.value
        switch v {
        case 0xDF, 0x3C2, 0x6FD, 0x6FE, 0xF0B, 0x3007: return .pvalid
        case 0xB7, 0x375, 0x5F3, 0x5F4, 0x30FB, 0x660...0x669, 0x6F0...0x6F9: return .contextO
        case 0x640, 0x7FA, 0x302E, 0x302F, 0x3031...0x3035, 0x303B: return .disallowed
        case 0x200C, 0x200D: return .contextJ
        case 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF: return .disallowed
        case 0x2D, 0x30...0x39, 0x61...0x7A: return .pvalid
        default: break
        }
        let properties = scalar.properties
        switch properties.generalCategory {
        case .lowercaseLetter, .otherLetter, .modifierLetter, .nonspacingMark, .spacingMark, .decimalNumber:
            return properties.changesWhenNFKCCaseFolded ? .disallowed : .pvalid
        default:
            return .disallowed
        }
    }

    static func contextRule(holdsAt i: Int, in label: [Unicode.Scalar]) -> Bool {
        let scalar = label[i]
        let before = i > 0 ? label[i - 1] : nil
        let after = i + 1 < label.count ? label[i + 1] : nil
        switch scalar.value {
        case 0x200D:
            return before.map(isVirama) ?? false
        case 0x200C:
            if let before, isVirama(before) { return true }
            // (L|D) T* ZWNJ T* (R|D), approximated with Arabic-script letters.
            var j = i - 1
            while j >= 0, isTransparent(label[j]) { j -= 1 }
            var k = i + 1
            while k < label.count, isTransparent(label[k]) { k += 1 }
            return j >= 0 && k < label.count && isJoining(label[j]) && isJoining(label[k])
        case 0xB7:
            return before == "l" && after == "l"
        case 0x375:
            return after.map(isGreek) ?? false
        case 0x5F3, 0x5F4:
            return before.map(isHebrew) ?? false
        case 0x30FB:
            return label.contains { $0.value != 0x30FB && (isHiraganaKatakanaOrHan($0)) }
        case 0x660...0x669:
            return !label.contains { (0x6F0...0x6F9).contains($0.value) }
        case 0x6F0...0x6F9:
            return !label.contains { (0x660...0x669).contains($0.value) }
        default:
            return false
        }
    }

    static func isVirama(_ s: Unicode.Scalar) -> Bool { s.properties.canonicalCombiningClass.rawValue == 9 }
    static func isTransparent(_ s: Unicode.Scalar) -> Bool {
        s.properties.generalCategory == .nonspacingMark || s.properties.generalCategory == .enclosingMark
    }
    static func isJoining(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x620...0x64A).contains(v) || (0x66E...0x6D3).contains(v) || (0x6FA...0x6FC).contains(v)
            || (0x710...0x74F).contains(v) || (0x750...0x77F).contains(v) || (0x8A0...0x8C9).contains(v)
    }
    static func isGreek(_ s: Unicode.Scalar) -> Bool {
        (0x370...0x3FF).contains(s.value) && s.value != 0x375 || (0x1F00...0x1FFF).contains(s.value)
    }
    static func isHebrew(_ s: Unicode.Scalar) -> Bool { (0x591...0x5F4).contains(s.value) || (0xFB1D...0xFB4F).contains(s.value) }
    static func isHiraganaKatakanaOrHan(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        return (0x3040...0x309F).contains(v) || (0x30A0...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x3FFFF).contains(v) || v == 0x3005 || v == 0x3006 || v == 0x3007
    }

    // MARK: - Bidi rule (RFC 5893)

    enum BidiClass { case l, r, al, an, en, es, cs, et, on, bn, nsm }

    static func bidiClass(_ s: Unicode.Scalar) -> BidiClass {
        let v = s.value
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark: return .nsm
        default: break
        }
        switch v {
        case 0x30...0x39, 0x6F0...0x6F9, 0xB2, 0xB3, 0xB9: return .en
        case 0x660...0x669, 0x66B, 0x66C: return .an
        case 0x2B, 0x2D: return .es
        case 0x2C, 0x2E, 0x2F, 0x3A, 0xA0: return .cs
        case 0x23...0x25, 0xA2...0xA5, 0xB0, 0xB1: return .et
        case 0x200B...0x200D: return .bn
        case 0x590...0x5FF, 0x7C0...0x85F, 0xFB1D...0xFB4F, 0x10800...0x10FFF: return .r
        case 0x600...0x6FF, 0x700...0x7BF, 0x860...0x8FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF: return .al
        default:
            return s.properties.isAlphabetic || s.properties.generalCategory == .spacingMark ? .l : .on
        }
    }

    /// A domain with any right-to-left label must satisfy the Bidi rule in
    /// every label.
    static func isBidiDomain(_ labels: [[Unicode.Scalar]]) -> Bool {
        let classes = labels.map { $0.map(bidiClass) }
        let isBidi = classes.contains { $0.contains { [.r, .al, .an].contains($0) } }
        guard isBidi else { return true }
        for label in classes {
            guard let first = label.first else { return false }
            let trimmed = label.reversed().drop { $0 == .nsm }
            guard let last = trimmed.first else { return false }
            switch first {
            case .r, .al:
                let allowed: Set<BidiClass> = [.r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard label.allSatisfy(allowed.contains), [.r, .al, .en, .an].contains(last),
                    !(label.contains(.en) && label.contains(.an))
                else { return false }
            case .l:
                let allowed: Set<BidiClass> = [.l, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard label.allSatisfy(allowed.contains), last == .l || last == .en else { return false }
            default:
                return false
            }
        }
        return true
    }

    // MARK: - Punycode (RFC 3492)

    private static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700

    private static func adapt(_ delta: Int, _ points: Int, _ first: Bool) -> Int {
        var delta = first ? delta / damp : delta / 2
        delta += delta / points
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    static func punycodeDecode(_ input: [Unicode.Scalar]) -> [Unicode.Scalar]? {
        var output: [Unicode.Scalar] = []
        var position = 0
        if let delimiter = input.lastIndex(of: "-") {
            guard delimiter > 0 else { return nil }
            for scalar in input[..<delimiter] {
                guard scalar.isASCII else { return nil }
                output.append(scalar)
            }
            position = delimiter + 1
        }
        var n = 128, i = 0, bias = 72
        while position < input.count {
            let oldI = i
            var w = 1
            var k = base
            while true {
                guard position < input.count else { return nil }
                let c = input[position].value
                position += 1
                let digit: Int
                switch c {
                case 0x30...0x39: digit = Int(c) - 22
                case 0x41...0x5A: digit = Int(c) - 0x41
                case 0x61...0x7A: digit = Int(c) - 0x61
                default: return nil
                }
                let (product, o1) = digit.multipliedReportingOverflow(by: w)
                let (sum, o2) = i.addingReportingOverflow(product)
                guard !o1, !o2 else { return nil }
                i = sum
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                let (next, o3) = w.multipliedReportingOverflow(by: base - t)
                guard !o3 else { return nil }
                w = next
                k += base
            }
            bias = adapt(i - oldI, output.count + 1, oldI == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF, let scalar = Unicode.Scalar(UInt32(n)) else { return nil }
            output.insert(scalar, at: i)
            i += 1
        }
        return output
    }

    static func punycodeEncode(_ input: [Unicode.Scalar]) -> String? {
        var output = ""
        for scalar in input where scalar.isASCII { output.unicodeScalars.append(scalar) }
        let basicCount = output.unicodeScalars.count
        var handled = basicCount
        if basicCount > 0 { output += "-" }
        var n = 128, delta = 0, bias = 72
        func digit(_ d: Int) -> Unicode.Scalar { Unicode.Scalar(UInt8(d < 26 ? d + 0x61 : d + 22)) }
        while handled < input.count {
            guard let m = input.map({ Int($0.value) }).filter({ $0 >= n }).min() else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for scalar in input {
                let c = Int(scalar.value)
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.unicodeScalars.append(digit(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.unicodeScalars.append(digit(q))
                    bias = adapt(delta, handled + 1, handled == basicCount)
                    delta = 0
                    handled += 1
                }
            }
            delta += 1
            n += 1
        }
        return output
    }
}
