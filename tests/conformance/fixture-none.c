/* fixture-none.c - every OS but Linux: the suite makes no interfaces there
 * yet (a FreeBSD vnet jail could serve; on Windows it would take
 * administrator rights and a driver), so the checks read the machine's own
 * interfaces and those that need a made interface are skipped. */
#include "conformance.h"

void nc_fixture_setup(struct nc_env *env)
{
    snprintf(env->isolation, sizeof(env->isolation), "the machine's interfaces, read only");
    nc_env_missing(env, NC_NEED_ETHERNET | NC_NEED_NO_IPV6 | NC_NEED_PRIVILEGE,
                   "the suite makes interfaces only on Linux (a network namespace)");
}
