/* rtmsg.h - what the routing-socket parsers and request builders of this
 * directory share (parse-route.c, parse-neigh.c, parse-addr.c): the header
 * offsets and sockaddr layouts both kernels use alike, unaligned reads and
 * writes of message fields, and the builder of a request (a header, then
 * one sockaddr per RTAX bit in order), defined in parse-route.c.  Pure:
 * no BSD header, so it compiles on Linux too (tests/bsd/). */
#ifndef NIO_BSD_RTMSG_H
#define NIO_BSD_RTMSG_H

#include <string.h>

#include "bsd.h"

/* net/route.h, the same numbers on FreeBSD and macOS. */
#define NIO_RTF_UP 0x1
#define NIO_RTF_GATEWAY 0x2
#define NIO_RTF_HOST 0x4
#define NIO_RTF_REJECT 0x8
#define NIO_RTF_STATIC 0x800
#define NIO_RTF_BROADCAST 0x400000
#define NIO_RTF_MULTICAST 0x800000

/* rtm_addrs / ifam_addrs bits, in the order their sockaddrs follow the
 * header. */
#define NIO_RTAX_DST 0
#define NIO_RTAX_GATEWAY 1
#define NIO_RTAX_NETMASK 2
#define NIO_RTAX_IFP 4
#define NIO_RTAX_IFA 5
#define NIO_RTAX_BRD 7

/* The rt_msghdr fields both kernels place alike. */
#define NIO_RTM_MSGLEN 0
#define NIO_RTM_VERSION 2
#define NIO_RTM_TYPE 3
#define NIO_RTM_INDEX 4
#define NIO_RTM_FLAGS 8
#define NIO_RTM_ADDRS 12
#define NIO_RTM_PID 16
#define NIO_RTM_SEQ 20
#define NIO_RTM_ERRNO 24

#define NIO_AF_INET 2
#define NIO_AF_LINK 18
#define NIO_IFT_LOOP 0x18
/* sockaddr_in: addr at 4; sockaddr_in6: addr at 8, scope id at 24;
 * sockaddr_dl: index at 2, type at 4. */
#define NIO_SIN_LEN 16
#define NIO_SIN_ADDR 4
#define NIO_SIN6_LEN 28
#define NIO_SIN6_ADDR 8
#define NIO_SIN6_SCOPE 24
#define NIO_SDL_INDEX 2
#define NIO_SDL_TYPE 4

/* ------------------------------------------------------------- bytes */
/* Message fields are in host order at any alignment. */
static inline uint16_t nio_bsd_u16(const uint8_t *p)
{
    uint16_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline uint32_t nio_bsd_u32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline int32_t nio_bsd_s32(const uint8_t *p)
{
    int32_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline int64_t nio_bsd_s64(const uint8_t *p)
{
    int64_t v;
    memcpy(&v, p, sizeof(v));
    return v;
}

static inline void nio_bsd_put16(uint8_t *p, uint16_t v)
{
    memcpy(p, &v, sizeof(v));
}

static inline void nio_bsd_put32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, sizeof(v));
}

/* fe80::/10: the addresses a zone names the link of. */
static inline bool nio_bsd_link_local(const struct nio_ip *ip)
{
    return ip->slot == NIO_V6 && ip->bytes[0] == 0xFE && (ip->bytes[1] & 0xC0) == 0x80;
}

/* ---------------------------------------------------------- requests */
/* An AF_INET / AF_INET6 sockaddr of ip at sa (NIO_SIN_LEN or NIO_SIN6_LEN
 * bytes, the rest left as it was); a link-local IPv6 address with a zone
 * carries it as the kernel takes it (KAME's bytes 2-3 on macOS,
 * sin6_scope_id on FreeBSD).  Routing messages and address ioctls alike. */
void nio_bsd_sa_put(const struct nio_bsd_rtlayout *l, uint8_t *sa, const struct nio_ip *ip,
                    uint32_t zone) NIO_HIDDEN;

/* A request being built into p (cap bytes): overflow once something did
 * not fit, which nio_bsd_rtbuf_end() then reports. */
struct nio_bsd_rtbuf {
    uint8_t *p;
    size_t cap, len;
    int32_t addrs;
    bool overflow;
};

/* The header (rtm_size bytes, zeroed: no metrics, rmx_expire 0); its
 * length and addrs are written by nio_bsd_rtbuf_end(). */
void nio_bsd_rtbuf_start(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b, uint8_t *buf,
                         size_t cap, uint8_t type, int32_t flags, uint32_t index,
                         int32_t seq) NIO_HIDDEN;
/* Room for the sockaddr of RTAX rtax, sa_len bytes (zeroed, sa_len set),
 * padded to the kernel's unit; NULL when the buffer is full.  Sockaddrs
 * go in RTAX order. */
uint8_t *nio_bsd_rtbuf_sa(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b, int rtax,
                          uint8_t sa_len) NIO_HIDDEN;
/* nio_bsd_sa_put() of ip, its scope the zone, as the sockaddr of RTAX
 * rtax. */
void nio_bsd_rtbuf_ip(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b, int rtax,
                      const struct nio_ip *ip) NIO_HIDDEN;
/* A sockaddr_dl of interface index (0: empty, which in RTM_GET asks the
 * kernel to report the interface) with alen bytes of link-layer address;
 * at least the OS's sizeof(struct sockaddr_dl). */
void nio_bsd_rtbuf_link(const struct nio_bsd_rtlayout *l, struct nio_bsd_rtbuf *b, int rtax,
                        uint32_t index, const uint8_t *lladdr, size_t alen) NIO_HIDDEN;
/* The message's length in *len: 0, or -ENOBUFS when it did not fit. */
int nio_bsd_rtbuf_end(struct nio_bsd_rtbuf *b, size_t *len) NIO_HIDDEN;

#endif
