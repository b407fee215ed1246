// Large trees on huge pages. A 20 MB JSON text becomes about 60 MB of small
// heap blocks; faulting them in 4 KB at a time (15,000 page faults, each
// zeroing its page) was a fifth of the CPU time of checking such a file.
// The parsing threads' heaps are marked for transparent huge pages (2 MB).
// That needs heaps that grow in large steps (glibc's M_TOP_PAD, the same as
// GLIBC_TUNABLES=glibc.malloc.top_pad): a process-wide setting, so only the
// planbench executable makes it, at start (Sources/planbench); a program
// that uses this library without it just gets fewer huge pages.
#if canImport(Glibc)
import Glibc
#endif

public enum HugePageHeap {
    /// glibc's non-main arenas live in heaps of this size, aligned to it
    /// (HEAP_MAX_SIZE: twice the largest mmap threshold, 32 MB, on 64-bit).
    static let arenaHeapSize = 64 << 20

    /// How much the planbench executable pads heap growth by (M_TOP_PAD), so
    /// that a thread arena starts with its whole heap usable, which huge
    /// pages need.
    public static let topPad = arenaHeapSize

    /// Marks the heap of the calling thread's arena for huge pages, when the
    /// thread has an arena of its own (not the main one, which grows by brk).
    static func adviseForThisThread() {
        #if canImport(Glibc)
        guard let probe = malloc(64) else { return }
        defer { free(probe) }
        let address = UInt(bitPattern: probe)
        // The main arena's blocks lie below the program break; thread heaps
        // are mapped far above it.
        if let brk = sbrk(0), address < UInt(bitPattern: brk) { return }
        let base = address & ~UInt(arenaHeapSize - 1)
        _ = madvise(UnsafeMutableRawPointer(bitPattern: base), arenaHeapSize, MADV_HUGEPAGE)
        #endif
    }
}
