/* store-util.h - a private /run for the namespace tests: the library keeps
 * its system-wide record under /run/netioapi-compat (src/linux/store.c), a
 * path no variable can redirect, so a test that sets the interface metric
 * or DisableDefaultRoutes first gives itself a mount namespace of its own
 * with a tmpfs on /run, and the host's /run is never written. */
#ifndef STORE_UTIL_H
#define STORE_UTIL_H

/* unshare(CLONE_NEWNS), mounts private, tmpfs (root, 0755) on /run: NULL,
 * or why it cannot. */
const char *ns_private_run(void);

#endif
