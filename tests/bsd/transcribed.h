/* transcribed.h - the BSD headers' structs and constants that the tests
 * of src/bsd/ build messages from, transcribed here from each OS's headers
 * independently of src/bsd/layout.c, so that a wrong offset there shows as
 * a wrong field in the tests:
 *
 *   FreeBSD 11+   sys/net/if.h (if_msghdr, if_data, ifa_msghdr,
 *                 if_announcemsghdr), sys/net/route.h, sys/net/if_dl.h,
 *                 sys/netinet6/nd6.h (in6_ndireq, nd_ifinfo, ND6_IFF_*),
 *                 sys/netinet6/in6_var.h (the SIOC*IFINFO* requests)
 *   macOS (XNU)   net/if.h, net/if_var.h (if_data under pack(4), a
 *                 timeval32 on LP64), net/route.h, net/if_dl.h,
 *                 netinet6/nd6.h (in6_ondireq, in6_ndireq, ND6_IFF_*),
 *                 netinet6/in6_var.h
 */
#ifndef NIO_TEST_TRANSCRIBED_H
#define NIO_TEST_TRANSCRIBED_H

#include <stdint.h>

/* ------------------------------------------------- FreeBSD transcription */
struct fbsd_if_data {
    uint8_t ifi_type, ifi_physical, ifi_addrlen, ifi_hdrlen, ifi_link_state, ifi_vhid;
    uint16_t ifi_datalen;
    uint32_t ifi_mtu, ifi_metric;
    uint64_t ifi_baudrate, ifi_ipackets, ifi_ierrors, ifi_opackets, ifi_oerrors;
    uint64_t ifi_collisions, ifi_ibytes, ifi_obytes, ifi_imcasts, ifi_omcasts;
    uint64_t ifi_iqdrops, ifi_oqdrops, ifi_noproto, ifi_hwassist;
    uint64_t ifi_epoch;          /* union { time_t; uint64_t } */
    uint64_t ifi_lastchange[2];  /* union { struct timeval; two uint64_t } */
};

struct fbsd_if_msghdr {
    uint16_t ifm_msglen;
    uint8_t ifm_version, ifm_type;
    int32_t ifm_addrs, ifm_flags;
    uint16_t ifm_index, ifm_spare1;
    struct fbsd_if_data ifm_data;
};

struct fbsd_in6_ndireq {
    char ifname[16];
    struct {
        uint32_t linkmtu, maxmtu, basereachable, reachable, retrans, flags;
        int32_t recalctm;
        uint8_t chlim, initialized, randomseed0[8], randomseed1[8], randomid[8];
    } ndi;
};

#define FBSD_LINK_STATE_UNKNOWN 0
#define FBSD_LINK_STATE_DOWN 1
#define FBSD_LINK_STATE_UP 2
#define FBSD_ND6_IFF_PERFORMNUD 0x1
#define FBSD_ND6_IFF_ACCEPT_RTADV 0x2
#define FBSD_ND6_IFF_IFDISABLED 0x8
#define FBSD_ND6_IFF_AUTO_LINKLOCAL 0x20
#define FBSD_ND6_IFF_NO_DAD 0x100

/* --------------------------------------------------- macOS transcription */
#pragma pack(4)
struct mac_if_data {
    uint8_t ifi_type, ifi_typelen, ifi_physical, ifi_addrlen, ifi_hdrlen;
    uint8_t ifi_recvquota, ifi_xmitquota, ifi_unused1;
    uint32_t ifi_mtu, ifi_metric, ifi_baudrate;
    uint32_t ifi_ipackets, ifi_ierrors, ifi_opackets, ifi_oerrors, ifi_collisions;
    uint32_t ifi_ibytes, ifi_obytes, ifi_imcasts, ifi_omcasts, ifi_iqdrops, ifi_noproto;
    uint32_t ifi_recvtiming, ifi_xmittiming;
    struct { int32_t tv_sec, tv_usec; } ifi_lastchange; /* timeval32 */
    uint32_t ifi_unused2, ifi_hwassist, ifi_reserved1, ifi_reserved2;
};
#pragma pack()

