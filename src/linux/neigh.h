/* neigh.h - what the Linux neighbour files share: one change request
 * (neigh.c builds it, resolve.c asks the kernel to resolve with it). */
#ifndef NIO_LINUX_NEIGH_H
#define NIO_LINUX_NEIGH_H

#include "linux.h"

struct nio_neigh_msg {
    const struct nio_neigh *n;
    uint16_t type, flags;       /* RTM_NEWNEIGH / RTM_DELNEIGH, NLM_F_* */
    bool use;                   /* NTF_USE: have the kernel resolve it */
};
void nio_neigh_msg_build(struct nio_nl *nl, const void *arg) NIO_HIDDEN;
/* The request for n, acknowledged: 0 or the kernel's -errno. */
int nio_neigh_send(const struct nio_neigh *n, uint16_t type, uint16_t flags, bool use) NIO_HIDDEN;

#endif
