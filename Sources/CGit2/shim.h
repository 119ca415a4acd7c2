#ifndef ATRIUM_CGIT2_SHIM_H
#define ATRIUM_CGIT2_SHIM_H
#include <git2.h>
#endif
