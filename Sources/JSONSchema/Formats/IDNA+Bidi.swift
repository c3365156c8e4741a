extension IDNA {
    /// The Bidi_Class values RFC 5893 distinguishes.
    enum BidiClass {
        case l, r, al, en, an, es, cs, et, on, bn, nsm
    }

    /// Bidi_Class, from script block ranges and general categories (exact for the letters, digits and
    /// marks that valid labels can contain).
    static func bidiClass(_ value: UInt32) -> BidiClass {
        switch value {
        case 0x30...0x39, 0x06F0...0x06F9, 0xFF10...0xFF19: return .en
        case 0x2D: return .es
        case 0x2E, 0x2C, 0x3A, 0x2F: return .cs
        case 0x0600...0x0605, 0x0660...0x0669, 0x066B, 0x066C, 0x06DD, 0x0890, 0x0891, 0x08E2, 0x10E60...0x10E7E:
            return .an
        default: break
        }
        guard let scalar = Unicode.Scalar(value) else { return .on }
        let category = scalar.properties.generalCategory
        if category == .nonspacingMark || category == .enclosingMark { return .nsm }
        if category == .format { return .bn }
        switch value {
        case 0x0590...0x05FF, 0x07C0...0x085F, 0xFB1D...0xFB4F, 0x10800...0x10CFF, 0x10D40...0x10EBF, 0x10F00...0x10F2F,
            0x10F70...0x10FFF, 0x1E800...0x1EC6F, 0x1ECC0...0x1ECFF, 0x1ED50...0x1EDFF, 0x1EF00...0x1EFFF:
            return .r
        case 0x0600...0x07BF, 0x0860...0x08FF, 0xFB50...0xFDFF, 0xFE70...0xFEFF, 0x10D00...0x10D3F, 0x10EC0...0x10EFF,
            0x10F30...0x10F6F, 0x1EC70...0x1ECBF, 0x1ED00...0x1ED4F, 0x1EE00...0x1EEFF:
            return .al
        default: break
        }
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .spacingMark,
            .decimalNumber, .letterNumber:
            return .l
        default:
            return .on
        }
    }

    /// Whether a label (code points) contains a right-to-left character, which makes the whole name a
    /// "Bidi domain name" (RFC 5893 section 1.4).
    static func isRightToLeft(_ label: [UInt32]) -> Bool {
        label.contains {
            let bidi = bidiClass($0)
            return bidi == .r || bidi == .al || bidi == .an
        }
    }

    /// RFC 5893 section 2, the Bidi rule for one label of a Bidi domain name.
    static func satisfiesBidiRule(_ label: [UInt32]) -> Bool {
        guard let first = label.first else { return false }
        let classes = label.map(bidiClass)
        let lastStrong = classes.last { $0 != .nsm }
        switch bidiClass(first) {
        case .r, .al:
            let allowed: Set<BidiClass> = [.r, .al, .an, .en, .es, .cs, .et, .on, .bn, .nsm]
            guard classes.allSatisfy(allowed.contains), let lastStrong, [.r, .al, .en, .an].contains(lastStrong)
            else { return false }
            return !(classes.contains(.en) && classes.contains(.an))
        case .l:
            let allowed: Set<BidiClass> = [.l, .en, .es, .cs, .et, .on, .bn, .nsm]
            guard classes.allSatisfy(allowed.contains), let lastStrong else { return false }
            return lastStrong == .l || lastStrong == .en
        default:
            return false
        }
    }
}