struct mac_if_msghdr {
    unsigned short ifm_msglen;
    unsigned char ifm_version, ifm_type;
    int ifm_addrs, ifm_flags;
    unsigned short ifm_index;
    struct mac_if_data ifm_data;
};

struct mac_in6_ondireq {
    char ifname[16];
    struct {
        uint32_t linkmtu, maxmtu, basereachable, reachable, retrans, flags;
        int recalctm;
        uint8_t chlim, receivedra, collision_count;
    } ndi;
};

#define MAC_ND6_IFF_PERFORMNUD 0x1
#define MAC_ND6_IFF_ACCEPT_RTADV 0x2
#define MAC_ND6_IFF_IFDISABLED 0x8
#define MAC_ND6_IFF_PROXY_PREFIXES 0x20
#define MAC_ND6_IFF_DAD 0x200

/* ------------------------------------------------------ common to both */
#define RTM_VERSION 5
#define RTM_NEWADDR 0xc
#define RTM_IFINFO 0xe
#define RTA_NETMASK 0x4
#define RTA_IFP 0x10
#define AF_LINK_BSD 18
#define IFF_UP 0x1
#define IFF_BROADCAST 0x2
#define IFF_LOOPBACK 0x8
#define IFF_POINTOPOINT 0x10
#define IFF_RUNNING 0x40
#define IFF_NOARP 0x80
#define IFF_MULTICAST 0x8000
#define IFT_ETHER 0x6
#define IFT_LOOP 0x18
#define IFT_OTHER 0x1

#define ETHER_FLAGS (IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST)

/* _IOWR(g, n, t) on every BSD: IOC_INOUT | (sizeof(t) & 0x1fff) << 16 | g << 8 | n */
#define IOWR(g, n, size) (0xc0000000u | ((uint32_t)(size) & 0x1fffu) << 16 | (g) << 8 | (n))

/* ------------------------------------------------- change messages */
/* struct ifa_msghdr: the same 20 bytes on both (FreeBSD has a spare
 * u_short where macOS pads before ifam_metric). */
struct fbsd_ifa_msghdr {
    uint16_t ifam_msglen;
    uint8_t ifam_version, ifam_type;
    int32_t ifam_addrs, ifam_flags;
    uint16_t ifam_index, ifam_spare1;
    int32_t ifam_metric;
};

struct mac_ifa_msghdr {
    unsigned short ifam_msglen;
    unsigned char ifam_version, ifam_type;
    int ifam_addrs, ifam_flags;
    unsigned short ifam_index;
    int ifam_metric;
};

/* FreeBSD only: XNU has no RTM_IFANNOUNCE. */
struct fbsd_if_announcemsghdr {
    uint16_t ifan_msglen;
    uint8_t ifan_version, ifan_type;
    uint16_t ifan_index;
    char ifan_name[16];
    uint16_t ifan_what;
};

#define RTM_ADD 0x1
#define RTM_DELADDR 0xd
#define RTM_NEWMADDR 0xf
#define FBSD_RTM_IFANNOUNCE 0x11
#define FBSD_RTM_IEEE80211 0x12
#define MAC_RTM_IFINFO2 0x12
#define FBSD_IFAN_ARRIVAL 0
#define FBSD_IFAN_DEPARTURE 1

/* ------------------------------------------------------ ND setters */
/* XNU's struct in6_ndireq (outside the kernel), which SIOCSIFINFO_FLAGS
 * takes: in6_ondireq plus the three random-ID arrays. */
struct mac_in6_ndireq {
    char ifname[16];
    struct {
        uint32_t linkmtu, maxmtu, basereachable, reachable, retrans, flags;
        int recalctm;
        uint8_t chlim, receivedra, randomseed0[8], randomseed1[8], randomid[8];
    } ndi;
};

