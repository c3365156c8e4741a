/// A string compared by its code points, as JSON requires.
///
/// Swift's `String ==` treats canonically equivalent strings as equal ("é" precomposed equals "e" plus a
/// combining accent); JSON Schema's `const`, `enum`, `uniqueItems` and property names do not.
struct ExactString: Hashable, Sendable {
    let value: String

    init(_ value: String) { self.value = value }

    /// Canonical hashing is coarser than code-point equality, so it stays consistent with it.
    func hash(into hasher: inout Hasher) { hasher.combine(value) }

    static func == (lhs: ExactString, rhs: ExactString) -> Bool { lhs.value.sameCodePoints(as: rhs.value) }
}

extension String {
    /// Code-point (UTF-8 byte) equality, unlike `==`, which uses canonical equivalence.
    @inline(__always)
    func sameCodePoints(as other: String) -> Bool {
        let left = utf8
        let right = other.utf8
        guard left.count == right.count else { return false }
        return left.elementsEqual(right)
    }
}
