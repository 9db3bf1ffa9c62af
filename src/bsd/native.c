/* native.c - the layout table of the OS being compiled for, and the proof
 * at compile time that it matches that OS's headers.  A wrong offset in
 * layout.c therefore stops the build on that OS instead of misreading its
 * messages; the unit tests check the same tables against byte buffers on
 * any OS. */
#include <sys/param.h>
#include <sys/types.h>
#include <sys/socket.h>
#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/time.h>
#include <net/if.h>
#include <net/if_dl.h>
#include <net/route.h>
#include <netinet/in.h>
#include <stddef.h>

#if defined(__FreeBSD__)
/* The ND request; the macOS SDK does not ship these headers, and its
 * values are checked against XNU's sources instead (docs/bsd.md). */
#include <netinet6/in6_var.h>
#include <netinet6/nd6.h>
#endif

#include "bsd.h"

#if defined(__APPLE__)
#define NIO_NATIVE(x) NIO_MAC_##x
#define NIO_NATIVE_LAYOUT nio_bsd_macos
#elif defined(__FreeBSD__)
#define NIO_NATIVE(x) NIO_FBSD_##x
#define NIO_NATIVE_LAYOUT nio_bsd_freebsd
#else
#error "no message layout for this BSD yet: add one to bsd.h and layout.c (docs/bsd.md)"
#endif

#define NIO_SAME(a, b) _Static_assert((a) == (b), #a " != " #b)

/* The routing message header and the interface data. */
NIO_SAME(sizeof(struct if_msghdr), NIO_NATIVE(IFM_SIZE));
NIO_SAME(offsetof(struct if_msghdr, ifm_msglen), 0);
NIO_SAME(offsetof(struct if_msghdr, ifm_version), 2);
NIO_SAME(offsetof(struct if_msghdr, ifm_type), 3);
NIO_SAME(offsetof(struct if_msghdr, ifm_addrs), NIO_NATIVE(IFM_ADDRS));
NIO_SAME(offsetof(struct if_msghdr, ifm_flags), NIO_NATIVE(IFM_FLAGS));
NIO_SAME(offsetof(struct if_msghdr, ifm_index), NIO_NATIVE(IFM_INDEX));
NIO_SAME(offsetof(struct if_msghdr, ifm_data), NIO_NATIVE(IFM_DATA));
NIO_SAME(offsetof(struct if_data, ifi_type), NIO_NATIVE(IFI_TYPE));
NIO_SAME(offsetof(struct if_data, ifi_addrlen), NIO_NATIVE(IFI_ADDRLEN));
NIO_SAME(offsetof(struct if_data, ifi_mtu), NIO_NATIVE(IFI_MTU));
NIO_SAME(sizeof(((struct if_data *)0)->ifi_mtu), 4);
NIO_SAME(RTM_VERSION, NIO_BSD_RTM_VERSION);
NIO_SAME(RTM_IFINFO, NIO_BSD_RTM_IFINFO);
NIO_SAME(RTA_IFP, 0x10);
NIO_SAME(AF_LINK, 18);
NIO_SAME(IFF_LOOPBACK, 0x8);
NIO_SAME(IFF_RUNNING, 0x40);
NIO_SAME(IFF_NOARP, 0x80);
NIO_SAME(offsetof(struct sockaddr_dl, sdl_nlen), 5);
NIO_SAME(offsetof(struct sockaddr_dl, sdl_data), 8);

/* Change messages of the routing socket (parse-event.c). */
NIO_SAME(RTM_NEWADDR, NIO_BSD_RTM_NEWADDR);
NIO_SAME(RTM_DELADDR, NIO_BSD_RTM_DELADDR);
NIO_SAME(sizeof(struct ifa_msghdr), NIO_BSD_IFAM_SIZE);
NIO_SAME(offsetof(struct ifa_msghdr, ifam_msglen), 0);
NIO_SAME(offsetof(struct ifa_msghdr, ifam_version), 2);
NIO_SAME(offsetof(struct ifa_msghdr, ifam_type), 3);
NIO_SAME(offsetof(struct ifa_msghdr, ifam_index), NIO_BSD_IFAM_INDEX);
#if defined(__FreeBSD__)
NIO_SAME(RTM_IFANNOUNCE, NIO_FBSD_RTM_IFANNOUNCE);
NIO_SAME(sizeof(struct if_announcemsghdr), NIO_FBSD_IFAN_SIZE);
NIO_SAME(offsetof(struct if_announcemsghdr, ifan_type), 3);
NIO_SAME(offsetof(struct if_announcemsghdr, ifan_index), NIO_FBSD_IFAN_INDEX);
#elif defined(RTM_IFANNOUNCE)
#error "this macOS has RTM_IFANNOUNCE: give its layout table rtm_ifannounce (docs/bsd.md)"
#endif

