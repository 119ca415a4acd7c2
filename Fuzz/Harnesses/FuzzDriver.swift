import Foundation

#if FUZZING
/// libFuzzer's driver, linked in by `-sanitize=fuzzer`. Called from the executable's own `main`
/// because SwiftPM links every executable with `main` aliased to the module's entry point.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: FuzzDriver.Entry) -> CInt
#endif

/// The `main` of every fuzzer executable.
///
/// Built by `Fuzz/run.sh` with `-D FUZZING -sanitize=fuzzer,address`, it hands the command line
/// to libFuzzer. A plain `swift build` has no libFuzzer, so the same executable replays the files
/// (or folders of files) named on its command line once each: `swift build` stays green, and a
/// reproducer can be rerun under a debugger without the fuzzing toolchain.
///
/// Either way `--write-seeds FOLDER` writes the harness's seed inputs and exits.
public enum FuzzDriver {
    /// What libFuzzer calls for each input; a C function pointer, so it cannot capture anything.
    public typealias Entry = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func main(_ harness: any FuzzHarness.Type, entry: Entry) -> Never {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--write-seeds" {
            exit(writeSeeds(harness, to: URL(fileURLWithPath: arguments[2])))
        }
        harness.prepare()
        #if FUZZING
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, entry))
        #else
        exit(replay(harness, paths: Array(arguments.dropFirst())))
        #endif
    }

    /// Runs one input through `harness` and traps when the outcome is not sensible, so libFuzzer
    /// records the input as a crash.
    public static func feed(_ harness: any FuzzHarness.Type, _ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let input = data.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        let problems = harness.check(input)
        if !problems.isEmpty {
            fatalError("fuzz-\(harness.name): \(problems.joined(separator: "; "))")
        }
        return 0
    }

    private static func replay(_ harness: any FuzzHarness.Type, paths: [String]) -> CInt {
        guard !paths.isEmpty else {
            print("usage: fuzz-\(harness.name) FILE-OR-FOLDER… | --write-seeds FOLDER")
            print("(a plain build replays inputs; Fuzz/run.sh builds the libFuzzer version)")
            return 2
        }
        var files: [URL] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                print("fuzz-\(harness.name): no such file: \(path)")
                return 2
            }
            let url = URL(fileURLWithPath: path)
            files += isDirectory.boolValue ? SeedSources.files(under: url, suffix: "") : [url]
        }
        var failures = 0
        for file in files {
            guard let data = try? Data(contentsOf: file) else { continue }
            let problems = harness.check(Array(data))
            if !problems.isEmpty {
                failures += 1
                print("\(file.path): \(problems.joined(separator: "; "))")
            }
        }
        print("fuzz-\(harness.name): replayed \(files.count) inputs, \(failures) not sensible")
        return failures == 0 ? 0 : 1
    }

    private static func writeSeeds(_ harness: any FuzzHarness.Type, to folder: URL) -> CInt {
        let seeds = harness.seeds(SeedSources())
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            for seed in seeds {
                try Data(seed.bytes).write(to: folder.appendingPathComponent(seed.name))
            }
        } catch {
            print("fuzz-\(harness.name): cannot write seeds: \(error)")
            return 1
        }
        print("fuzz-\(harness.name): wrote \(seeds.count) seeds to \(folder.path)")
        return 0
    }
}
