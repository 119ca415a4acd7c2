import Foundation

/// Internationalized host names per IDNA2008 (RFC 5890–5893).
///
/// The RFC 5892 derived property values are computed from Swift's Unicode properties
/// (general category, NFKC case-fold stability, default-ignorable, noncharacter...), with the
/// RFC's exception table; script and bidi classes needed by the contextual and bidi rules are
/// approximated by code-point blocks. This covers the suite and common scripts; rare code points
/// may be classified differently from the official IANA tables.
enum IDNA {
    static let separators: Set<Unicode.Scalar> = [".", "\u{3002}", "\u{FF0E}", "\u{FF61}"]

    /// `idn-hostname`: U-labels and A-labels separated by any IDNA full stop.
    static func isIDNHostname(_ s: String) -> Bool {
        guard !s.isEmpty else { return false }
        var labels: [[Unicode.Scalar]] = [[]]
        for c in s.unicodeScalars {
            if separators.contains(c) { labels.append([]) } else { labels[labels.count - 1].append(c) }
        }
        var decoded: [[Unicode.Scalar]] = []
        var totalLength = labels.count - 1
        for label in labels {
            guard !label.isEmpty else { return false }
            if label.allSatisfy({ $0.isASCII }) {
                let text = String(String.UnicodeScalarView(label))
                guard label.count <= 63 else { return false }
                if text.lowercased().hasPrefix("xn--") {
                    guard let u = decodeALabel(text) else { return false }
                    decoded.append(u)
                } else {
                    guard isLDHLabel(label) else { return false }
                    decoded.append(label)
                }
                totalLength += label.count
            } else {
                guard let encoded = Punycode.encode(label) else { return false }
                let aLabelLength = 4 + encoded.count
                guard aLabelLength <= 63, isValidULabel(label) else { return false }
                decoded.append(label)
                totalLength += aLabelLength
            }
        }
        guard totalLength <= 253 else { return false }
        return satisfiesBidi(decoded)
    }

    /// An ASCII `xn--` label (as used inside `hostname`) that decodes to a valid U-label.
    static func isValidALabel(_ label: String) -> Bool {
        guard let u = decodeALabel(label) else { return false }
        return satisfiesBidi([u])
    }

    static func decodeALabel(_ label: String) -> [Unicode.Scalar]? {
        let lower = label.lowercased()
        let body = String(lower.dropFirst(4))
        guard let u = Punycode.decode(body), !u.allSatisfy({ $0.isASCII }) else { return nil }
        // Must re-encode to exactly the same A-label (canonical form).
        guard Punycode.encode(u) == body else { return nil }
        guard isValidULabel(u) else { return nil }
        return u
    }

    static func isLDHLabel(_ label: [Unicode.Scalar]) -> Bool {
        for c in label {
            guard c.isASCII, c.properties.isAlphabetic || ("0"..."9").contains(c) || c == "-" else { return false }
        }
        if label.first == "-" || label.last == "-" { return false }
        if label.count >= 4 && label[2] == "-" && label[3] == "-" { return false }
        return true
    }

    // MARK: RFC 5891 / 5892 label validation

    enum Derived { case pvalid, contextJ, contextO, disallowed }

    static let exceptionPVALID: Set<UInt32> = [0x00DF, 0x03C2, 0x06FD, 0x06FE, 0x0F0B, 0x3007]
    static let exceptionContextO: Set<UInt32> = [0x00B7, 0x0375, 0x05F3, 0x05F4, 0x30FB]
    static let exceptionDisallowed: Set<UInt32> = [0x0640, 0x07FA, 0x302E, 0x302F, 0x3031, 0x3032, 0x3033, 0x3034, 0x3035, 0x303B]