#if defined(__FreeBSD__)
NIO_SAME(offsetof(struct if_data, ifi_link_state), NIO_FBSD_IFI_LINK_STATE);
NIO_SAME(LINK_STATE_DOWN, 1);
NIO_SAME(sizeof(long), 8); /* SA_SIZE() pads to a long: sa_align 8 */
NIO_SAME(SIOCGIFINFO_IN6, NIO_FBSD_SIOCGIFINFO_IN6);
NIO_SAME(SIOCSIFINFO_IN6, NIO_FBSD_SIOCSIFINFO_IN6);
NIO_SAME(SIOCSIFINFO_FLAGS, NIO_FBSD_SIOCSIFINFO_FLAGS);
NIO_SAME(sizeof(struct in6_ndireq), NIO_BSD_NDIREQ_SET_SIZE);
NIO_SAME(sizeof(struct in6_ndireq), NIO_FBSD_NDIREQ_SIZE);
NIO_SAME(offsetof(struct in6_ndireq, ndi), NIO_BSD_NDI);
NIO_SAME(offsetof(struct nd_ifinfo, linkmtu), 0);
NIO_SAME(offsetof(struct nd_ifinfo, maxmtu), 4);
NIO_SAME(offsetof(struct nd_ifinfo, basereachable), 8);
NIO_SAME(offsetof(struct nd_ifinfo, reachable), 12);
NIO_SAME(offsetof(struct nd_ifinfo, retrans), 16);
NIO_SAME(offsetof(struct nd_ifinfo, flags), 20);
NIO_SAME(offsetof(struct nd_ifinfo, chlim), 28);
NIO_SAME(ND6_IFF_ACCEPT_RTADV, 0x2);
NIO_SAME(ND6_IFF_IFDISABLED, 0x8);
NIO_SAME(ND6_IFF_AUTO_LINKLOCAL, 0x20);
NIO_SAME(ND6_IFF_NO_DAD, 0x100);
#endif

#if defined(__APPLE__)
/* struct in6_ondireq as XNU's netinet6/nd6.h defines it; the SDK has no
 * netinet6/nd6.h, so this checks the size and the request number that
 * layout.c uses with the SDK's own _IOWR(). */
struct nio_in6_ondireq {
    char ifname[IFNAMSIZ];
    struct {
        u_int32_t linkmtu, maxmtu, basereachable, reachable, retrans, flags;
        int recalctm;
        u_int8_t chlim, receivedra, collision_count;
    } ndi;
};
NIO_SAME(sizeof(struct nio_in6_ondireq), NIO_MAC_NDIREQ_SIZE);
NIO_SAME(offsetof(struct nio_in6_ondireq, ndi), NIO_BSD_NDI);
NIO_SAME(_IOWR('i', 76, struct nio_in6_ondireq), NIO_MAC_SIOCGIFINFO_IN6);
NIO_SAME(offsetof(struct nio_in6_ondireq, ndi.chlim), NIO_BSD_NDI_CHLIM);

/* struct in6_ndireq as XNU's netinet6/nd6.h defines it outside the
 * kernel: nd_ifinfo with the three random-ID arrays.  SIOCSIFINFO_FLAGS
 * is encoded with it (netinet6/in6_var.h). */
struct nio_in6_ndireq {
    char ifname[IFNAMSIZ];
    struct {
        u_int32_t linkmtu, maxmtu, basereachable, reachable, retrans, flags;
        int recalctm;
        u_int8_t chlim, receivedra;
        u_int8_t randomseed0[8], randomseed1[8], randomid[8];
    } ndi;
};
NIO_SAME(sizeof(struct nio_in6_ndireq), NIO_BSD_NDIREQ_SET_SIZE);
NIO_SAME(offsetof(struct nio_in6_ndireq, ndi.flags), NIO_BSD_NDI + 20);
NIO_SAME(_IOWR('i', 87, struct nio_in6_ndireq), NIO_MAC_SIOCSIFINFO_FLAGS);
#endif

/* Every request fits the buffer ipif-set.c builds it in. */
NIO_SAME(NIO_NATIVE(NDIREQ_SIZE) <= NIO_BSD_NDIREQ_MAX, 1);
NIO_SAME(NIO_BSD_NDIREQ_SET_SIZE <= NIO_BSD_NDIREQ_MAX, 1);

const struct nio_bsd_layout *nio_bsd_native(void)
{
    return &NIO_NATIVE_LAYOUT;
}
