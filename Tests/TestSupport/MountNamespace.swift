import Foundation

/// Runs a shell script in a private mount namespace, where it may mount a tiny or read-only tmpfs
/// without touching the machine's own mounts (they vanish when the script ends): as root with
/// `unshare --mount`, otherwise in a user namespace (`unshare --user --map-root-user --mount`).
/// Tests use it for failures that even root meets: a full disk, a read-only file system.
public enum MountNamespace {
    /// The exit status a script uses to say its `mount` failed: the sandbox forbids it.
    public static let mountRefused: Int32 = 97

    /// The script's result, or nil when no way of making a mount namespace works here (no
    /// `unshare`, no privilege, user namespaces disabled) or the script exited with `mountRefused`.
    public static func run(_ script: String, arguments: [String] = []) throws -> ProcessRunner.Result? {
        for prefix in prefixes {
            let result = try ProcessRunner.run("unshare", prefix + ["sh", "-c", script, "sh"] + arguments)
            if result.status == mountRefused { continue }
            // unshare itself failing says so on standard error before the script ever runs.
            if result.status != 0, result.standardError.hasPrefix("unshare:") { continue }
            return result
        }
        return nil
    }

    private static var prefixes: [[String]] {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") else { return [] }
        return geteuid() == 0 ? [["--mount"], ["--user", "--map-root-user", "--mount"]] : [["--user", "--map-root-user", "--mount"]]
    }
}
