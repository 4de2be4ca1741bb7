#if canImport(Glibc)
    import Glibc
#endif

/// Stops the fuzzer with `message` when a property does not hold. libFuzzer records the
/// input that led here as a crash, exactly as it does for a trap inside the code under test.
func require(_ condition: Bool, _ message: @autoclosure () -> String) {
    guard !condition else { return }
    var line = "property violated: \(message())\n"
    line.withUTF8 { text in _ = write(STDERR_FILENO, text.baseAddress, text.count) }
    abort()
}
