/*
 * bestroute-fields.c - what GetBestRoute2 answers: the route, printed by
 * the one MIB_IPFORWARD_ROW2 table (route-fields.c), and after it the
 * source address it chose.
 */
#include "nioctl.h"

/* The base table's offsets are the row's: the row must come first. */
_Static_assert(offsetof(struct nioctl_route_view, row) == 0,
               "nioctl_fwd_table reads the view at the row's offsets");

#define M(member) offsetof(struct nioctl_route_view, member), \
                  sizeof(((struct nioctl_route_view *)0)->member)

static const struct nioctl_field nioctl_best_fields[] = {
    {"BestSourceAddress", NIOCTL_K_STR, M(best_source), NULL, nioctl_text_sockaddr, NULL},
};

const struct nioctl_table nioctl_route_table =
    NIOCTL_TABLE_EXTENDING(nioctl_fwd_table, nioctl_best_fields);
