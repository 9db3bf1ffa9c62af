/* capture.c - records the kernel's rtnetlink replies, one message per file,
 * for test-parse.c and as seeds for fuzzers.  Built, never installed.
 *
 *   capture DIR
 *
 * dumps, from the caller's network namespace:
 *   DIR/link-<ifname>.bin        RTM_GETLINK, RTEXT_FILTER_SKIP_STATS (as the library asks)
 *   DIR/link-<ifname>-stats.bin  RTM_GETLINK with every attribute, counters included
 *   DIR/neightbl-<table>-<ifname or "default">.bin  RTM_GETNEIGHTBL
 * Each file holds one netlink message exactly as the kernel sent it.  Run it
 * in a namespace made for the purpose (record-corpus.sh): the messages carry
 * interface names and addresses.
 */
#include <errno.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>

struct capture {
    const char *dir;
    const char *suffix;         /* after the interface name of a link file */
    unsigned written;
};

/* Keeps a file name to [A-Za-z0-9._-]. */
static void sanitize(char *s)
{
    for (; *s != '\0'; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
              (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' || *s == '-'))
            *s = '_';
}

static int write_message(struct capture *c, const char *name, const struct nlmsghdr *nlh)
{
    char path[4096];
    FILE *f;
    int ok;
    snprintf(path, sizeof(path), "%s/%s.bin", c->dir, name);
    f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        return MNL_CB_ERROR;
    }
    ok = fwrite(nlh, 1, nlh->nlmsg_len, f) == nlh->nlmsg_len;
    if (fclose(f) != 0 || !ok) {
        perror(path);
        return MNL_CB_ERROR;
    }
    c->written++;
    return MNL_CB_OK;
}

/* The first attribute of that type after the fixed header, or NULL. */
static const struct nlattr *find_attr(const struct nlmsghdr *nlh, size_t hdrlen, uint16_t type)
{
    const struct nlattr *attr;
    mnl_attr_for_each(attr, nlh, hdrlen)
        if (mnl_attr_get_type(attr) == type)
            return attr;
    return NULL;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
    struct capture *c = data;
    const struct nlattr *ifname = find_attr(nlh, sizeof(struct ifinfomsg), IFLA_IFNAME);
    char name[128];
    if (ifname == NULL || mnl_attr_validate(ifname, MNL_TYPE_NUL_STRING) < 0) {
        fprintf(stderr, "capture: a link message without a name\n");
        return MNL_CB_ERROR;
    }
    snprintf(name, sizeof(name), "link-%s%s", mnl_attr_get_str(ifname), c->suffix);
    sanitize(name);
    return write_message(c, name, nlh);
}

static int neightbl_cb(const struct nlmsghdr *nlh, void *data)
{
    struct capture *c = data;
    const struct nlattr *tbl = find_attr(nlh, sizeof(struct ndtmsg), NDTA_NAME);
    const struct nlattr *parms = find_attr(nlh, sizeof(struct ndtmsg), NDTA_PARMS);
    char name[128], dev[IF_NAMESIZE + 16] = "default";
    if (tbl == NULL || mnl_attr_validate(tbl, MNL_TYPE_NUL_STRING) < 0) {
        fprintf(stderr, "capture: a neighbour table without a name\n");
        return MNL_CB_ERROR;
    }
    if (parms != NULL) {
        const struct nlattr *attr;
        mnl_attr_for_each_nested(attr, parms) {
            if (mnl_attr_get_type(attr) == NDTPA_IFINDEX &&
                mnl_attr_validate(attr, MNL_TYPE_U32) == 0) {
                uint32_t index = mnl_attr_get_u32(attr);
                if (if_indextoname(index, dev) == NULL)
                    snprintf(dev, sizeof(dev), "if%u", (unsigned)index);
            }
        }
    } else {
        snprintf(dev, sizeof(dev), "stats");
    }
    snprintf(name, sizeof(name), "neightbl-%s-%s", mnl_attr_get_str(tbl), dev);
    sanitize(name);
    return write_message(c, name, nlh);
}

/* Sends one dump request and runs cb on each reply until NLMSG_DONE. */
static int dump(struct mnl_socket *nl, uint16_t type, bool skip_stats, mnl_cb_t cb,
                struct capture *c)
{
    static char buf[65536] __attribute__((aligned(8)));
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    unsigned portid = mnl_socket_get_portid(nl), seq = 1;
    ssize_t n;
    int ret;
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = seq;
    if (type == RTM_GETLINK) {
        struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
        ifi->ifi_family = AF_UNSPEC;
        if (skip_stats)
            mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    } else {
        struct ndtmsg *ndtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndtm));
        ndtm->ndtm_family = AF_UNSPEC;
    }
    if (mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
        perror("capture: sendto");
        return -1;
    }
    do {
        n = mnl_socket_recvfrom(nl, buf, sizeof(buf));
        if (n < 0) {
            perror("capture: recvfrom");
            return -1;
        }
        ret = mnl_cb_run(buf, (size_t)n, seq, portid, cb, c);
    } while (ret > MNL_CB_STOP);
    if (ret < 0) {
        perror("capture: dump");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    struct capture c = {NULL, "", 0};
    struct mnl_socket *nl;
    int err = 0;
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    c.dir = argv[1];
    nl = mnl_socket_open(NETLINK_ROUTE);
    if (nl == NULL || mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0) {
        perror("capture: netlink socket");
        return 1;
    }
    c.suffix = "";
    err |= dump(nl, RTM_GETLINK, true, link_cb, &c);
    c.suffix = "-stats";
    err |= dump(nl, RTM_GETLINK, false, link_cb, &c);
    err |= dump(nl, RTM_GETNEIGHTBL, false, neightbl_cb, &c);
    mnl_socket_close(nl);
    printf("capture: %u messages written to %s\n", c.written, c.dir);
    return err ? 1 : 0;
}