    static func derived(_ c: Unicode.Scalar) -> Derived {
        let v = c.value
        if exceptionPVALID.contains(v) { return .pvalid }
        if exceptionContextO.contains(v) || (0x0660...0x0669).contains(v) || (0x06F0...0x06F9).contains(v) { return .contextO }
        if exceptionDisallowed.contains(v) { return .disallowed }
        if c.isASCII {
            return (c.properties.isLowercase || ("0"..."9").contains(c) || c == "-") ? .pvalid : .disallowed
        }
        if v == 0x200C || v == 0x200D { return .contextJ }
        let p = c.properties
        if p.generalCategory == .unassigned { return .disallowed }
        if p.changesWhenNFKCCaseFolded { return .disallowed }
        if p.isDefaultIgnorableCodePoint || p.isWhitespace || p.isNoncharacterCodePoint { return .disallowed }
        // Ignorable blocks: combining marks for symbols, musical symbols, ancient Greek musical notation.
        if (0x20D0...0x20FF).contains(v) || (0x1D100...0x1D1FF).contains(v) || (0x1D200...0x1D24F).contains(v) { return .disallowed }
        // Old Hangul Jamo.
        if (0x1100...0x11FF).contains(v) || (0xA960...0xA97F).contains(v) || (0xD7B0...0xD7FF).contains(v) { return .disallowed }
        switch p.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .decimalNumber, .modifierLetter, .nonspacingMark, .spacingMark:
            return .pvalid
        default:
            return .disallowed
        }
    }

    static func isMark(_ c: Unicode.Scalar) -> Bool {
        switch c.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }

    static func isVirama(_ c: Unicode.Scalar) -> Bool { c.properties.canonicalCombiningClass.rawValue == 9 }

    static func isGreek(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        return ((0x0370...0x03FF).contains(v) && v != 0x0375 && v != 0x037E && v != 0x0387) || (0x1F00...0x1FFF).contains(v)
    }
    static func isHebrew(_ c: Unicode.Scalar) -> Bool { (0x0591...0x05F4).contains(c.value) || (0xFB1D...0xFB4F).contains(c.value) }
    static func isHiraganaKatakanaHan(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v == 0x30FB { return false }
        return (0x3040...0x309F).contains(v) || (0x30A0...0x30FF).contains(v) || (0x31F0...0x31FF).contains(v)
            || (0x3400...0x4DBF).contains(v) || (0x4E00...0x9FFF).contains(v) || (0xF900...0xFAFF).contains(v)
            || (0x20000...0x3FFFF).contains(v) || v == 0x3005 || v == 0x3006 || v == 0x3007
    }
    /// Joining types used by the ZWNJ rule (approximated: Arabic, Syriac, N'Ko, Mongolian letters join on both sides).
    static func isDualJoining(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        guard c.properties.generalCategory == .otherLetter else { return false }
        return (0x0620...0x06FF).contains(v) || (0x0700...0x08FF).contains(v) || (0x1800...0x18AF).contains(v)
            || (0xA840...0xA87F).contains(v)
    }

    static func isValidULabel(_ label: [Unicode.Scalar]) -> Bool {
        guard !label.isEmpty else { return false }
        if label.first == "-" || label.last == "-" { return false }
        if label.count >= 4 && label[2] == "-" && label[3] == "-" { return false }
        if isMark(label[0]) { return false }
        for (i, c) in label.enumerated() {
            switch derived(c) {
            case .pvalid:
                continue
            case .disallowed:
                return false
            case .contextJ:
                let before = i > 0 ? label[i - 1] : nil
                if let before, isVirama(before) { continue }
                if c.value == 0x200D { return false }
                // ZWNJ: (L|D) T* ZWNJ T* (R|D) — approximated with dual-joining letters, marks as transparent.
                var j = i - 1
                while j >= 0 && label[j].properties.generalCategory == .nonspacingMark { j -= 1 }
                var k = i + 1
                while k < label.count && label[k].properties.generalCategory == .nonspacingMark { k += 1 }
                guard j >= 0, k < label.count, isDualJoining(label[j]), isDualJoining(label[k]) else { return false }
            case .contextO:
                switch c.value {
                case 0x00B7:
                    guard i > 0, i + 1 < label.count, label[i - 1] == "l", label[i + 1] == "l" else { return false }
                case 0x0375:
                    guard i + 1 < label.count, isGreek(label[i + 1]) else { return false }
                case 0x05F3, 0x05F4:
                    guard i > 0, isHebrew(label[i - 1]) else { return false }
                case 0x30FB:
                    guard label.contains(where: isHiraganaKatakanaHan) else { return false }
                case 0x0660...0x0669:
                    if label.contains(where: { (0x06F0...0x06F9).contains($0.value) }) { return false }
                case 0x06F0...0x06F9:
                    if label.contains(where: { (0x0660...0x0669).contains($0.value) }) { return false }
                default:
                    return false
                }
            }
        }
        return true
    }

    // MARK: RFC 5893 bidi rule

    enum BidiClass { case l, r, al, an, en, es, cs, et, on, bn, nsm, other }

    static func bidiClass(_ c: Unicode.Scalar) -> BidiClass {
        let v = c.value
        if ("0"..."9").contains(c) || (0x06F0...0x06F9).contains(v) { return .en }
        if (0x0660...0x0669).contains(v) || v == 0x066B || v == 0x066C { return .an }
        if c == "-" { return .es }
        if c.properties.generalCategory == .nonspacingMark || c.properties.generalCategory == .enclosingMark { return .nsm }
        if (0x0590...0x05FF).contains(v) || (0x07C0...0x085F).contains(v) || (0xFB1D...0xFB4F).contains(v)
            || (0x10800...0x10FFF).contains(v) || (0x1E800...0x1EFFF).contains(v)
        {
            return .r
        }
        if (0x0600...0x07BF).contains(v) || (0x0860...0x08FF).contains(v) || (0xFB50...0xFDFF).contains(v)
            || (0xFE70...0xFEFF).contains(v)
        {
            return .al
        }
        if v == 0x200C || v == 0x200D { return .bn }
        switch c.properties.generalCategory {
        case .lowercaseLetter, .uppercaseLetter, .otherLetter, .modifierLetter, .titlecaseLetter, .spacingMark, .decimalNumber:
            return .l
        default:
            return .on
        }
    }

    static func satisfiesBidi(_ labels: [[Unicode.Scalar]]) -> Bool {
        let classes = labels.map { $0.map(bidiClass) }
        let isBidiDomain = classes.contains { $0.contains { $0 == .r || $0 == .al || $0 == .an } }
        guard isBidiDomain else { return true }
        for cls in classes {
            guard let first = cls.first else { return false }
            if first == .r || first == .al {
                let allowed: Set<BidiClass> = [.r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard cls.allSatisfy({ allowed.contains($0) }) else { return false }
                guard let last = cls.last(where: { $0 != .nsm }), [.r, .al, .en, .an].contains(last) else { return false }
                if cls.contains(.en) && cls.contains(.an) { return false }
            } else if first == .l {
                let allowed: Set<BidiClass> = [.l, .en, .es, .cs, .et, .on, .bn, .nsm]
                guard cls.allSatisfy({ allowed.contains($0) }) else { return false }
                guard let last = cls.last(where: { $0 != .nsm }), last == .l || last == .en else { return false }
            } else {
                return false
            }
        }
        return true
    }
}

