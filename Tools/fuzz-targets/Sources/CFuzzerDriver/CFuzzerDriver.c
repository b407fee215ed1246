// Only a header: LLVMFuzzerRunDriver comes with the fuzzer runtime.
#include "CFuzzerDriver.h"
