import Testing

@testable import Connectors

/// The memory figures logged after each run, read from Linux's `/proc/self/status`.
@Suite struct ProcessMemoryTests {
    @Test func readsResidentAndPeakInBytes() throws {
        let status = "Name:\tldapsync\nVmPeak:\t  900000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t9\n"
        let memory = try #require(ProcessMemory(status: status))
        #expect(memory == ProcessMemory(resident: 100 << 20, peak: 200 << 20))
        #expect(ProcessMemory.megabytes(memory.peak) == "200.0")
    }

    @Test(arguments: ["Name:\tldapsync\n", "VmHWM:\t 12 MB\nVmRSS:\t 1 kB\n", "VmHWM:\t many kB\nVmRSS:\t 1 kB\n"])
    func anotherLayoutIsNoFigure(status: String) {
        #expect(ProcessMemory(status: status) == nil)
    }

    @Test func thisProcessHasAPeakAtLeastWhatIsResident() throws {
        let memory = try #require(ProcessMemory.current())
        #expect(memory.resident > 0)
        #expect(memory.peak >= memory.resident)
    }
}
