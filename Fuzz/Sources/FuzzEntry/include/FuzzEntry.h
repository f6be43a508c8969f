#ifndef NOTICES_FUZZ_ENTRY_H
#define NOTICES_FUZZ_ENTRY_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's `main` under the name SwiftPM's link line expects (see FuzzEntry.c).
int NoticesFuzz_main(int argc, char **argv);
int MustacheFuzz_main(int argc, char **argv);

#endif
