/* addr-consumer.c - issue 14's "done when" for the unicast address rows, as
 * a program outside the project would be written: only the installed
 * header and `pkg-config --cflags --libs netioapi-compat`
 * (tests/stages/addr-consumer.sh builds and runs it in a namespace).
 *
 * usage: addr-consumer TUN
 * Gives TUN 198.19.91.1/24 and fd00:92::1/64 as wintun's example does
 * (Initialize, the address, DadState preferred), reads both back, deletes
 * them; after each step `ip addr` must agree. */
#include <arpa/inet.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>

#include <netioapi_compat.h>

static int failures;

static void check(int ok, const char *what)
{
    printf("%s %s\n", ok ? "ok  " : "FAIL", what);
    failures += !ok;
}

/* Whether `ip -o addr show dev IF` lists the address with its length. */
static int ip_has(const char *ifname, const char *cidr)
{
    char cmd[256], line[512];
    int hit = 0;
    FILE *p;
    snprintf(cmd, sizeof(cmd), "ip -o addr show dev %s", ifname);
    if ((p = popen(cmd, "r")) == NULL)
        return 0;
    while (fgets(line, sizeof(line), p) != NULL) {
        char *at = strstr(line, cidr);
        hit |= at != NULL && (at[strlen(cidr)] == ' ' || at[strlen(cidr)] == '\n');
    }
    pclose(p);
    return hit;
}

static MIB_UNICASTIPADDRESS_ROW make_row(int v6, NET_IFINDEX index)
{
    MIB_UNICASTIPADDRESS_ROW row;
    InitializeUnicastIpAddressEntry(&row);
    row.InterfaceIndex = index;
    if (v6) {
        row.Address.Ipv6.sin6_family = AF_INET6;
        inet_pton(AF_INET6, "fd00:92::1", &row.Address.Ipv6.sin6_addr);
        row.OnLinkPrefixLength = 64;
    } else {
        row.Address.Ipv4.sin_family = AF_INET;
        inet_pton(AF_INET, "198.19.91.1", &row.Address.Ipv4.sin_addr);
        row.OnLinkPrefixLength = 24;
    }
    row.DadState = IpDadStatePreferred;
    return row;
}

static void one_family(int v6, const char *ifname, NET_IFINDEX index)
{
    const char *cidr = v6 ? "fd00:92::1/64" : "198.19.91.1/24";
    MIB_UNICASTIPADDRESS_ROW row = make_row(v6, index), before = row, got = row;
    char what[128];
    DWORD st = CreateUnicastIpAddressEntry(&row);
    snprintf(what, sizeof(what), "create %s: %lu", cidr, (unsigned long)st);
    check(st == NO_ERROR && ip_has(ifname, cidr), what);
    check(memcmp(&row, &before, sizeof(row)) == 0, "the caller's row is not modified");
    check(CreateUnicastIpAddressEntry(&row) == ERROR_OBJECT_ALREADY_EXISTS,
          "a second create: ERROR_OBJECT_ALREADY_EXISTS");
    st = GetUnicastIpAddressEntry(&got);
    check(st == NO_ERROR && got.OnLinkPrefixLength == (v6 ? 64 : 24) &&
              got.DadState == IpDadStatePreferred && got.InterfaceLuid.Value != 0,
          "read back: prefix length, preferred, LUID");
    st = DeleteUnicastIpAddressEntry(&got);
    check(st == NO_ERROR && !ip_has(ifname, cidr), "delete the row read back");
    check(GetUnicastIpAddressEntry(&row) == ERROR_NOT_FOUND, "gone: ERROR_NOT_FOUND");
}

int main(int argc, char **argv)
{
    NET_IFINDEX index;
    if (argc != 2 || (index = if_nametoindex(argv[1])) == 0) {
        fprintf(stderr, "usage: addr-consumer TUN\n");
        return 2;
    }
    one_family(0, argv[1], index);
    one_family(1, argv[1], index);
    return failures ? 1 : 0;
}
