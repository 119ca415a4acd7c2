/// One commit as the freshness stage needs it.
public struct CommitInfo: Sendable, Hashable, Codable {
    /// Full hexadecimal commit id.
    public var id: String
    /// Committer time, seconds since the Unix epoch: the moment the change landed on the main line.
    public var time: Int64
    /// The committer's offset from UTC in minutes, so dates read as the committer saw them.
    public var offsetMinutes: Int
    public var author: Person

    public init(id: String, time: Int64, offsetMinutes: Int, author: Person) {
        self.id = id
        self.time = time
        self.offsetMinutes = offsetMinutes
        self.author = author
    }

    /// The committer's calendar day of the commit.
    public var date: CalendarDate { CalendarDate(unixTime: time + Int64(offsetMinutes) * 60) }
}

/// A person as git records them, after `.mailmap`.
public struct Person: Sendable, Hashable, Codable, Comparable {
    public var name: String
    public var email: String

    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }

    public static func < (lhs: Person, rhs: Person) -> Bool { (lhs.name, lhs.email) < (rhs.name, rhs.email) }
}

/// What the history says about one file at HEAD.
public struct FileHistory: Sendable, Hashable, Codable {
    /// The file's path at HEAD (repository-relative).
    public var path: String
    /// The newest first-parent commit that changed the file substantively (renames, ignored
    /// revisions and commits marked non-substantive do not count).
    public var lastSubstantiveCommit: CommitInfo?
    /// The newest commit that touched the file at all, substantive or not.
    public var lastCommit: CommitInfo?
    /// The commit that created the file (following renames).
    public var createdCommit: CommitInfo?
    /// Substantive first-parent commits that changed the file.
    public var revisions: Int
    /// Authors of the non-merge commits that changed it, after `.mailmap`, sorted.
    public var contributors: [Person]
    /// True when the work tree differs from HEAD for this file, or the file is not committed.
    public var uncommitted: Bool

    public init(path: String, lastSubstantiveCommit: CommitInfo? = nil, lastCommit: CommitInfo? = nil,
                createdCommit: CommitInfo? = nil, revisions: Int = 0, contributors: [Person] = [], uncommitted: Bool = false) {
        self.path = path
        self.lastSubstantiveCommit = lastSubstantiveCommit
        self.lastCommit = lastCommit
        self.createdCommit = createdCommit
        self.revisions = revisions
        self.contributors = contributors
        self.uncommitted = uncommitted
    }
}
