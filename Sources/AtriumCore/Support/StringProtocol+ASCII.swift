extension StringProtocol {
    /// Whether every character is ASCII: then scalars are bytes, and the fast paths that read
    /// text as bytes (columns, slugs, link schemes) give the same answers as the Unicode ones.
    /// Inlinable, so that callers in other modules get it specialized for `String` or `Substring`
    /// rather than reading every byte through the protocol's witness table.
    @inlinable public var isASCII: Bool {
        utf8.allSatisfy { $0 < 0x80 }
    }
}
