/// libFuzzer's entry point: hands each input to the target's `fuzz(_:)` as an array.
/// Every target defines `fuzz(_ input: [UInt8])` in its own folder; this file is compiled
/// into each of them.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    fuzz(Array(UnsafeBufferPointer(start: start, count: count)))
    return 0
}
