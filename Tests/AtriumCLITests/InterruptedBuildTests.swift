import Foundation
import Testing
import TestSupport

/// Issue #10: `atrium build` killed at random moments never leaves a half site, and a build that
/// cannot write says where, why and what to do. The binary is killed for real (SIGKILL, which no
/// handler can soften); the full and read-only disks are real tmpfs mounts inside a private
/// mount namespace when the machine allows one (see `MountNamespace`); elsewhere those two are
/// skipped and `SiteWriterFailureTests` covers the same messages with injected failures.
@Suite("interrupted and failing builds (binary)")
struct InterruptedBuildTests {
    static let environment = ProcessInfo.processInfo.environment

    /// `count` practice notes, committed: about a second to build in a debug build.
    static func bulkRepository(products count: Int) throws -> FixtureRepository {
        var text = BuildCommandTests.configuration
        for index in 0..<count {
            text += BuildCommandTests.product(String(format: "pn-bulk-%03d", index), title: "Bulk practice number \(index) on rosters",
                                              date: String(format: "2023-%02d-%02d", index % 12 + 1, index % 28 + 1),
                                              extra: "strategic_areas: [peace-and-security]\ntags: [tag-\(index % 17)]\n",
                                              body: "## Scope\n\nBody text of product \(index) about mediation and rosters.\n\n## Details\n\nMore.\n")
        }
        let fixture = try FixtureRepository(text, copyingSchemas: true, copyingTemplates: true)
        try fixture.commitAll()
        return fixture
    }

