/* port.c - Windows code as it is written for Windows: <iphlpapi.h> and
 * <netioapi.h>, no <windows.h>, and the base types those callers use
 * (OpenVPN's interactive service: an LPWSTR alias beside
 * ConvertInterfaceAliasToLuid; the wireguard-nt and wintun examples: UINT8
 * prefix lengths, LPCWSTR names, a ULONG_PTR context; HRESULTs).  It must
 * compile unchanged with `pkg-config --cflags --libs netioapi-compat-winapi`
 * (tests/stages/winapi-headers.sh, tests/stages/deb.sh, the CMake consumer).
 *
 *   port ALIAS   prints the interface's LUID, index and IPv4 MTU */
#include <IPHlpApi.h>
#include <iphlpapi.h>
#include <netioapi.h>
#include <ws2ipdef.h>
#include <ws2def.h>
#include <ifdef.h>
#include <ipifcons.h>
#include <nldef.h>
#include <ifmib.h>
#include <ipmib.h>
#include <ntddndis.h>
#include <winerror.h>
#include <stdio.h>
#include <string.h>

typedef struct {
    ULONG_PTR Cookie;
    LPVOID Owner;
} PORT_CONTEXT;

static LPWSTR utf8to16(LPCSTR utf8, LPWSTR buf, UINT chars)
{
    UINT i;
    for (i = 0; i + 1 < chars && utf8[i]; i++)
        buf[i] = (WCHAR)(BYTE)utf8[i]; /* ASCII names only, enough here */
    buf[i] = 0;
    return buf;
}

static HRESULT alias_to_luid(LPCSTR alias, NET_LUID *luid)
{
    WCHAR wide[IF_MAX_STRING_SIZE + 1];
    LPWSTR wide_name = utf8to16(alias, wide, (UINT)(sizeof(wide) / sizeof(wide[0])));
    DWORD err = ConvertInterfaceAliasToLuid(wide_name, luid);
    return HRESULT_FROM_WIN32(err);
}

static DWORD ipv4_mtu(const NET_LUID *luid, ULONG *mtu)
{
    MIB_IPINTERFACE_ROW row;
    DWORD err;
    InitializeIpInterfaceEntry(&row);
    row.Family = AF_INET;
    row.InterfaceLuid = *luid;
    err = GetIpInterfaceEntry(&row);
    if (err == NO_ERROR)
        *mtu = row.NlMtu;
    return err;
}

int main(int argc, char **argv)
{
    PORT_CONTEXT ctx = {(ULONG_PTR)&argc, NULL};
    NET_LUID luid;
    NET_IFINDEX index = 0;
    ULONG mtu = 0;
    MIB_UNICASTIPADDRESS_ROW addr;
    UINT8 prefix = 24;
    WORD version = 0x0202;
    INT rc = 0;
    UINT16 port16 = 51820;
    UINT32 flags32 = 0;
    UINT64 handshake = 0;
    PCHAR name = argc > 1 ? argv[1] : (PCHAR) "lo";
    LPSTR copy = name;
    HRESULT hr;

    InitializeUnicastIpAddressEntry(&addr);
    addr.OnLinkPrefixLength = prefix;
    memset(&luid, 0, sizeof(luid));
    hr = alias_to_luid(copy, &luid);
    if (FAILED(hr)) {
        printf("ConvertInterfaceAliasToLuid(%s): HRESULT %#lx\n", name, (unsigned long)(ULONG)hr);
        return 1;
    }
    if (!SUCCEEDED(hr) || ConvertInterfaceLuidToIndex(&luid, &index) != NO_ERROR)
        return 1;
    if (ipv4_mtu(&luid, &mtu) != ERROR_SUCCESS)
        rc = 2;
    printf("%s: LUID %#llx index %lu IPv4 MTU %lu (version %u, port %u, flags %lu, %llu, %p)\n",
           name, (unsigned long long)luid.Value, (unsigned long)index, (unsigned long)mtu,
           (unsigned)version, (unsigned)port16, (unsigned long)flags32,
           (unsigned long long)handshake, (void *)ctx.Cookie);
    return rc;
}
