import CFuzzerDriver
import Glibc
import _PlanFuzzing

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
    FuzzTarget.json.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
})