    /// Every entry under `folder`: files with their bytes, folders as nil; nil when `folder` does not exist.
    static func snapshot(_ folder: String) -> [String: Data?]? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
              let enumerator = FileManager.default.enumerator(atPath: folder) else { return nil }
        var entries: [String: Data?] = [:]
        for case let path as String in enumerator {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isFolder)
            entries[path] = isFolder.boolValue ? .some(nil) : .some(FileManager.default.contents(atPath: folder + "/" + path) ?? Data())
        }
        return entries
    }

    /// How `site` differs from `reference`, in a few words.
    static func difference(_ site: [String: Data?]?, _ reference: [String: Data?]) -> String {
        guard let site else { return "the folder does not exist" }
        let missing = Set(reference.keys).subtracting(site.keys), extra = Set(site.keys).subtracting(reference.keys)
        let changed = reference.keys.filter { site[$0] != nil && site[$0]! != reference[$0]! }
        return "\(missing.count) missing (\(missing.sorted().prefix(3))), \(extra.count) extra (\(extra.sorted().prefix(3))), "
            + "\(changed.count) changed (\(changed.sorted().prefix(3)))"
    }

    static func strays(beside out: String) -> [String] {
        let parent = (out as NSString).deletingLastPathComponent, name = (out as NSString).lastPathComponent
        return ((try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? []).filter { $0.hasPrefix(".\(name).atrium-") }.sorted()
    }

    @Test("SIGKILL at random moments leaves exactly the old site or exactly the new one; the next build cleans up and succeeds")
    func killedBuilds() throws {
        let seed = UInt64(Self.environment["ATRIUM_KILL_SEED"] ?? "") ?? UInt64.random(in: 1...UInt64(UInt32.max))
        let kills = Int(Self.environment["ATRIUM_KILLS"] ?? "") ?? 30
        var random = SplitMix64(seed: seed)
        let fixture = try Self.bulkRepository(products: 150)
        defer { fixture.remove() }
        let work = fixture.path + "-out"
        defer { try? FileManager.default.removeItem(atPath: work) }
        let out = work + "/_site"
        // Two different complete sites of the same commit: built on two days (the pages say when).
        let days = ["2024-05-01", "2024-05-02"]
        func arguments(_ day: String, into folder: String) -> [String] {
            ["build", "--root", fixture.path, "--out", folder, "--now", day, "--quiet"]
        }
        var references: [[String: Data?]] = []
        var duration = 0.0
        for (index, day) in days.enumerated() {
            let started = Date()
            let result = try PackagePaths.atrium(arguments(day, into: work + "/reference-\(index)"))
            duration = max(duration, Date().timeIntervalSince(started))
            try #require(result.status == 0, "\(result.standardError)")
            references.append(try #require(Self.snapshot(work + "/reference-\(index)")))
        }
        try #require(references[0] != references[1] && references[0].count > 100)
        try #require(try PackagePaths.atrium(arguments(days[0], into: out)).status == 0)
        try #require(Self.snapshot(out) == references[0])

        var current = 0
        var strayCount = 0
        var tally = ["old site kept": 0, "new site complete": 0, "finished before the kill": 0]
        let started = Date()
        for attempt in 0..<kills {
            let target = 1 - current
            // Half the kills anywhere in a build, half near its end, where the swap happens.
            let fraction = attempt % 2 == 0 ? Double(random.next(1100)) / 1000 : 0.75 + Double(random.next(300)) / 1000
            let delay = duration * fraction
            let process = Process()
            process.executableURL = PackagePaths.atriumBinary
            process.arguments = arguments(days[target], into: out)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            Thread.sleep(forTimeInterval: delay)
            let finished = !process.isRunning
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let site = Self.snapshot(out)
            let context = "seed \(seed) (ATRIUM_KILL_SEED=\(seed)), kill \(attempt + 1) after \(String(format: "%.2f", delay)) s of a \(String(format: "%.2f", duration)) s build"
            if finished {
                tally["finished before the kill"]! += 1
                #expect(process.terminationStatus == 0 && site == references[target], "\(context): finished, but \(Self.difference(site, references[target]))")
                current = target
            } else if site == references[target] {
                tally["new site complete"]! += 1
                current = target
            } else if site == references[current] {
                tally["old site kept"]! += 1
            } else {
                Issue.record("\(context): the site is neither the old one (\(Self.difference(site, references[current]))) nor the new one (\(Self.difference(site, references[target])))")
                return
            }
            // Leftovers do not pile up: every build that gets as far as writing removes those of
            // builds no longer running, so at most the last interrupted build's one folder is there.
            let left = Self.strays(beside: out)
            #expect(left.count <= 1, "\(context): leftovers pile up: \(left)")
            strayCount = max(strayCount, left.count)
        }
        // A build that is left alone succeeds and leaves nothing beside the site.
        let target = 1 - current
        let final = try PackagePaths.atrium(arguments(days[target], into: out))
        #expect(final.status == 0, "\(final.standardError)")
        #expect(Self.snapshot(out) == references[target], "\(Self.difference(Self.snapshot(out), references[target]))")
        #expect(Self.strays(beside: out) == [])
        print(String(format: "killed builds: seed %llu, %d kills over %.1f s (build %.2f s): %@; at most %d stray folder at a time", seed, kills,
                     Date().timeIntervalSince(started), duration, tally.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "),
                     strayCount))
    }

    @Test("an output folder under a regular file: the path, the reason and what to do, for any user")
    func outputUnderAFile() throws {
        let fixture = try BuildCommandTests.mixedRepository()
        defer { fixture.remove() }
        let blocker = fixture.path + "-notes.txt"
        try Data("not a folder".utf8).write(to: URL(fileURLWithPath: blocker))
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let out = blocker + "/site/_site"
        let result = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", "2024-05-01", "--quiet"])
        #expect(result.status == 1)
        #expect(result.standardError.hasSuffix("""
            error: not building: cannot create the folder `\(blocker)` for the site: Not a directory (ENOTDIR); `\(blocker)` is a file, \
            not a folder: choose another output folder (--out); `\(out)` is unchanged

            """), "\(result.standardError)")
    }

    @Test("an unwritable output folder: the path, the reason and what to do, and the old site untouched (permissions for a user, a read-only mount for root)")
    func unwritableOutput() throws {
        let fixture = try BuildCommandTests.mixedRepository()
        defer { fixture.remove() }
        let work = fixture.path + "-out"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try #require(try PackagePaths.atrium(["build", "--root", fixture.path, "--out", work + "/old", "--now", "2024-05-01", "--quiet"]).status == 0)
        let old = try #require(Self.snapshot(work + "/old"))
        if geteuid() != 0 {
            // A normal user: a folder without write permission.
            let parent = work + "/locked"
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: work + "/old", toPath: parent + "/_site")
            chmod(parent, 0o555)
            defer { chmod(parent, 0o755) }
            let out = parent + "/_site"
            let result = try PackagePaths.atrium(["build", "--root", fixture.path, "--out", out, "--now", "2024-05-02", "--quiet"])
            #expect(result.status == 1)
            #expect(result.standardError.hasSuffix("""
                error: not building: cannot create a folder beside `\(out)` to build the new site in: Permission denied (EACCES); atrium builds \
                the site next to the output folder and swaps it in when complete, so `\(parent)` must be writable; make `\(parent)` writable \
                for this user, or choose another output folder (--out); `\(out)` is unchanged

                """), "\(result.standardError)")
            #expect(Self.snapshot(out) == old)
            return
        }
        // Root writes through any permission: a read-only file system stops it too.
        let mount = work + "/mount"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        let script = """
            mount -t tmpfs tmpfs "$1" || exit 97
            cp -a "$2" "$1/_site" && mount -o remount,ro "$1" || exit 97
            "$3" build --root "$4" --out "$1/_site" --now 2024-05-02 --quiet
            echo "status $?"
            diff -r "$2" "$1/_site" >/dev/null && echo "old site unchanged"
            ls -A "$1"
            """
        guard let result = try MountNamespace.run(script, arguments: [mount, work + "/old", PackagePaths.atriumBinary.path, fixture.path]) else {
            print("unwritable output as root: skipped, this machine allows no private mount namespace (injected EROFS is tested in SiteWriterFailureTests)")
            return
        }
        let out = mount + "/_site"
        #expect(result.standardOutput == "status 1\nold site unchanged\n_site\n", "\(result.standardOutput)\(result.standardError)")
        #expect(result.standardError.hasSuffix("""
            error: not building: cannot create a folder beside `\(out)` to build the new site in: Read-only file system (EROFS); atrium builds \
            the site next to the output folder and swaps it in when complete, so `\(mount)` must be writable; `\(mount)` is on a read-only \
            file system: choose another output folder (--out); `\(out)` is unchanged

            """), "\(result.standardError)")
    }

    @Test("a full disk mid-build: the path, the reason and what to do; the old site untouched and no staging folder left (a tiny tmpfs)")
    func fullDisk() throws {
        let fixture = try Self.bulkRepository(products: 60)
        defer { fixture.remove() }
        let work = fixture.path + "-out"
        defer { try? FileManager.default.removeItem(atPath: work) }
        try #require(try PackagePaths.atrium(["build", "--root", fixture.path, "--out", work + "/old", "--now", "2024-05-01", "--quiet"]).status == 0)
        let mount = work + "/mount"
        try FileManager.default.createDirectory(atPath: mount, withIntermediateDirectories: true)
        // Room for the old site and about half of a new one.
        let script = """
            kib=$(du -sk "$2" | cut -f1)
            mount -t tmpfs -o size=$((kib + kib / 2))k tmpfs "$1" || exit 97
            cp -a "$2" "$1/_site" || exit 98
            "$3" build --root "$4" --out "$1/_site" --now 2024-05-02 --quiet
            echo "status $?"
            diff -r "$2" "$1/_site" >/dev/null && echo "old site unchanged"
            ls -A "$1"
            """
        guard let result = try MountNamespace.run(script, arguments: [mount, work + "/old", PackagePaths.atriumBinary.path, fixture.path]) else {
            print("full disk: skipped, this machine allows no private mount namespace (injected ENOSPC is tested in SiteWriterFailureTests)")
            return
        }
        let out = mount + "/_site"
        #expect(result.standardOutput == "status 1\nold site unchanged\n_site\n", "\(result.standardOutput)\(result.standardError)")
        let pattern = "error: not building: cannot write the site into `\(out)`: (writing|creating the folder for) `[^`]+` failed: No space left on device \\(ENOSPC\\); "
            + "free some space on the disk that holds `\(mount)`, or choose another output folder \\(--out\\); `\(out)` is unchanged\n$"
        #expect(result.standardError.range(of: pattern, options: .regularExpression) != nil, "\(result.standardError)")
    }
}
