// The one C header the git layer sees. GIT_DEPRECATE_HARD keeps every
// deprecated libgit2 call out of the build, so we only use the current API.
#ifndef PLANBENCH_CLIBGIT2_SHIM_H
#define PLANBENCH_CLIBGIT2_SHIM_H
#define GIT_DEPRECATE_HARD
#include <git2.h>
#include <git2/sys/repository.h>
#endif
