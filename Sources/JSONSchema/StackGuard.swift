#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

#if os(Linux)
/// glibc and musl declare these only under `_GNU_SOURCE`, which the Swift module map does not set.
@_silgen_name("pthread_getattr_np")
private func pthread_getattr_np(_ thread: pthread_t, _ attributes: UnsafeMutablePointer<pthread_attr_t>) -> CInt
@_silgen_name("gettid")
private func gettid() -> pid_t
#endif

/// Tells recursion when the current thread's stack is nearly used up, so a deeply nested
/// instance or schema ends in an error instead of a crash.
///
/// A fixed depth limit alone is not enough: how deep a thread can go depends on its stack size
/// (8 MiB for a main thread on Linux, 512 KiB for secondary threads on macOS) and on the frame
/// sizes of the build (an AddressSanitizer debug build overflowed 8 MiB within the evaluator's
/// 256 levels). The bounds are looked up only once recursion gets a few levels deep.
struct StackGuard {
    /// Stack kept free below the guard for one level's own work (formats, regexes, messages).
    static let reserve: UInt = 128 * 1024
    /// The lowest address recursion may reach, or 0 when the stack's bounds are unknown.
    private let floor: UInt

    init() {
        #if os(Linux)
        // glibc finds the main thread's stack by reading /proc/self/maps; it does not move, so once is enough.
        let lowest = getpid() == gettid() ? Self.mainThreadLowestAddress : Self.lowestAddress()
        #else
        let lowest = Self.lowestAddress()
        #endif
        floor = lowest.map { $0 + Self.reserve } ?? 0
    }

    private static let mainThreadLowestAddress = lowestAddress()

    /// True while the caller's frame lies above the floor (stacks grow down on every supported platform).
    @inline(never)
    func hasRoom() -> Bool {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { Self.realStackAddress(of: UnsafeMutableRawPointer($0)) } > floor
    }

    /// AddressSanitizer moves locals into heap-allocated "fake" frames to catch use after return;
    /// its runtime maps such an address back to the real frame. Without ASan the address is real.
    private static func realStackAddress(of local: UnsafeMutableRawPointer) -> UInt {
        if let sanitizer = AddressSanitizerFakeStack.runtime, let fakeStack = sanitizer.current(),
           let real = sanitizer.realFrame(fakeStack, local, nil, nil) {
            return UInt(bitPattern: real)
        }
        return UInt(bitPattern: local)
    }

    private static func lowestAddress() -> UInt? {
        #if os(Linux)
        var attributes = pthread_attr_t()
        guard pthread_getattr_np(pthread_self(), &attributes) == 0 else { return nil }
        defer { pthread_attr_destroy(&attributes) }
        var address: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &address, &size) == 0, let address else { return nil }
        return UInt(bitPattern: address)
        #elseif canImport(Darwin)
        let thread = pthread_self()
        return UInt(bitPattern: pthread_get_stackaddr_np(thread)) - UInt(pthread_get_stacksize_np(thread))
        #else
        return nil
        #endif
    }
}

/// The two functions of AddressSanitizer's interface that translate a fake-stack address, looked
/// up at run time so that builds without ASan need nothing.
private struct AddressSanitizerFakeStack: @unchecked Sendable {
    typealias Current = @convention(c) () -> UnsafeMutableRawPointer?
    typealias RealFrame = @convention(c) (UnsafeMutableRawPointer?, UnsafeMutableRawPointer?,
                                          UnsafeMutablePointer<UnsafeMutableRawPointer?>?,
                                          UnsafeMutablePointer<UnsafeMutableRawPointer?>?) -> UnsafeMutableRawPointer?
    let current: Current
    let realFrame: RealFrame

    static let runtime: AddressSanitizerFakeStack? = {
        #if canImport(Glibc) || canImport(Musl) || canImport(Darwin)
        let process = dlopen(nil, RTLD_NOW)
        guard let current = dlsym(process, "__asan_get_current_fake_stack"),
              let realFrame = dlsym(process, "__asan_addr_is_in_fake_stack") else { return nil }
        return AddressSanitizerFakeStack(current: unsafeBitCast(current, to: Current.self),
                                         realFrame: unsafeBitCast(realFrame, to: RealFrame.self))
        #else
        return nil
        #endif
    }()
}
