// libFuzzer's driver, for an executable that has a `main` of its own
// (SwiftPM's executables do). Linked in by -sanitize=fuzzer.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