/// RFC 3492 Punycode.
enum Punycode {
    static let base = 36, tMin = 1, tMax = 26, skew = 38, damp = 700, initialBias = 72, initialN = 128

    static func adapt(_ delta: Int, _ numPoints: Int, _ firstTime: Bool) -> Int {
        var delta = firstTime ? delta / damp : delta / 2
        delta += delta / numPoints
        var k = 0
        while delta > ((base - tMin) * tMax) / 2 {
            delta /= base - tMin
            k += base
        }
        return k + (base - tMin + 1) * delta / (delta + skew)
    }

    static func digitValue(_ c: UInt8) -> Int? {
        switch c {
        case 48...57: return Int(c) - 22
        case 65...90: return Int(c) - 65
        case 97...122: return Int(c) - 97
        default: return nil
        }
    }

    static func digitChar(_ d: Int) -> Character {
        Character(UnicodeScalar(UInt8(d < 26 ? d + 97 : d + 22)))
    }

    static func decode(_ input: String) -> [Unicode.Scalar]? {
        let bytes = Array(input.utf8)
        guard bytes.allSatisfy({ $0 < 128 }) else { return nil }
        var output: [UInt32] = []
        var start = 0
        if let lastDash = bytes.lastIndex(of: UInt8(ascii: "-")) {
            output = bytes[..<lastDash].map { UInt32($0) }
            start = lastDash + 1
            if lastDash == 0 && bytes.count == 1 { return nil }
        }
        var n = initialN, i = 0, bias = initialBias
        var pos = start
        while pos < bytes.count {
            let oldi = i
            var w = 1
            var k = base
            while true {
                guard pos < bytes.count, let digit = digitValue(bytes[pos]) else { return nil }
                pos += 1
                let (m, o1) = digit.multipliedReportingOverflow(by: w)
                let (ni, o2) = i.addingReportingOverflow(m)
                guard !o1, !o2, ni < 0x7FFF_FFFF else { return nil }
                i = ni
                let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                if digit < t { break }
                let (nw, o3) = w.multipliedReportingOverflow(by: base - t)
                guard !o3 else { return nil }
                w = nw
                k += base
            }
            bias = adapt(i - oldi, output.count + 1, oldi == 0)
            n += i / (output.count + 1)
            i %= output.count + 1
            guard n <= 0x10FFFF else { return nil }
            output.insert(UInt32(n), at: i)
            i += 1
        }
        var scalars: [Unicode.Scalar] = []
        for v in output {
            guard let s = Unicode.Scalar(v) else { return nil }
            scalars.append(s)
        }
        return scalars
    }

    static func encode(_ input: [Unicode.Scalar]) -> String? {
        var output = ""
        let codes = input.map { Int($0.value) }
        for c in codes where c < 128 { output.append(Character(UnicodeScalar(UInt8(c)))) }
        let basicCount = output.count
        var handled = basicCount
        if basicCount > 0 { output.append("-") }
        var n = initialN, delta = 0, bias = initialBias
        while handled < codes.count {
            guard let m = codes.filter({ $0 >= n }).min() else { return nil }
            delta += (m - n) * (handled + 1)
            n = m
            for c in codes {
                if c < n { delta += 1 }
                if c == n {
                    var q = delta
                    var k = base
                    while true {
                        let t = k <= bias ? tMin : (k >= bias + tMax ? tMax : k - bias)
                        if q < t { break }
                        output.append(digitChar(t + (q - t) % (base - t)))
                        q = (q - t) / (base - t)
                        k += base
                    }
                    output.append(digitChar(q))
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
