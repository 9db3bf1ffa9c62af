/* route-consumer.c - issue 15's "done when" for the route rows, as a
 * program outside the project would be written: only the installed
 * header and `pkg-config --cflags --libs netioapi-compat`
 * (tests/stages/route-consumer.sh builds and runs it in a namespace).
 *
 * usage: route-consumer IFNAME IPV4-GATEWAY IPV6-GATEWAY
 * For 198.19.90.0/24 and fd00:90::/64 through IFNAME: add, read back,
 * change the metric, delete; after each step `ip route` must agree. */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <netioapi_compat.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

/* Whether `ip route show exact PREFIX` holds a line with both needles
 * (needle NULL: whether it holds no line at all). */
static int ip_says(int v6, const char *prefix, const char *a, const char *b)
{
    char cmd[256], line[512];
    int lines = 0, hit = 0;
    FILE *p;
    snprintf(cmd, sizeof(cmd), "ip -o %s route show exact %s", v6 ? "-6" : "-4", prefix);
    if ((p = popen(cmd, "r")) == NULL)
        return 0;
    while (fgets(line, sizeof(line), p) != NULL) {
        lines++;
        hit |= a != NULL && strstr(line, a) != NULL && (b == NULL || strstr(line, b) != NULL);
    }
    pclose(p);
    return a == NULL ? lines == 0 : hit;
}

static MIB_IPFORWARD_ROW2 make_row(int v6, NET_IFINDEX index, const char *gateway)
{
    MIB_IPFORWARD_ROW2 row;
    InitializeIpForwardEntry(&row);
    row.InterfaceIndex = index;
    if (v6) {
        row.DestinationPrefix.Prefix.Ipv6.sin6_family = AF_INET6;
        inet_pton(AF_INET6, "fd00:90::", &row.DestinationPrefix.Prefix.Ipv6.sin6_addr);
        row.DestinationPrefix.PrefixLength = 64;
        row.NextHop.Ipv6.sin6_family = AF_INET6;
        inet_pton(AF_INET6, gateway, &row.NextHop.Ipv6.sin6_addr);
    } else {
        row.DestinationPrefix.Prefix.Ipv4.sin_family = AF_INET;
        inet_pton(AF_INET, "198.19.90.0", &row.DestinationPrefix.Prefix.Ipv4.sin_addr);
        row.DestinationPrefix.PrefixLength = 24;
        row.NextHop.Ipv4.sin_family = AF_INET;
        inet_pton(AF_INET, gateway, &row.NextHop.Ipv4.sin_addr);
    }
    return row;
}

static void one_family(int v6, const char *ifname, const char *gateway)
{
    const char *prefix = v6 ? "fd00:90::/64" : "198.19.90.0/24";
    MIB_IPFORWARD_ROW2 row = make_row(v6, if_nametoindex(ifname), gateway), got;
    char via[128];
    snprintf(via, sizeof(via), "via %s dev %s", gateway, ifname);
    row.Metric = 10;
    check(CreateIpForwardEntry2(&row) == NO_ERROR, "CreateIpForwardEntry2");
    check(ip_says(v6, prefix, via, "metric 10"), "ip route: added, metric 10");
    got = row;
    check(GetIpForwardEntry2(&got) == NO_ERROR && got.Metric == 10, "GetIpForwardEntry2: 10");
    check(CreateIpForwardEntry2(&row) == ERROR_OBJECT_ALREADY_EXISTS, "again: 5010");
    row.Metric = 20;
    check(SetIpForwardEntry2(&row) == NO_ERROR, "SetIpForwardEntry2 metric 20");
    check(ip_says(v6, prefix, via, "metric 20") && !ip_says(v6, prefix, via, "metric 10"),
          "ip route: metric 20 alone");
    got = row;
    check(GetIpForwardEntry2(&got) == NO_ERROR && got.Metric == 20, "GetIpForwardEntry2: 20");
    check(DeleteIpForwardEntry2(&row) == NO_ERROR, "DeleteIpForwardEntry2");
    check(ip_says(v6, prefix, NULL, NULL), "ip route: gone");
    got = row;
    check(GetIpForwardEntry2(&got) == ERROR_NOT_FOUND, "GetIpForwardEntry2: 1168");
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s IFNAME IPV4-GATEWAY IPV6-GATEWAY\n", argv[0]);
        return 2;
    }
    one_family(0, argv[1], argv[2]);
    one_family(1, argv[1], argv[3]);
    return failures ? 1 : 0;
}
