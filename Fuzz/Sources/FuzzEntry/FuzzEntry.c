// The program's entry point for SwiftPM builds on Linux.
//
// SwiftPM links every executable with `--defsym main=<Module>_main` (testable executables), but
// `-parse-as-library` (needed so libFuzzer, not Swift, owns `main`) emits no `NoticesFuzz_main`,
// and the link fails with "undefined symbol 'NoticesFuzz_main'". This defines that symbol and hands
// control to libFuzzer's driver, exactly as libFuzzer's own `main` would.
#include "FuzzEntry.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size); // the executable's, @_cdecl

int NoticesFuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}

int MustacheFuzz_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
