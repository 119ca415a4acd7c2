/// The commits a merge brought in: reachable from its other parents, not from its first.
///
/// This is what `git rev-list OTHER ^FIRST` lists, and what a libgit2 revision walk with the first
/// parent hidden returns; it follows the same steps as that walk (`limit_list` in libgit2's
/// revwalk.c, after git's revision.c): commits are taken newest first by committer time, a hidden
/// commit's ancestors are hidden as they are met, and the walk stops once everything left to
/// look at is hidden and older than what was found, give or take five commits of slack for
/// skewed clocks. It reads commits through the walk's own `ObjectStore`, where a revision walk
/// per merge read each one again through libgit2.
struct SideBranch {
    private struct Node {
        var id: ObjectID
        var time: Int64 = 0
        /// The commit and the indices of its parents, once it has been read.
        var commit: RawCommit?
        var parents: [Int]?
        var seen = false
        var added = false
        var hidden = false
    }

    private static let slack = 5
    private var nodes: [Node] = []
    private var indices: [ObjectID: Int] = [:]
    private let store: ObjectStore

    private init(store: ObjectStore) {
        self.store = store
    }

    /// The commits reachable from `merged` and not from `first`, in the order the walk found them.
    static func commits(merged: [ObjectID], first: ObjectID, store: ObjectStore) throws -> [RawCommit] {
        var walk = SideBranch(store: store)
        return try walk.run(merged: merged, first: first)
    }

    private mutating func node(_ id: ObjectID) -> Int {
        if let index = indices[id] { return index }
        nodes.append(Node(id: id))
        indices[id] = nodes.count - 1
        return nodes.count - 1
    }

    private mutating func parse(_ index: Int) throws {
        guard nodes[index].parents == nil else { return }
        let commit = try store.commit(nodes[index].id)
        guard let time = commit.walkTime else {
            throw GitRepository.OpenError.other("commit \(GitLibrary.hex(commit.id.oid)) has no committer time that can be read")
        }
        var parents: [Int] = []
        if let first = commit.firstParent { parents.append(node(first)) }
        for other in commit.mergedParents { parents.append(node(other)) }
        nodes[index].time = time
        nodes[index].commit = commit
        nodes[index].parents = parents
    }

    private mutating func run(merged: [ObjectID], first: ObjectID) throws -> [RawCommit] {
        var queue: [Int] = []
        for (id, hidden) in merged.map({ ($0, false) }) + [(first, true)] {
            let index = node(id)
            try parse(index)
            if hidden {
                nodes[index].hidden = true
                markAncestorsHidden(index)
            }
            if !nodes[index].seen {
                nodes[index].seen = true
                queue.append(index)
            }
        }
        var found: [Int] = []
        var time = Int64.max, slack = Self.slack
        while !queue.isEmpty {
            let index = queue.removeFirst()
            try addParents(of: index, to: &queue)
            time = min(time, nodes[index].time)
            if nodes[index].hidden {
                markAncestorsHidden(index)
                slack = stillInteresting(queue, time: time, slack: slack)
                if slack > 0 { continue }
                break
            }
            time = nodes[index].time
            found.append(index)
        }
        // A commit found early can be hidden later, when a hidden path reaches it.
        return found.filter { !nodes[$0].hidden }.compactMap { nodes[$0].commit }
    }

    /// Newest first by committer time; a commit goes after those with the same time.
    private func insertByTime(_ index: Int, into queue: inout [Int]) {
        let time = nodes[index].time
        let position = queue.firstIndex { nodes[$0].time < time } ?? queue.count
        queue.insert(index, at: position)
    }

    private mutating func addParents(of index: Int, to queue: inout [Int]) throws {
        guard !nodes[index].added else { return }
        nodes[index].added = true
        let parents = nodes[index].parents ?? []
        if nodes[index].hidden {
            for parent in parents {
                nodes[parent].hidden = true
                try parse(parent)
                markAncestorsHidden(parent)
                nodes[parent].seen = true
                insertByTime(parent, into: &queue)
            }
            return
        }
        for parent in parents {
            try parse(parent)
            if !nodes[parent].seen {
                nodes[parent].seen = true
                insertByTime(parent, into: &queue)
            }
        }
    }

    /// Hides the ancestors of `index` that have been read so far (the others are hidden when met).
    private mutating func markAncestorsHidden(_ index: Int) {
        var pending = nodes[index].parents ?? []
        while let next = pending.popLast() {
            var current: Int? = next
            while let commit = current, !nodes[commit].hidden {
                nodes[commit].hidden = true
                guard let parents = nodes[commit].parents else { break }
                pending.append(contentsOf: parents)
                current = parents.first
            }
        }
    }

    private func stillInteresting(_ queue: [Int], time: Int64, slack: Int) -> Int {
        guard let head = queue.first else { return 0 }
        if time <= nodes[head].time { return Self.slack }
        for index in queue where !nodes[index].hidden || nodes[index].time > time { return Self.slack }
        return slack - 1
    }
}
