/* fixture-none.c - every OS but Linux: the suite makes no interfaces there
 * yet (a FreeBSD vnet jail could serve; on Windows it would take
 * administrator rights and a driver), so the checks read the machine's own
 * interfaces and those that need a made interface, a change or a process
 * without privilege are skipped. */
#include "conformance.h"

void nc_fixture_setup(struct nc_env *env)
{
    snprintf(env->isolation, sizeof(env->isolation), "the machine's interfaces, read only");
    nc_env_missing(env,
                   NC_NEED_ETHERNET | NC_NEED_NO_IPV6 | NC_NEED_PRIVILEGE | NC_NEED_MAKE |
                       NC_NEED_NO_DEFROUTE,
                   "the suite makes interfaces only on Linux (a network namespace)");
    nc_env_missing(env, NC_NEED_UNPRIV,
                   "the suite drops privilege only on Linux (a child without CAP_NET_ADMIN)");
}

/* Never called: the checks that would call these need what is missing. */
NET_IFINDEX nc_fixture_make(const char *name)
{
    (void)name;
    return 0;
}

bool nc_fixture_remove(const char *name)
{
    (void)name;
    return false;
}

bool nc_fixture_mtu(const char *name, unsigned mtu)
{
    (void)name;
    (void)mtu;
    return false;
}

void nc_fixture_unprivileged(struct nc_ctx *c, void (*fn)(struct nc_ctx *c, void *arg),
                             void *arg)
{
    (void)fn;
    (void)arg;
    nc_skip(c, "the suite drops privilege only on Linux");
}

void nc_fixture_empty_namespace(struct nc_ctx *c, void (*fn)(struct nc_ctx *c, void *arg),
                                void *arg)
{
    (void)fn;
    (void)arg;
    nc_skip(c, "the suite makes network namespaces only on Linux");
}
