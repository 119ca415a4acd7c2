#ifndef ATRIUM_CGIT2_SHIM_H
#define ATRIUM_CGIT2_SHIM_H
#include <git2.h>

/* git_libgit2_opts is variadic, which Swift cannot call: small fixed-signature wrappers. */

/* Per-type limits of libgit2's object cache: the history walk keeps its own trees, so it turns
   tree caching off, and commits (read once each) stay cheap to hold. */
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
