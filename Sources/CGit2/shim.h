#ifndef ATRIUM_CGIT2_SHIM_H
#define ATRIUM_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: small fixed-signature wrappers. */

/* Trees over libgit2's default 4 KiB cache limit would be inflated again on every lookup;
   a history walk looks up each content tree twice (as a commit's tree and as its child's parent tree). */
static inline int atrium_git_set_cache_object_limit(git_object_t type, size_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, bytes);
}

static inline int atrium_git_set_cache_max_size(ssize_t bytes) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, bytes);
}

/* Re-hashing every object read is an integrity check git itself does not make on log. */
static inline int atrium_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}

#endif
