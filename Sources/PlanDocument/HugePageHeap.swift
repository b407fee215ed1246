// Large trees on huge pages. A 20 MB JSON text becomes about 60 MB of small
// heap blocks; faulting them in 4 KB at a time (15,000 page faults, each
// zeroing its page) was a fifth of the CPU time of checking such a file.
// Before such a parse, the heap is set to grow in large steps and the
// parsing threads' heaps are marked for transparent huge pages (2 MB), the
// same as glibc does with GLIBC_TUNABLES=glibc.malloc.hugetlb=1 and a large
// glibc.malloc.top_pad, which a program cannot set for itself once started.
#if canImport(Glibc)
import Glibc

// glibc's mallopt (malloc.h) is not exported by the Glibc module; it has a
// plain C signature, declared here to reach it. M_TOP_PAD is -2 there.
@_silgen_name("mallopt")
private func glibcMallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let mallocTopPad: Int32 = -2
#endif

enum HugePageHeap {
    /// glibc's non-main arenas live in heaps of this size, aligned to it
    /// (HEAP_MAX_SIZE: twice the largest mmap threshold, 32 MB, on 64-bit).
    static let arenaHeapSize = 64 << 20

    /// Makes heaps grow by 64 MB at a time (M_TOP_PAD): a thread arena made
    /// after this starts with its whole heap usable, which huge pages need.
    /// Once per process; the setting stays (untouched space costs nothing).
    static let prepare: Void = {
        #if canImport(Glibc)
        _ = glibcMallopt(mallocTopPad, Int32(arenaHeapSize))
        #endif
    }()

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