/* ------------------------------------------------------ route messages */
/* FreeBSD 11+ sys/net/route.h, LP64: u_long is 64 bits.  rt_metrics is
 * fourteen u_long (FreeBSD 13: ..., rmx_weight, rmx_nhidx, rmx_filler[2];
 * 11 and 12: rmx_weight, rmx_filler[3]: the same size and offsets). */
struct fbsd_rt_metrics {
    uint64_t rmx_locks, rmx_mtu, rmx_hopcount, rmx_expire, rmx_recvpipe, rmx_sendpipe;
    uint64_t rmx_ssthresh, rmx_rtt, rmx_rttvar, rmx_pksent, rmx_weight, rmx_nhidx;
    uint64_t rmx_filler[2];
};

struct fbsd_rt_msghdr {
    uint16_t rtm_msglen;
    uint8_t rtm_version, rtm_type;
    uint16_t rtm_index, rtm_spare1;
    int32_t rtm_flags, rtm_addrs, rtm_pid, rtm_seq, rtm_errno, rtm_fmask;
    uint64_t rtm_inits;
    struct fbsd_rt_metrics rtm_rmx;
};

/* macOS net/route.h: 32-bit metrics on LP64 too. */
struct mac_rt_metrics {
    uint32_t rmx_locks, rmx_mtu, rmx_hopcount;
    int32_t rmx_expire;
    uint32_t rmx_recvpipe, rmx_sendpipe, rmx_ssthresh, rmx_rtt, rmx_rttvar, rmx_pksent;
    uint32_t rmx_state, rmx_filler[3];
};

struct mac_rt_msghdr {
    unsigned short rtm_msglen;
    unsigned char rtm_version, rtm_type;
    unsigned short rtm_index;
    int rtm_flags, rtm_addrs, rtm_pid, rtm_seq, rtm_errno, rtm_use;
    uint32_t rtm_inits;
    struct mac_rt_metrics rtm_rmx;
};

/* The sockaddrs of route messages (netinet/in.h, netinet6/in6.h,
 * net/if_dl.h): sa_len first, then an 8-bit family, on every BSD. */
struct bsd_sockaddr_in {
    uint8_t sin_len, sin_family;
    uint16_t sin_port;
    uint8_t sin_addr[4];
    uint8_t sin_zero[8];
};

struct bsd_sockaddr_in6 {
    uint8_t sin6_len, sin6_family;
    uint16_t sin6_port;
    uint32_t sin6_flowinfo;
    uint8_t sin6_addr[16];
    uint32_t sin6_scope_id;
};

struct bsd_sockaddr_dl {        /* the fixed part; sdl_data follows */
    uint8_t sdl_len, sdl_family;
    uint16_t sdl_index;
    uint8_t sdl_type, sdl_nlen, sdl_alen, sdl_slen;
};

#define FBSD_SOCKADDR_DL_SIZE 54 /* sdl_data[46] */
#define MAC_SOCKADDR_DL_SIZE 20  /* sdl_data[12] */
#define AF_INET_BSD 2
#define FBSD_AF_INET6 28
#define MAC_AF_INET6 30

#define RTM_DELETE 0x2
#define RTM_GET 0x4
#define RTA_DST 0x1
#define RTA_GATEWAY 0x2
#define RTA_IFA 0x20
#define RTF_UP 0x1
#define RTF_GATEWAY 0x2
#define RTF_HOST 0x4
#define RTF_REJECT 0x8
#define RTF_DYNAMIC 0x10
#define RTF_LLINFO 0x400
#define RTF_STATIC 0x800
#define RTF_BLACKHOLE 0x1000
#define MAC_RTF_WASCLONED 0x20000
#define FBSD_RTF_PINNED 0x100000
#define RTF_LOCAL 0x200000
#define RTF_BROADCAST 0x400000
#define MAC_RTF_IFSCOPE 0x1000000

