/* layout.c - where each BSD puts what the parser reads: offsets from the
 * headers (bsd.h), ND6_IFF_* bits from netinet6/nd6.h and the interface
 * types that are not IANA's.  Pure data, so the tests use the same tables
 * as the back end. */
#include "bsd.h"

/* FreeBSD net/if_types.h: IFT_* are IANA's numbers up to IFT_BRIDGE; from
 * 0xf0 up they are FreeBSD's own ("not based on IANA assignments"). */
static const struct nio_bsd_iftype nio_freebsd_iftypes[] = {
    {0xd7, IF_TYPE_TUNNEL},        /* IFT_STF, 6to4: Windows reports a tunnel */
    {0xf0, IF_TYPE_TUNNEL},        /* IFT_GIF */
    {0xf1, IF_TYPE_OTHER},         /* IFT_PVC */
    {0xf2, IF_TYPE_TUNNEL},        /* IFT_FAITH */
    {0xf4, IF_TYPE_TUNNEL},        /* IFT_ENC */
};

const struct nio_bsd_layout nio_bsd_freebsd = {
    .os = "FreeBSD",
    .rtm_version = NIO_BSD_RTM_VERSION,
    .rtm_ifinfo = NIO_BSD_RTM_IFINFO,
    .rtm_newaddr = NIO_BSD_RTM_NEWADDR,
    .rtm_deladdr = NIO_BSD_RTM_DELADDR,
    .rtm_ifannounce = NIO_FBSD_RTM_IFANNOUNCE,
    .ifm_size = NIO_FBSD_IFM_SIZE,
    .ifm_addrs = NIO_FBSD_IFM_ADDRS,
    .ifm_flags = NIO_FBSD_IFM_FLAGS,
    .ifm_index = NIO_FBSD_IFM_INDEX,
    .ifm_data = NIO_FBSD_IFM_DATA,
    .ifam_size = NIO_BSD_IFAM_SIZE,
    .ifam_index = NIO_BSD_IFAM_INDEX,
    .ifan_size = NIO_FBSD_IFAN_SIZE,
    .ifan_index = NIO_FBSD_IFAN_INDEX,
    .ifi_type = NIO_FBSD_IFI_TYPE,
    .ifi_addrlen = NIO_FBSD_IFI_ADDRLEN,
    .ifi_mtu = NIO_FBSD_IFI_MTU,
    .ifi_link_state = NIO_FBSD_IFI_LINK_STATE,
    .link_state_down = 1,          /* LINK_STATE_DOWN; 0 unknown, 2 up */
    .sa_align = 8,                 /* SA_SIZE(): sizeof(long) */
    .siocgifinfo_in6 = NIO_FBSD_SIOCGIFINFO_IN6,
    .ndireq_size = NIO_FBSD_NDIREQ_SIZE,
    .siocsifinfo_flags = NIO_FBSD_SIOCSIFINFO_FLAGS,
    .siocsifinfo_in6 = NIO_FBSD_SIOCSIFINFO_IN6,
    .nd_ifdisabled = 0x8,          /* ND6_IFF_IFDISABLED */
    .nd_accept_rtadv = 0x2,        /* ND6_IFF_ACCEPT_RTADV */
    .nd_auto_linklocal = 0x20,     /* ND6_IFF_AUTO_LINKLOCAL */
    .nd_dad_on = 0,
    .nd_dad_off = 0x100,           /* ND6_IFF_NO_DAD */
    .iftypes = nio_freebsd_iftypes,
    .n_iftypes = sizeof(nio_freebsd_iftypes) / sizeof(nio_freebsd_iftypes[0]),
    .private_ift = 0xf0,
};

/* macOS net/if_types.h: gif, faith, stf and 6LoWPAN took numbers in
 * IANA's range that IANA gave to other types, and the link aggregate is
 * 0x88 where IANA says 161.  utun and ipsec interfaces are IFT_OTHER:
 * layer-3 virtual interfaces, reported as Wintun is on Windows. */
static const struct nio_bsd_iftype nio_macos_iftypes[] = {
    {0x01, IF_TYPE_PROP_VIRTUAL},  /* IFT_OTHER: utun, ipsec */
    {0x37, IF_TYPE_TUNNEL},        /* IFT_GIF */
    {0x38, IF_TYPE_TUNNEL},        /* IFT_FAITH */
    {0x39, IF_TYPE_TUNNEL},        /* IFT_STF */
    {0x40, IF_TYPE_OTHER},         /* IFT_6LOWPAN */
    {0x88, IF_TYPE_IEEE8023AD_LAG}, /* IFT_IEEE8023ADLAG */
    {0xf4, IF_TYPE_TUNNEL},        /* IFT_ENC */
    {0xff, IF_TYPE_WWANPP},        /* IFT_CELLULAR */
};

const struct nio_bsd_layout nio_bsd_macos = {
    .os = "macOS",
    .rtm_version = NIO_BSD_RTM_VERSION,
    .rtm_ifinfo = NIO_BSD_RTM_IFINFO,
    .rtm_newaddr = NIO_BSD_RTM_NEWADDR,
    .rtm_deladdr = NIO_BSD_RTM_DELADDR,
    .rtm_ifannounce = 0,           /* XNU announces interfaces with KEV_DL_* only */
    .ifm_size = NIO_MAC_IFM_SIZE,
    .ifm_addrs = NIO_MAC_IFM_ADDRS,
    .ifm_flags = NIO_MAC_IFM_FLAGS,
    .ifm_index = NIO_MAC_IFM_INDEX,
    .ifm_data = NIO_MAC_IFM_DATA,
    .ifam_size = NIO_BSD_IFAM_SIZE,
    .ifam_index = NIO_BSD_IFAM_INDEX,
    .ifan_size = 0,
    .ifan_index = NIO_BSD_ABSENT,
    .ifi_type = NIO_MAC_IFI_TYPE,
    .ifi_addrlen = NIO_MAC_IFI_ADDRLEN,
    .ifi_mtu = NIO_MAC_IFI_MTU,
    .ifi_link_state = NIO_BSD_ABSENT, /* SIOCGIFMEDIA tells instead */
    .link_state_down = 0,
    .sa_align = 4,                 /* ROUNDUP32() */
    .siocgifinfo_in6 = NIO_MAC_SIOCGIFINFO_IN6,
    .ndireq_size = NIO_MAC_NDIREQ_SIZE,
    .siocsifinfo_flags = NIO_MAC_SIOCSIFINFO_FLAGS,
    .siocsifinfo_in6 = 0,          /* XNU cannot set basereachable or retrans */
    .nd_ifdisabled = 0x8,          /* ND6_IFF_IFDISABLED */
    /* ND6_IFF_ACCEPT_RTADV is "not used" by XNU (nd6.h): the per-interface
     * switch is the private eflag IFEF_ACCEPT_RTADV. */
    .nd_accept_rtadv = 0,
    .nd_auto_linklocal = 0,        /* 0x20 is ND6_IFF_PROXY_PREFIXES here */
    .nd_dad_on = 0x200,            /* ND6_IFF_DAD */
    .nd_dad_off = 0,
    .iftypes = nio_macos_iftypes,
    .n_iftypes = sizeof(nio_macos_iftypes) / sizeof(nio_macos_iftypes[0]),
    .private_ift = 0xf0,
};
