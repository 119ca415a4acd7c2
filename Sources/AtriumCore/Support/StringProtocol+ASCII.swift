extension StringProtocol {
    /// Whether every character is ASCII: then scalars are bytes, and the fast paths that read
    /// text as bytes (columns, slugs, link schemes) give the same answers as the Unicode ones.
    public var isASCII: Bool {
        utf8.allSatisfy { $0 < 0x80 }
    }
}
