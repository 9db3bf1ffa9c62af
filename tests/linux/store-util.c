/* store-util.c - see store-util.h. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "store-util.h"

const char *ns_private_run(void)
{
    static char why[160];
    if (unshare(CLONE_NEWNS) != 0)
        snprintf(why, sizeof(why), "unshare(CLONE_NEWNS): %s", strerror(errno));
    /* Private first: the tmpfs must not propagate back to the host. */
    /* The kernel ignores source and type here; valgrind wants strings. */
    else if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) != 0)
        snprintf(why, sizeof(why), "mount --make-rprivate /: %s", strerror(errno));
    else if (mount("tmpfs", "/run", "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755") != 0)
        snprintf(why, sizeof(why), "mount tmpfs /run: %s", strerror(errno));
    else
        return NULL;
    return why;
}