/* ------------------------------------------------------ address requests */
/* FreeBSD sys/netinet/in_var.h, sys/net/if.h, sys/netinet6/in6_var.h;
 * macOS net/if.h (SDK) and XNU's bsd/netinet6/in6_var.h (user space,
 * LP64: time_t is 64 bits).  struct ifreq is 32 bytes on both (a 16-byte
 * union after the name). */
struct fbsd_in_aliasreq {
    char ifra_name[16];
    struct bsd_sockaddr_in ifra_addr, ifra_broadaddr, ifra_mask;
    int32_t ifra_vhid;
};

struct mac_ifaliasreq {
    char ifra_name[16];
    struct bsd_sockaddr_in ifra_addr, ifra_broadaddr, ifra_mask; /* struct sockaddr, 16 */
};

struct bsd_ifreq {
    char ifr_name[16];
    union {
        struct bsd_sockaddr_in ifru_addr;
        uint64_t ifru_buffer[2]; /* FreeBSD's struct ifreq_buffer */
    } ifr_ifru;
};

struct bsd_in6_addrlifetime {
    int64_t ia6t_expire, ia6t_preferred; /* time_t */
    uint32_t ia6t_vltime, ia6t_pltime;
};

struct fbsd_in6_aliasreq {
    char ifra_name[16];
    struct bsd_sockaddr_in6 ifra_addr, ifra_dstaddr, ifra_prefixmask;
    int32_t ifra_flags;
    struct bsd_in6_addrlifetime ifra_lifetime;
    int32_t ifra_vhid;
};

struct mac_in6_aliasreq {
    char ifra_name[16];
    struct bsd_sockaddr_in6 ifra_addr, ifra_dstaddr, ifra_prefixmask;
    int32_t ifra_flags;
    struct bsd_in6_addrlifetime ifra_lifetime;
};

/* The same on both: the union's largest member is struct icmp6_ifstat,
 * 34 u_quad_t counters (XNU's longer in6_ifstat has 25). */
struct bsd_in6_ifreq {
    char ifr_name[16];
    union {
        struct bsd_sockaddr_in6 ifru_addr;
        int32_t ifru_flags6;
        struct bsd_in6_addrlifetime ifru_lifetime;
        uint64_t ifru_icmp6stat[34];
        uint32_t ifru_scope_id[16];
    } ifr_ifru;
};

#define IOW(g, n, size) (0x80000000u | ((uint32_t)(size) & 0x1fffu) << 16 | (g) << 8 | (n))
#define RTA_BRD 0x80
#define ND6_INFINITE_LIFETIME 0xffffffffu
#define IN6_IFF_ANYCAST 0x01
#define IN6_IFF_TENTATIVE 0x02
#define IN6_IFF_DUPLICATED 0x04
#define IN6_IFF_DETACHED 0x08
#define IN6_IFF_DEPRECATED 0x10
#define IN6_IFF_NODAD 0x20
#define IN6_IFF_AUTOCONF 0x40
#define IN6_IFF_TEMPORARY 0x80
#define FBSD_IN6_IFF_PREFER_SOURCE 0x100
#define MAC_IN6_IFF_DYNAMIC 0x100
#define MAC_IN6_IFF_OPTIMISTIC 0x200
#define MAC_IN6_IFF_SECURED 0x400

/* ------------------------------------------------------ MIB_IF_ROW2 */
/* macOS net/if_var.h (SDK): struct if_data64 under pack(4), what
 * NET_RT_IFLIST2's RTM_IFINFO2 carries; net/if.h: struct if_msghdr2. */
#pragma pack(4)
struct mac_if_data64 {
    uint8_t ifi_type, ifi_typelen, ifi_physical, ifi_addrlen, ifi_hdrlen;
    uint8_t ifi_recvquota, ifi_xmitquota, ifi_unused1;
    uint32_t ifi_mtu, ifi_metric;
    uint64_t ifi_baudrate;
    uint64_t ifi_ipackets, ifi_ierrors, ifi_opackets, ifi_oerrors, ifi_collisions;
    uint64_t ifi_ibytes, ifi_obytes, ifi_imcasts, ifi_omcasts, ifi_iqdrops, ifi_noproto;
    uint32_t ifi_recvtiming, ifi_xmittiming;
    struct { int32_t tv_sec, tv_usec; } ifi_lastchange; /* timeval32 */
};
#pragma pack()

struct mac_if_msghdr2 {
    unsigned short ifm_msglen;
    unsigned char ifm_version, ifm_type;
    int ifm_addrs, ifm_flags;
    unsigned short ifm_index;
    int ifm_snd_len, ifm_snd_maxlen, ifm_snd_drops, ifm_timer;
    struct mac_if_data64 ifm_data;
};

/* FreeBSD sys/net/if.h: struct ifreq with its ifr_buffer (struct
 * ifreq_buffer { size_t length; void *buffer; }, LP64), SIOCGIFDESCR. */
struct fbsd_ifreq_buffer {
    char ifr_name[16];
    uint64_t length;
    uint64_t buffer;
};

/* XNU net/if.h (PRIVATE): struct if_descreq of SIOCGIFDESC, IF_DESCSIZE 128. */
struct mac_if_descreq {
    char ifdr_name[16];
    uint32_t ifdr_len;
    uint8_t ifdr_desc[128];
};

#define FBSD_SIOCGIFDESCR IOWR('i', 42, sizeof(struct bsd_ifreq))
#define MAC_SIOCGIFDESC IOWR('i', 144, sizeof(struct mac_if_descreq))
#define IFT_TUNNEL 0x83
#define FBSD_IFT_GIF 0xf0
#define FBSD_IFT_STF 0xd7
#define MAC_IFT_GIF 0x37
#define MAC_IFT_STF 0x39
#define IFM_AVALID 0x1
#define IFM_ACTIVE 0x2

/* ------------------------------------------------------ neighbour entries */
/* FreeBSD netinet/in.c in_lltable_dump_entry() and netinet6/in6.c
 * in6_lltable_dump_entry(): each entry of NET_RT_FLAGS with RTF_LLINFO is
 * one of these structs, written whole (rtm_msglen = sizeof), the IPv6 one
 * with a 32-bit pad on LP64 ("ndp.c assumes that sdl is word aligned").
 * rmx_state is FreeBSD's name for rmx_weight. */
struct fbsd_sockaddr_dl {
    uint8_t sdl_len, sdl_family;
    uint16_t sdl_index;
    uint8_t sdl_type, sdl_nlen, sdl_alen, sdl_slen;
    char sdl_data[46];
};

struct fbsd_arpc {
    struct fbsd_rt_msghdr rtm;
    struct bsd_sockaddr_in sin;
    struct fbsd_sockaddr_dl sdl;
};

struct fbsd_ndpc {
    struct fbsd_rt_msghdr rtm;
    struct bsd_sockaddr_in6 sin6;
    uint32_t pad;
    struct fbsd_sockaddr_dl sdl;
};

/* macOS net/if_dl.h: sdl_data[12]. */
struct mac_sockaddr_dl {
    uint8_t sdl_len, sdl_family;
    uint16_t sdl_index;
    uint8_t sdl_type, sdl_nlen, sdl_alen, sdl_slen;
    char sdl_data[12];
};

#define NET_RT_FLAGS_BSD 2
#define RTF_ANNOUNCE 0x4000              /* RTF_PROTO2 */
#define MAC_RTF_ROUTER 0x10000000
#define FBSD_ND6_LLINFO_NOSTATE (-2)
#define FBSD_ND6_LLINFO_INCOMPLETE 0
#define FBSD_ND6_LLINFO_REACHABLE 1
#define FBSD_ND6_LLINFO_STALE 2
#define FBSD_ND6_LLINFO_DELAY 3
#define FBSD_ND6_LLINFO_PROBE 4

#endif
