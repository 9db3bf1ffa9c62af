/*
 * netioapi_compat.h - the Windows netioapi IP interface row model on every OS.
 *
 * Include this header instead of <winsock2.h>/<iphlpapi.h>/<netioapi.h>.  On
 * Windows it includes the system headers and adds nothing that conflicts; on
 * every other OS it defines the Windows types with Windows x64 layout
 * (sizeof(MIB_IPINTERFACE_ROW) == 168) and declares the functions that
 * libnetioapi_compat implements.
 *
 * Status flavours: by default NETIO_STATUS is a 32-bit Win32 code (NO_ERROR,
 * ERROR_NOT_FOUND, ...), as for user-mode Windows code.  Compile with
 * -DNETIOAPI_COMPAT_NTSTATUS (or with _KERNEL_MODE defined) to get the
 * driver flavour: NETIO_STATUS is an NTSTATUS (STATUS_SUCCESS,
 * STATUS_NOT_FOUND, ...) and NETIO_SUCCESS() tests it.  Both flavours link
 * against the same library: in the NTSTATUS flavour this header maps each
 * function name onto an exported twin, nio_nt_<Name>, that returns the
 * NTSTATUS translation of the same outcome (see docs/status-codes.md).
 *
 * AF_INET6: the Family fields and parameters take the host's own AF_INET6
 * (10 on Linux, 28 on FreeBSD, 30 on macOS, 24 on OpenBSD and NetBSD, 23 on
 * Windows), which is what ported code passes after including the system
 * headers.
 */
#ifndef NETIOAPI_COMPAT_H
#define NETIOAPI_COMPAT_H

#define NETIOAPI_COMPAT_VERSION_MAJOR 0
#define NETIOAPI_COMPAT_VERSION_MINOR 1
#define NETIOAPI_COMPAT_VERSION_PATCH 0

#if defined(NETIOAPI_COMPAT_NTSTATUS) || defined(_KERNEL_MODE)
#define NETIOAPI_COMPAT_FLAVOUR_NT 1
#endif

/* Visibility of the library's entry points. */
#if defined(_WIN32)
#  if defined(NETIOAPI_COMPAT_BUILDING)
#    define NETIOAPI_COMPAT_EXPORT __declspec(dllexport)
#  elif defined(NETIOAPI_COMPAT_STATIC)
#    define NETIOAPI_COMPAT_EXPORT
#  else
#    define NETIOAPI_COMPAT_EXPORT __declspec(dllimport)
#  endif
#elif defined(__GNUC__)
#  define NETIOAPI_COMPAT_EXPORT __attribute__((visibility("default")))
#else
#  define NETIOAPI_COMPAT_EXPORT
#endif

/* GCC and Clang warn under -pedantic about bit-fields of a type other than
 * int; Windows declares NET_LUID and NL_INTERFACE_OFFLOAD_ROD that way, so the
 * member declarations carry __extension__ to stay warning-free. */
#if defined(__GNUC__)
#  define NETIOAPI_COMPAT_EXT __extension__
#else
#  define NETIOAPI_COMPAT_EXT
#endif

#if defined(_WIN32)
/* ---------------------------------------------------------------- Windows
 * The system's headers and the system's iphlpapi: every Windows name is the
 * real one, and the default flavour adds nothing.  The library links against
 * iphlpapi and exports only the NTSTATUS twins, nio_nt_<Name>, each of which
 * calls iphlpapi and translates its Win32 code (docs/windows.md). */
#include <winsock2.h>
#include <ws2ipdef.h>
#include <iphlpapi.h>
#include <netioapi.h>

#ifdef __cplusplus
extern "C" {
#endif

/* NTSTATUS and the codes of docs/status-codes.md, which user-mode SDK
 * headers define only in <ntstatus.h>; guarded as the SDK's own headers
 * guard them, so either may come first. */
#if !defined(_NTDEF_) && !defined(_NTSTATUS_PSDK)
#define _NTSTATUS_PSDK
typedef LONG NTSTATUS, *PNTSTATUS;
#endif
#include "netioapi_compat_nt.h"

/* GetIfEntry2Ex's level (Windows 10 1703 SDK), which mingw-w64's netioapi.h
 * lacks; define NETIOAPI_COMPAT_SDK_HAS_MIB_IF_ENTRY_LEVEL where a mingw-w64
 * has it. */
#if defined(__MINGW64_VERSION_MAJOR) && !defined(NETIOAPI_COMPAT_SDK_HAS_MIB_IF_ENTRY_LEVEL)
typedef enum _MIB_IF_ENTRY_LEVEL {
    MibIfEntryNormal = 0,
    MibIfEntryNormalWithoutStatistics = 2
} MIB_IF_ENTRY_LEVEL, *PMIB_IF_ENTRY_LEVEL;
#endif

#ifdef NETIOAPI_COMPAT_FLAVOUR_NT
/* winnt.h types these two as DWORD; in the NTSTATUS flavour they are
 * compared with NTSTATUS values, so they take <ntstatus.h>'s definition
 * (the same text, so a later <ntstatus.h> does not conflict). */
#undef STATUS_INVALID_PARAMETER
#define STATUS_INVALID_PARAMETER ((NTSTATUS)0xC000000D)
#undef STATUS_NO_MEMORY
#define STATUS_NO_MEMORY ((NTSTATUS)0xC0000017)

/* netioapi.h chose the Win32 flavour (iphlpapi.h came first); switch. */
#undef NETIO_STATUS
#undef NETIO_SUCCESS
#undef NETIOAPI_API_
#undef NETIOAPI_API
#define NETIO_STATUS NTSTATUS
#define NETIO_SUCCESS(x) NT_SUCCESS(x)
#define NETIOAPI_API_ NTAPI
#define NETIOAPI_API NETIO_STATUS NETIOAPI_API_

/* Each function that returns a status is this library's twin: it calls
 * iphlpapi and returns the NTSTATUS of the same outcome.
 * InitializeIpInterfaceEntry and FreeMibTable stay iphlpapi's.  The
 * declarations carry no dllimport: ported code redeclares these names the
 * way Windows' netioapi.h writes them, without it, and a function needs none
 * (the import library's thunk serves). */
/* The names were mapped to the twins by netioapi_compat_nt.h; its list
 * declares them (each Name below is already nio_nt_<Name>). */
#define NETIOAPI_COMPAT_NT_DECLARE_(Name, Params) NETIOAPI_API Name Params;
NETIOAPI_COMPAT_NT_TWINS(NETIOAPI_COMPAT_NT_DECLARE_)
#undef NETIOAPI_COMPAT_NT_DECLARE_
#endif /* NETIOAPI_COMPAT_FLAVOUR_NT */

#ifdef __cplusplus
}
#endif

#else
/* ------------------------------------------------------- every other OS */
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Base types: Windows x64 widths on every OS. */
typedef uint8_t UCHAR, *PUCHAR;          /* 8-bit unsigned */
typedef uint8_t BYTE;                    /* 8-bit unsigned */
typedef UCHAR BOOLEAN, *PBOOLEAN;        /* 8-bit truth value, TRUE or FALSE */
typedef uint16_t USHORT, *PUSHORT;       /* 16-bit unsigned */
typedef uint32_t ULONG, *PULONG;         /* 32-bit unsigned on every OS */
typedef int32_t LONG;                    /* 32-bit signed on every OS */
typedef uint32_t DWORD;                  /* 32-bit unsigned */
typedef uint64_t ULONG64, *PULONG64;     /* 64-bit unsigned */
typedef int BOOL;                        /* int-sized truth value */
typedef char CHAR;                       /* narrow character */
#ifdef __cplusplus
typedef char16_t WCHAR;                  /* UTF-16 code unit (u"" literals) */
#else
typedef uint16_t WCHAR;                  /* UTF-16 code unit */
#endif
typedef CHAR *PSTR;                      /* narrow string */
typedef const CHAR *PCSTR;               /* constant narrow string */
typedef WCHAR *PWSTR;                    /* UTF-16 string */
typedef const WCHAR *PCWSTR;             /* constant UTF-16 string */
typedef void *PVOID;                     /* untyped pointer */
typedef void *HANDLE;                    /* opaque handle */
typedef size_t SIZE_T;                   /* object size */
typedef int32_t NTSTATUS;                /* kernel status code */

/* The further names of <windows.h> that callers of these functions use
 * beside them (OpenVPN's LPWSTR next to ConvertInterfaceAliasToLuid, the
 * wireguard-nt and wintun examples' LPCWSTR and UINT8), with Windows'
 * widths; docs/packaging.md.  A macro of the same name (a program's own
 * "#define UINT unsigned int", nioctl's UINT(member)) wins: each is
 * skipped when one is defined.  The same typedef twice is valid C11 and
 * C++, so a program's own identical typedefs need nothing; one that types
 * these names differently defines NETIOAPI_COMPAT_NO_EXTRA_TYPES first and
 * keeps its own (UINT8, which the address rows use, stays). */
#ifndef UINT8
typedef uint8_t UINT8, *PUINT8;          /* 8-bit unsigned */
#endif
#ifndef NETIOAPI_COMPAT_NO_EXTRA_TYPES
#ifndef WORD
typedef uint16_t WORD;                   /* 16-bit unsigned */
#endif
#ifndef UINT
typedef unsigned int UINT;               /* 32-bit unsigned */
#endif
#ifndef INT
typedef int INT;                         /* 32-bit signed */
#endif
#ifndef UINT16
typedef uint16_t UINT16;                 /* 16-bit unsigned */
#endif
#ifndef UINT32
typedef uint32_t UINT32;                 /* 32-bit unsigned */
#endif
#ifndef UINT64
typedef uint64_t UINT64;                 /* 64-bit unsigned */
#endif
#ifndef ULONG_PTR
typedef uintptr_t ULONG_PTR;             /* unsigned, pointer-sized (64-bit on x64) */
#endif
#ifndef LONG_PTR
typedef intptr_t LONG_PTR;               /* signed, pointer-sized */
#endif
#ifndef DWORD_PTR
typedef uintptr_t DWORD_PTR;             /* as ULONG_PTR */
#endif
#ifndef LPDWORD
typedef DWORD *LPDWORD;                  /* pointer to a DWORD */
#endif
#ifndef PBYTE
typedef BYTE *PBYTE;                     /* bytes */
#endif
#ifndef LPBYTE
typedef BYTE *LPBYTE;                    /* bytes */
#endif
#ifndef PCHAR
typedef CHAR *PCHAR;                     /* narrow characters */
#endif
#ifndef LPSTR
typedef CHAR *LPSTR;                     /* narrow string */
#endif
#ifndef LPCSTR
typedef const CHAR *LPCSTR;              /* constant narrow string */
#endif
#ifndef LPWSTR
typedef WCHAR *LPWSTR;                   /* UTF-16 string */
#endif
#ifndef LPCWSTR
typedef const WCHAR *LPCWSTR;            /* constant UTF-16 string */
#endif
#ifndef LPVOID
typedef void *LPVOID;                    /* untyped pointer */
#endif
#ifndef LPCVOID
typedef const void *LPCVOID;             /* constant untyped pointer */
#endif
#ifndef HRESULT
typedef LONG HRESULT;                    /* COM status: negative is failure */
#endif
#endif /* NETIOAPI_COMPAT_NO_EXTRA_TYPES */
/* winerror.h's HRESULT tests and the Win32 code -> HRESULT mapping. */
#ifndef SUCCEEDED
#define SUCCEEDED(hr) (((LONG)(hr)) >= 0)
#endif
#ifndef FAILED
#define FAILED(hr) (((LONG)(hr)) < 0)
#endif
#ifndef S_OK
#define S_OK ((LONG)0)
#endif
#ifndef S_FALSE
#define S_FALSE ((LONG)1)
#endif
#ifndef FACILITY_WIN32
#define FACILITY_WIN32 7
#endif
#ifndef HRESULT_FROM_WIN32
#define HRESULT_FROM_WIN32(x) ((LONG)(x) <= 0 ? (LONG)(x) \
        : (LONG)(((ULONG)(x) & 0x0000FFFFu) | ((ULONG)FACILITY_WIN32 << 16) | 0x80000000u))
#endif
#ifndef VOID
#define VOID void
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef ANY_SIZE
#define ANY_SIZE 1
#endif
#ifndef WINAPI
#define WINAPI   /* the only calling convention on non-Windows x86-64 */
#endif
#ifndef NTAPI
#define NTAPI
#endif

typedef struct _GUID {
    ULONG Data1;      /* first 8 hex digits */
    USHORT Data2;     /* next 4 hex digits */
    USHORT Data3;     /* next 4 hex digits */
    UCHAR Data4[8];   /* last 16 hex digits, in string order */
} GUID;

typedef USHORT ADDRESS_FAMILY;           /* AF_UNSPEC, AF_INET or the host's AF_INET6 */
typedef ULONG NET_IFINDEX, *PNET_IFINDEX; /* the OS interface index; 0 is unspecified */
typedef NET_IFINDEX IF_INDEX, *PIF_INDEX;
typedef USHORT NET_IFTYPE, *PNET_IFTYPE; /* IANA ifType */
typedef ULONG IFTYPE;                    /* IANA ifType */
typedef ULONG NET_IF_COMPARTMENT_ID, *PNET_IF_COMPARTMENT_ID; /* routing compartment */
typedef GUID NET_IF_NETWORK_GUID;        /* network GUID */
#define NET_IFINDEX_UNSPECIFIED ((NET_IFINDEX)0)
#define IFI_UNSPECIFIED NET_IFINDEX_UNSPECIFIED
#define NET_IF_COMPARTMENT_ID_UNSPECIFIED ((NET_IF_COMPARTMENT_ID)0)
#define NET_IF_COMPARTMENT_ID_PRIMARY ((NET_IF_COMPARTMENT_ID)1)

/* Locally unique interface identifier.  Info.IfType is the IANA type,
 * Info.NetLuidIndex a per-type index (docs/luid.md says how this library
 * derives it from the OS interface index). */
typedef union _NET_LUID_LH {
    ULONG64 Value;                            /* the whole LUID; 0 is unspecified */
    struct {
        NETIOAPI_COMPAT_EXT ULONG64 Reserved : 24;     /* low 24 bits */
        NETIOAPI_COMPAT_EXT ULONG64 NetLuidIndex : 24; /* per-type index */
        NETIOAPI_COMPAT_EXT ULONG64 IfType : 16;       /* IANA ifType, top 16 bits */
    } Info;
} NET_LUID_LH, *PNET_LUID_LH;
typedef NET_LUID_LH NET_LUID, *PNET_LUID;
typedef NET_LUID IF_LUID, *PIF_LUID;

/* IANA interface types (the subset ported code names). */
#define IF_TYPE_OTHER 1
#define IF_TYPE_ETHERNET_CSMACD 6
#define IF_TYPE_ISO88025_TOKENRING 9
#define IF_TYPE_PROP_POINT2POINT_SERIAL 22
#define IF_TYPE_PPP 23
#define IF_TYPE_SOFTWARE_LOOPBACK 24
#define IF_TYPE_SLIP 28
#define IF_TYPE_ATM 37
#define IF_TYPE_PROP_VIRTUAL 53
#define IF_TYPE_IEEE80211 71
#define IF_TYPE_TUNNEL 131
#define IF_TYPE_L2_VLAN 135
#define IF_TYPE_L3_IPVLAN 136
#define IF_TYPE_IEEE1394 144
#define IF_TYPE_IEEE8023AD_LAG 161
#define IF_TYPE_INFINIBAND 199
#define IF_TYPE_BRIDGE 209
#define IF_TYPE_WWANPP 243
#define IF_TYPE_WWANPP2 244
#define MAX_IF_TYPE 259

/* String sizes.  IF_NAMESIZE is left to the system's <net/if.h> (16 on
 * Linux and the BSDs, too small for Windows names): size name buffers with
 * NDIS_IF_MAX_STRING_SIZE + 1. */
#define NDIS_IF_MAX_STRING_SIZE 256
#define IF_MAX_STRING_SIZE 256
#define IF_MAX_PHYS_ADDRESS_LENGTH 32

/* An IPv4 or IPv6 socket address, Windows layout (28 bytes). */
typedef union _SOCKADDR_INET {
    struct sockaddr_in Ipv4;    /* when si_family is AF_INET */
    struct sockaddr_in6 Ipv6;   /* when si_family is AF_INET6 */
    ADDRESS_FAMILY si_family;   /* the family (Linux layout; see docs/bsd.md) */
} SOCKADDR_INET, *PSOCKADDR_INET;

typedef enum {
    ScopeLevelInterface = 1,
    ScopeLevelLink = 2,
    ScopeLevelSubnet = 3,
    ScopeLevelAdmin = 4,
    ScopeLevelSite = 5,
    ScopeLevelOrganization = 8,
    ScopeLevelGlobal = 14,
    ScopeLevelCount = 16
} SCOPE_LEVEL;

typedef enum _NL_ROUTER_DISCOVERY_BEHAVIOR {
    RouterDiscoveryDisabled = 0,   /* no router discovery */
    RouterDiscoveryEnabled = 1,    /* router discovery on */
    RouterDiscoveryDhcp = 2,       /* as DHCP says */
    RouterDiscoveryUnchanged = -1  /* Set leaves it alone */
} NL_ROUTER_DISCOVERY_BEHAVIOR;

typedef enum _NL_LINK_LOCAL_ADDRESS_BEHAVIOR {
    LinkLocalAlwaysOff = 0,        /* never a link-local address */
    LinkLocalDelayed = 1,          /* only when no other address */
    LinkLocalAlwaysOn = 2,         /* always a link-local address */
    LinkLocalUnchanged = -1        /* Set leaves it alone */
} NL_LINK_LOCAL_ADDRESS_BEHAVIOR;

/* Offloads an interface supports, one byte. */
typedef struct _NL_INTERFACE_OFFLOAD_ROD {
    NETIOAPI_COMPAT_EXT BOOLEAN NlChecksumSupported : 1;         /* IP header checksum */
    NETIOAPI_COMPAT_EXT BOOLEAN NlOptionsSupported : 1;          /* IP options */
    NETIOAPI_COMPAT_EXT BOOLEAN TlDatagramChecksumSupported : 1; /* UDP checksum */
    NETIOAPI_COMPAT_EXT BOOLEAN TlStreamChecksumSupported : 1;   /* TCP checksum */
    NETIOAPI_COMPAT_EXT BOOLEAN TlStreamOptionsSupported : 1;    /* TCP options */
    NETIOAPI_COMPAT_EXT BOOLEAN FastPathCompatible : 1;          /* fast path */
    NETIOAPI_COMPAT_EXT BOOLEAN TlLargeSendOffloadSupported : 1; /* LSO */
    NETIOAPI_COMPAT_EXT BOOLEAN TlGiantSendOffloadSupported : 1; /* GSO */
} NL_INTERFACE_OFFLOAD_ROD, *PNL_INTERFACE_OFFLOAD_ROD;

/* One IP interface: one interface and one address family.  The comment on
 * each field says what Get reports; docs/fields.md says where each value
 * comes from on each OS and what Set changes. */
typedef struct _MIB_IPINTERFACE_ROW {
    ADDRESS_FAMILY Family;                  /* AF_INET or AF_INET6 (key) */
    NET_LUID InterfaceLuid;                 /* interface LUID (key, wins over the index) */
    NET_IFINDEX InterfaceIndex;             /* interface index (key when the LUID is 0) */
    ULONG MaxReassemblySize;                /* largest datagram reassembled, bytes */
    ULONG64 InterfaceIdentifier;            /* reserved by Windows; 0 */
    ULONG MinRouterAdvertisementInterval;   /* seconds between advertisements, minimum */
    ULONG MaxRouterAdvertisementInterval;   /* seconds between advertisements, maximum */
    BOOLEAN AdvertisingEnabled;             /* the host sends router advertisements */
    BOOLEAN ForwardingEnabled;              /* the host forwards packets for others */
    BOOLEAN WeakHostSend;                   /* weak host model when sending */
    BOOLEAN WeakHostReceive;                /* weak host model when receiving */
    BOOLEAN UseAutomaticMetric;             /* the metric is chosen by the OS */
    BOOLEAN UseNeighborUnreachabilityDetection; /* neighbour unreachability detection */
    BOOLEAN ManagedAddressConfigurationSupported; /* the M flag of the last RA */
    BOOLEAN OtherStatefulConfigurationSupported;  /* the O flag of the last RA */
    BOOLEAN AdvertiseDefaultRoute;          /* advertisements offer a default route */
    NL_ROUTER_DISCOVERY_BEHAVIOR RouterDiscoveryBehavior; /* router discovery mode */
    ULONG DadTransmits;                     /* duplicate address detection probes */
    ULONG BaseReachableTime;                /* neighbour base reachable time, ms */
    ULONG RetransmitTime;                   /* neighbour solicitation interval, ms */
    ULONG PathMtuDiscoveryTimeout;          /* learned path MTU lifetime, ms */
    NL_LINK_LOCAL_ADDRESS_BEHAVIOR LinkLocalAddressBehavior; /* link-local address mode */
    ULONG LinkLocalAddressTimeout;          /* delay before a link-local address, ms */
    ULONG ZoneIndices[ScopeLevelCount];     /* zone per SCOPE_LEVEL */
    ULONG SitePrefixLength;                 /* site prefix length, bits */
    ULONG Metric;                           /* interface metric */
    ULONG NlMtu;                            /* network-layer MTU of this family, bytes */
    BOOLEAN Connected;                      /* the link is up (media connected) */
    BOOLEAN SupportsWakeUpPatterns;         /* wake-on-LAN patterns */
    BOOLEAN SupportsNeighborDiscovery;      /* ARP or neighbour discovery runs here */
    BOOLEAN SupportsRouterDiscovery;        /* router discovery can run here */
    ULONG ReachableTime;                    /* current neighbour reachable time, ms */
    NL_INTERFACE_OFFLOAD_ROD TransmitOffload; /* transmit offloads */
    NL_INTERFACE_OFFLOAD_ROD ReceiveOffload;  /* receive offloads */
    BOOLEAN DisableDefaultRoutes;           /* default routes through it are not used */
} MIB_IPINTERFACE_ROW, *PMIB_IPINTERFACE_ROW;

/* A table of rows, allocated in one block; free it with FreeMibTable. */
typedef struct _MIB_IPINTERFACE_TABLE {
    ULONG NumEntries;                        /* rows in Table */
    MIB_IPINTERFACE_ROW Table[ANY_SIZE];     /* the rows */
} MIB_IPINTERFACE_TABLE, *PMIB_IPINTERFACE_TABLE;

typedef enum _MIB_NOTIFICATION_TYPE {
    MibParameterNotification = 0,  /* a field of a row changed */
    MibAddInstance = 1,            /* a row appeared */
    MibDeleteInstance = 2,         /* a row disappeared */
    MibInitialNotification = 3     /* the registration is complete */
} MIB_NOTIFICATION_TYPE, *PMIB_NOTIFICATION_TYPE;

/* ------------------------------------------------------------ status codes */
/* Win32 codes (the default flavour). */
#ifndef NO_ERROR
#define NO_ERROR 0L
#endif
#define ERROR_SUCCESS 0L
#define ERROR_FILE_NOT_FOUND 2L
#define ERROR_ACCESS_DENIED 5L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_GEN_FAILURE 31L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_BAD_NET_NAME 67L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_INVALID_NAME 123L
#define ERROR_NOT_FOUND 1168L
#define ERROR_NETWORK_UNREACHABLE 1231L
#define ERROR_RETRY 1237L
#define ERROR_OBJECT_ALREADY_EXISTS 5010L

#ifdef NETIOAPI_COMPAT_FLAVOUR_NT
#define NETIO_STATUS NTSTATUS
#define NETIO_SUCCESS(x) NT_SUCCESS(x)
#define NETIOAPI_API_ NTAPI
#else
#define NETIO_STATUS DWORD
#define NETIO_SUCCESS(x) ((x) == NO_ERROR)
#define NETIOAPI_API_ WINAPI
#endif
/* As in Windows' netioapi.h: return type and calling convention. */
#define NETIOAPI_API NETIO_STATUS NETIOAPI_API_

typedef VOID (NETIOAPI_API_ *PIPINTERFACE_CHANGE_CALLBACK)(PVOID CallerContext,
        PMIB_IPINTERFACE_ROW Row, MIB_NOTIFICATION_TYPE NotificationType);

#include "netioapi_compat_nt.h"

/* ---------------------------------------------------------------- functions
 * Codes below are the Win32 flavour's; docs/status-codes.md gives each one's
 * NTSTATUS twin. */

/* Sets every field of Row to its "unspecified" value: Family AF_UNSPEC,
 * LUID and index 0, every other ULONG 0xFFFFFFFF, BOOLEAN 0xFF, enums -1
 * (RouterDiscoveryUnchanged, LinkLocalUnchanged).  A later
 * SetIpInterfaceEntry leaves such fields alone (docs/fields.md; Microsoft's
 * page says "zero", which would make a partial Set impossible).  A NULL Row
 * is ignored. */
NETIOAPI_COMPAT_EXPORT VOID NETIOAPI_API_ InitializeIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);

/* Reads one row.  Keys: Row->Family, then Row->InterfaceLuid, or
 * Row->InterfaceIndex when the LUID is 0.  On success every field of Row is
 * written.  ERROR_INVALID_PARAMETER: Row NULL, Family not AF_INET/AF_INET6,
 * LUID and index both 0.  ERROR_NOT_FOUND: no such interface, a non-zero LUID
 * that matches none (whatever the index), or the family is not bound on it.
 * Row is left untouched on failure. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);

/* Changes one row.  Keys and lookup as GetIpInterfaceEntry.  Fields left
 * at their InitializeIpInterfaceEntry value, or equal to what Get reports,
 * are left alone; read-only fields (MaxReassemblySize, the router
 * advertisement intervals, Connected, Supports*, ReachableTime, the
 * offloads) are ignored.  All or nothing: every field is checked before
 * any is written, and a change the OS refuses half way is undone.  On
 * success InterfaceLuid is filled in.  ERROR_INVALID_PARAMETER: as Get, or
 * a value out of range (IPv6 NlMtu < 1280, IPv4 SitePrefixLength not 0, a
 * zero time, a value the OS refuses).  ERROR_NOT_FOUND: as Get.
 * ERROR_NOT_SUPPORTED: a change this OS cannot express (docs/set.md).
 * ERROR_ACCESS_DENIED: the caller may not change interfaces. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API SetIpInterfaceEntry(PMIB_IPINTERFACE_ROW Row);

/* Reads every row of Family (AF_UNSPEC: both) into a table allocated in one
 * block, to be released with FreeMibTable.  ERROR_INVALID_PARAMETER: Table
 * NULL or Family not AF_UNSPEC/AF_INET/AF_INET6.  ERROR_NOT_ENOUGH_MEMORY.
 * ERROR_RETRY: the OS kept changing the list while it was read.  On failure
 * *Table is NULL. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIpInterfaceTable(ADDRESS_FAMILY Family,
        PMIB_IPINTERFACE_TABLE *Table);

/* Releases a table from this library.  NULL is ignored. */
NETIOAPI_COMPAT_EXPORT VOID NETIOAPI_API_ FreeMibTable(PVOID Memory);

/* Calls Callback(CallerContext, Row, type) on a library thread for every
 * change of an IP interface row of Family (AF_UNSPEC: both): MibAddInstance
 * when a row appears (a new interface, IPv6 enabled), MibDeleteInstance when
 * it goes, MibParameterNotification when any field changes; Row then has
 * its key fields (Family, InterfaceLuid, InterfaceIndex) filled, the rest
 * zero, as on Windows.  With InitialNotification TRUE, one first callback
 * comes with a NULL Row and MibInitialNotification, after registration.
 * Callbacks of one handle never run concurrently and arrive in order; they
 * may call any function of this library, CancelMibChangeNotify2 of their
 * own handle included.  ERROR_INVALID_PARAMETER: Family not AF_UNSPEC,
 * AF_INET or AF_INET6, Callback or NotificationHandle NULL.
 * ERROR_NOT_ENOUGH_MEMORY.  docs/notify.md gives the delays. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API NotifyIpInterfaceChange(ADDRESS_FAMILY Family,
        PIPINTERFACE_CHANGE_CALLBACK Callback, PVOID CallerContext,
        BOOLEAN InitialNotification, HANDLE *NotificationHandle);

/* Stops a registration.  Returns only when no callback of it runs or will
 * run (from inside one of its own callbacks: at once, and none follows), so
 * the context may be freed afterwards.  ERROR_INVALID_PARAMETER: NULL, an
 * unknown handle, or one already cancelled. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API CancelMibChangeNotify2(HANDLE NotificationHandle);

/* Index to LUID.  ERROR_INVALID_PARAMETER: InterfaceLuid NULL.
 * ERROR_FILE_NOT_FOUND: index 0 or unknown (the LUID is then zeroed). */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceIndexToLuid(NET_IFINDEX InterfaceIndex,
        PNET_LUID InterfaceLuid);

/* LUID to index.  ERROR_INVALID_PARAMETER: a NULL pointer.
 * ERROR_FILE_NOT_FOUND: zero or unknown LUID (the index is then 0). */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceLuidToIndex(CONST NET_LUID *InterfaceLuid,
        PNET_IFINDEX InterfaceIndex);

/* LUID to a Windows-style name, "<type>_<NetLuidIndex>" such as "ethernet_3"
 * or "loopback_1".  A pure conversion, as on Windows: the interface need not
 * exist.  Length counts characters with the terminating NUL (at most
 * NDIS_IF_MAX_STRING_SIZE + 1 is ever needed).  ERROR_INVALID_PARAMETER:
 * InterfaceLuid NULL (W: or InterfaceName NULL).  ERROR_NOT_ENOUGH_MEMORY:
 * the name and its NUL do not fit, Length 0 (A: or InterfaceName NULL).
 * Nothing is written on failure. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceLuidToNameA(CONST NET_LUID *InterfaceLuid,
        PSTR InterfaceName, SIZE_T Length);
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceLuidToNameW(CONST NET_LUID *InterfaceLuid,
        PWSTR InterfaceName, SIZE_T Length);

/* Windows-style name to LUID, the inverse of ConvertInterfaceLuidToName; a
 * pure conversion, as on Windows.  ERROR_INVALID_PARAMETER: InterfaceLuid
 * NULL (A: checked after the name).  ERROR_INVALID_NAME: InterfaceName NULL
 * (A: LUID untouched; W: LUID zeroed) or not of the form "<type>_<number>"
 * (LUID zeroed). */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceNameToLuidA(CONST CHAR *InterfaceName,
        NET_LUID *InterfaceLuid);
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceNameToLuidW(CONST WCHAR *InterfaceName,
        NET_LUID *InterfaceLuid);

/* LUID to the interface GUID, derived from the LUID and so stable for the
 * interface's life (docs/luid.md).  ERROR_INVALID_PARAMETER: a NULL pointer
 * (GUID untouched).  ERROR_FILE_NOT_FOUND: unknown LUID (GUID zeroed). */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceLuidToGuid(CONST NET_LUID *InterfaceLuid,
        GUID *InterfaceGuid);

/* GUID to LUID.  ERROR_INVALID_PARAMETER: a NULL pointer (LUID untouched),
 * or no interface has that GUID (LUID zeroed), as Windows documents. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceGuidToLuid(CONST GUID *InterfaceGuid,
        PNET_LUID InterfaceLuid);

/* LUID to alias: the OS interface name ("eth0") in UTF-16, Length in
 * characters with the NUL.  ERROR_INVALID_PARAMETER: a NULL pointer.
 * ERROR_FILE_NOT_FOUND: unknown LUID.  ERROR_NOT_ENOUGH_MEMORY: the alias
 * and its NUL do not fit.  ERROR_INVALID_NAME: the OS name is not UTF-8
 * (Linux allows that) and so has no UTF-16 form.  Nothing is written on
 * failure. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceLuidToAlias(CONST NET_LUID *InterfaceLuid,
        PWSTR InterfaceAlias, SIZE_T Length);

/* Alias (the OS interface name, exact match) to LUID.
 * ERROR_INVALID_PARAMETER: a NULL pointer or an empty alias (LUID
 * untouched), or no interface of that name (LUID zeroed). */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ConvertInterfaceAliasToLuid(CONST WCHAR *InterfaceAlias,
        PNET_LUID InterfaceLuid);

/* ---------------------------------------------- MIB_IF_ROW2 and routes
 * GetIfEntry2, GetIfTable2(Ex) and GetBestRoute2 with their types, Windows
 * x64 layout: sizeof(MIB_IF_ROW2) == 1352, sizeof(MIB_IPFORWARD_ROW2) ==
 * 104.  docs/ifrow.md says where each MIB_IF_ROW2 field comes from on each
 * OS; docs/route.md how GetBestRoute2 chooses (strong host model,
 * DisableDefaultRoutes). */

/* Operational state, RFC 2863 ifOperStatus. */
typedef enum _IF_OPER_STATUS {
    IfOperStatusUp = 1,             /* passes packets */
    IfOperStatusDown = 2,           /* does not pass packets */
    IfOperStatusTesting = 3,        /* in a test mode */
    IfOperStatusUnknown = 4,        /* state unknown */
    IfOperStatusDormant = 5,        /* waiting for an external event (802.1X) */
    IfOperStatusNotPresent = 6,     /* a component is missing */
    IfOperStatusLowerLayerDown = 7  /* a lower layer is down (no carrier) */
} IF_OPER_STATUS;

typedef enum _NET_IF_ADMIN_STATUS {
    NET_IF_ADMIN_STATUS_UP = 1,     /* enabled by the administrator */
    NET_IF_ADMIN_STATUS_DOWN = 2,   /* disabled */
    NET_IF_ADMIN_STATUS_TESTING = 3 /* in a test mode */
} NET_IF_ADMIN_STATUS, *PNET_IF_ADMIN_STATUS;

typedef enum _NET_IF_MEDIA_CONNECT_STATE {
    MediaConnectStateUnknown = 0,
    MediaConnectStateConnected = 1,   /* carrier present */
    MediaConnectStateDisconnected = 2 /* no carrier */
} NET_IF_MEDIA_CONNECT_STATE, *PNET_IF_MEDIA_CONNECT_STATE;

typedef enum _NET_IF_ACCESS_TYPE {
    NET_IF_ACCESS_LOOPBACK = 1,
    NET_IF_ACCESS_BROADCAST = 2,
    NET_IF_ACCESS_POINT_TO_POINT = 3,
    NET_IF_ACCESS_POINT_TO_MULTI_POINT = 4,
    NET_IF_ACCESS_MAXIMUM = 5
} NET_IF_ACCESS_TYPE, *PNET_IF_ACCESS_TYPE;

typedef enum _NET_IF_CONNECTION_TYPE {
    NET_IF_CONNECTION_DEDICATED = 1,  /* always connected */
    NET_IF_CONNECTION_PASSIVE = 2,    /* connected by the other end */
    NET_IF_CONNECTION_DEMAND = 3,     /* dial on demand */
    NET_IF_CONNECTION_MAXIMUM = 4
} NET_IF_CONNECTION_TYPE, *PNET_IF_CONNECTION_TYPE;

typedef enum _NET_IF_DIRECTION_TYPE {
    NET_IF_DIRECTION_SENDRECEIVE = 0,
    NET_IF_DIRECTION_SENDONLY = 1,
    NET_IF_DIRECTION_RECEIVEONLY = 2,
    NET_IF_DIRECTION_MAXIMUM = 3
} NET_IF_DIRECTION_TYPE, *PNET_IF_DIRECTION_TYPE;

/* Encapsulation of a tunnel interface (IANA tunnelType). */
typedef enum _TUNNEL_TYPE {
    TUNNEL_TYPE_NONE = 0,     /* not a tunnel */
    TUNNEL_TYPE_OTHER = 1,    /* a tunnel of another kind (GRE, VTI) */
    TUNNEL_TYPE_DIRECT = 2,   /* IP in IP with no header between (ipip, sit, ip6tnl) */
    TUNNEL_TYPE_6TO4 = 11,
    TUNNEL_TYPE_ISATAP = 13,
    TUNNEL_TYPE_TEREDO = 14,
    TUNNEL_TYPE_IPHTTPS = 15
} TUNNEL_TYPE, *PTUNNEL_TYPE;

typedef enum _NDIS_MEDIUM {
    NdisMedium802_3 = 0,      /* Ethernet */
    NdisMedium802_5 = 1,
    NdisMediumFddi = 2,
    NdisMediumWan = 3,
    NdisMediumLocalTalk = 4,
    NdisMediumDix = 5,
    NdisMediumArcnetRaw = 6,
    NdisMediumArcnet878_2 = 7,
    NdisMediumAtm = 8,
    NdisMediumWirelessWan = 9,
    NdisMediumIrda = 10,
    NdisMediumBpc = 11,
    NdisMediumCoWan = 12,
    NdisMedium1394 = 13,
    NdisMediumInfiniBand = 14,
    NdisMediumTunnel = 15,
    NdisMediumNative802_11 = 16,
    NdisMediumLoopback = 17,
    NdisMediumWiMAX = 18,
    NdisMediumIP = 19,        /* raw IP, no link header (tun, WireGuard) */
    NdisMediumMax = 20
} NDIS_MEDIUM, *PNDIS_MEDIUM;

typedef enum _NDIS_PHYSICAL_MEDIUM {
    NdisPhysicalMediumUnspecified = 0,  /* virtual devices */
    NdisPhysicalMediumWirelessLan = 1,
    NdisPhysicalMediumCableModem = 2,
    NdisPhysicalMediumPhoneLine = 3,
    NdisPhysicalMediumPowerLine = 4,
    NdisPhysicalMediumDSL = 5,
    NdisPhysicalMediumFibreChannel = 6,
    NdisPhysicalMedium1394 = 7,
    NdisPhysicalMediumWirelessWan = 8,
    NdisPhysicalMediumNative802_11 = 9,
    NdisPhysicalMediumBluetooth = 10,
    NdisPhysicalMediumInfiniband = 11,
    NdisPhysicalMediumWiMax = 12,
    NdisPhysicalMediumUWB = 13,
    NdisPhysicalMedium802_3 = 14,       /* wired Ethernet */
    NdisPhysicalMedium802_5 = 15,
    NdisPhysicalMediumIrda = 16,
    NdisPhysicalMediumWiredWAN = 17,
    NdisPhysicalMediumWiredCoWan = 18,
    NdisPhysicalMediumOther = 19,
    NdisPhysicalMediumNative802_15_4 = 20,
    NdisPhysicalMediumMax = 21
} NDIS_PHYSICAL_MEDIUM, *PNDIS_PHYSICAL_MEDIUM;

/* One interface, link layer: identity, state, speed and counters.  The
 * comment on each field says what Get reports; docs/ifrow.md gives each
 * field's source on each OS. */
typedef struct _MIB_IF_ROW2 {
    NET_LUID InterfaceLuid;                 /* LUID (key, wins over the index) */
    NET_IFINDEX InterfaceIndex;             /* index (key when the LUID is 0) */
    GUID InterfaceGuid;                     /* as ConvertInterfaceLuidToGuid */
    WCHAR Alias[IF_MAX_STRING_SIZE + 1];    /* as ConvertInterfaceLuidToAlias: the OS name */
    WCHAR Description[IF_MAX_STRING_SIZE + 1]; /* the OS's description of the device */
    ULONG PhysicalAddressLength;            /* bytes used in PhysicalAddress */
    UCHAR PhysicalAddress[IF_MAX_PHYS_ADDRESS_LENGTH];          /* current link address */
    UCHAR PermanentPhysicalAddress[IF_MAX_PHYS_ADDRESS_LENGTH]; /* burnt-in link address */
    ULONG Mtu;                              /* link MTU, bytes */
    IFTYPE Type;                            /* IANA ifType, as in the LUID */
    TUNNEL_TYPE TunnelType;                 /* encapsulation, TUNNEL_TYPE_NONE if none */
    NDIS_MEDIUM MediaType;                  /* link medium */
    NDIS_PHYSICAL_MEDIUM PhysicalMediumType; /* physical medium */
    NET_IF_ACCESS_TYPE AccessType;          /* loopback, broadcast, point to point */
    NET_IF_DIRECTION_TYPE DirectionType;    /* send and receive */
    struct {
        NETIOAPI_COMPAT_EXT BOOLEAN HardwareInterface : 1; /* a physical device */
        NETIOAPI_COMPAT_EXT BOOLEAN FilterInterface : 1;   /* a filter driver's interface */
        NETIOAPI_COMPAT_EXT BOOLEAN ConnectorPresent : 1;  /* a physical connector */
        NETIOAPI_COMPAT_EXT BOOLEAN NotAuthenticated : 1;  /* waiting for 802.1X */
        NETIOAPI_COMPAT_EXT BOOLEAN NotMediaConnected : 1; /* no carrier */
        NETIOAPI_COMPAT_EXT BOOLEAN Paused : 1;            /* paused */
        NETIOAPI_COMPAT_EXT BOOLEAN LowPower : 1;          /* in a low-power state */
        NETIOAPI_COMPAT_EXT BOOLEAN EndPointInterface : 1; /* an endpoint of a device link */
    } InterfaceAndOperStatusFlags;
    IF_OPER_STATUS OperStatus;              /* operational state */
    NET_IF_ADMIN_STATUS AdminStatus;        /* administrative state */
    NET_IF_MEDIA_CONNECT_STATE MediaConnectState; /* carrier, as the IP row's Connected */
    NET_IF_NETWORK_GUID NetworkGuid;        /* network identity (NLA): zero */
    NET_IF_CONNECTION_TYPE ConnectionType;  /* dedicated, passive, on demand */
    ULONG64 TransmitLinkSpeed;              /* bits per second */
    ULONG64 ReceiveLinkSpeed;               /* bits per second */
    ULONG64 InOctets;                       /* bytes received */
    ULONG64 InUcastPkts;                    /* unicast packets received */
    ULONG64 InNUcastPkts;                   /* multicast and broadcast packets received */
    ULONG64 InDiscards;                     /* received packets dropped without error */
    ULONG64 InErrors;                       /* received packets with errors */
    ULONG64 InUnknownProtos;                /* received packets of no known protocol */
    ULONG64 InUcastOctets;                  /* unicast bytes received */
    ULONG64 InMulticastOctets;              /* multicast bytes received */
    ULONG64 InBroadcastOctets;              /* broadcast bytes received */
    ULONG64 OutOctets;                      /* bytes sent */
    ULONG64 OutUcastPkts;                   /* unicast packets sent */
    ULONG64 OutNUcastPkts;                  /* multicast and broadcast packets sent */
    ULONG64 OutDiscards;                    /* packets to send dropped without error */
    ULONG64 OutErrors;                      /* packets not sent because of errors */
    ULONG64 OutUcastOctets;                 /* unicast bytes sent */
    ULONG64 OutMulticastOctets;             /* multicast bytes sent */
    ULONG64 OutBroadcastOctets;             /* broadcast bytes sent */
    ULONG64 OutQLen;                        /* transmit queue length (unused by Windows) */
} MIB_IF_ROW2, *PMIB_IF_ROW2;

/* A table of rows, allocated in one block; free it with FreeMibTable. */
typedef struct _MIB_IF_TABLE2 {
    ULONG NumEntries;                       /* rows in Table */
    MIB_IF_ROW2 Table[ANY_SIZE];            /* the rows, by interface index */
} MIB_IF_TABLE2, *PMIB_IF_TABLE2;

typedef enum _MIB_IF_ENTRY_LEVEL {
    MibIfEntryNormal = 0,                   /* with counters */
    MibIfEntryNormalWithoutStatistics = 2   /* counters left 0, not read */
} MIB_IF_ENTRY_LEVEL, *PMIB_IF_ENTRY_LEVEL;

typedef enum _MIB_IF_TABLE_LEVEL {
    MibIfTableNormal = 0,                   /* with counters */
    MibIfTableRaw = 1,                      /* the same: no OS here stacks filters */
    MibIfTableNormalWithoutStatistics = 2   /* counters left 0, not read */
} MIB_IF_TABLE_LEVEL, *PMIB_IF_TABLE_LEVEL;

/* An address prefix. */
typedef struct _IP_ADDRESS_PREFIX {
    SOCKADDR_INET Prefix;                   /* the address, host bits 0 */
    UCHAR PrefixLength;                     /* bits (Windows: UINT8) */
} IP_ADDRESS_PREFIX, *PIP_ADDRESS_PREFIX;

/* Who made a route (RFC 4292 ipCidrRouteProto numbering). */
typedef enum _NL_ROUTE_PROTOCOL {
    RouteProtocolOther = 1,
    RouteProtocolLocal = 2,                 /* made by the stack (connected, local) */
    RouteProtocolNetMgmt = 3,               /* configured by hand or a program */
    RouteProtocolIcmp = 4,                  /* learned from ICMP (redirect, RA) */
    RouteProtocolEgp = 5,
    RouteProtocolGgp = 6,
    RouteProtocolHello = 7,
    RouteProtocolRip = 8,
    RouteProtocolIsIs = 9,
    RouteProtocolEsIs = 10,
    RouteProtocolCisco = 11,
    RouteProtocolBbn = 12,
    RouteProtocolOspf = 13,
    RouteProtocolBgp = 14,
    RouteProtocolIdpr = 15,
    RouteProtocolEigrp = 16,
    RouteProtocolDvmrp = 17,
    RouteProtocolRpl = 18,
    RouteProtocolDhcp = 19,
    MIB_IPPROTO_OTHER = 1,
    MIB_IPPROTO_LOCAL = 2,
    MIB_IPPROTO_NETMGMT = 3,
    MIB_IPPROTO_ICMP = 4,
    MIB_IPPROTO_RIP = 8,
    MIB_IPPROTO_OSPF = 13,
    MIB_IPPROTO_BGP = 14,
    MIB_IPPROTO_NT_AUTOSTATIC = 10002,
    MIB_IPPROTO_NT_STATIC = 10006,
    MIB_IPPROTO_NT_STATIC_NON_DOD = 10007
} NL_ROUTE_PROTOCOL, *PNL_ROUTE_PROTOCOL;

typedef enum _NL_ROUTE_ORIGIN {
    NlroManual = 0,                         /* configured */
    NlroWellKnown = 1,                      /* made by the stack */
    NlroDHCP = 2,                           /* from DHCP */
    NlroRouterAdvertisement = 3,            /* from an IPv6 router advertisement */
    Nlro6to4 = 4
} NL_ROUTE_ORIGIN, *PNL_ROUTE_ORIGIN;

/* One route. */
typedef struct _MIB_IPFORWARD_ROW2 {
    NET_LUID InterfaceLuid;                 /* outgoing interface */
    NET_IFINDEX InterfaceIndex;             /* outgoing interface */
    IP_ADDRESS_PREFIX DestinationPrefix;    /* the destinations it covers */
    SOCKADDR_INET NextHop;                  /* gateway; the family's zero address when on-link */
    UCHAR SitePrefixLength;                 /* 0 */
    ULONG ValidLifetime;                    /* seconds; 0xFFFFFFFF: infinite */
    ULONG PreferredLifetime;                /* seconds; 0xFFFFFFFF: infinite */
    ULONG Metric;                           /* the route's own metric */
    NL_ROUTE_PROTOCOL Protocol;             /* who made it */
    BOOLEAN Loopback;                       /* the destination is this machine */
    BOOLEAN AutoconfigureAddress;           /* addresses are made from the prefix */
    BOOLEAN Publish;                        /* advertised in router advertisements */
    BOOLEAN Immortal;                       /* never expires */
    ULONG Age;                              /* seconds since it was made (0: unknown) */
    NL_ROUTE_ORIGIN Origin;                 /* how it was made */
} MIB_IPFORWARD_ROW2, *PMIB_IPFORWARD_ROW2;

/* A table of routes, allocated in one block; free it with FreeMibTable. */
typedef struct _MIB_IPFORWARD_TABLE2 {
    ULONG NumEntries;                       /* rows in Table */
    MIB_IPFORWARD_ROW2 Table[ANY_SIZE];     /* the rows, by interface index */
} MIB_IPFORWARD_TABLE2, *PMIB_IPFORWARD_TABLE2;

/* A route change: Row holds the key fields of the route (DestinationPrefix,
 * NextHop, InterfaceLuid, InterfaceIndex), NULL with MibInitialNotification. */
typedef VOID (NETIOAPI_API_ *PIPFORWARD_CHANGE_CALLBACK)(PVOID CallerContext,
        PMIB_IPFORWARD_ROW2 Row, MIB_NOTIFICATION_TYPE NotificationType);

/* IPv4 address in network byte order (GetBestInterface). */
typedef ULONG IPAddr;
typedef DWORD *PDWORD;

/* Reads one interface.  Key: Row->InterfaceLuid, or Row->InterfaceIndex
 * when the LUID is 0.  On success every field of Row is written; counters
 * come from the OS's 64-bit counters.  ERROR_INVALID_PARAMETER: Row NULL, or
 * LUID and index both 0.  ERROR_FILE_NOT_FOUND (NTSTATUS: STATUS_NOT_FOUND):
 * no such interface, or a non-zero LUID that matches none.  Row is left
 * untouched on failure. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIfEntry2(PMIB_IF_ROW2 Row);

/* GetIfEntry2 at a level: MibIfEntryNormal is GetIfEntry2;
 * MibIfEntryNormalWithoutStatistics does not read the counters and leaves
 * them 0.  ERROR_INVALID_PARAMETER also for any other level. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIfEntry2Ex(MIB_IF_ENTRY_LEVEL Level, PMIB_IF_ROW2 Row);

/* Reads every interface into a table allocated in one block, to be
 * released with FreeMibTable, rows by interface index.
 * ERROR_INVALID_PARAMETER: Table NULL.  ERROR_NOT_ENOUGH_MEMORY.
 * ERROR_RETRY: the OS kept changing the list while it was read.  On
 * failure *Table is NULL. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIfTable2(PMIB_IF_TABLE2 *Table);

/* GetIfTable2 at a level: MibIfTableNormal and MibIfTableRaw are
 * GetIfTable2; MibIfTableNormalWithoutStatistics leaves the counters 0.
 * ERROR_INVALID_PARAMETER also for any other level. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIfTable2Ex(MIB_IF_TABLE_LEVEL Level, PMIB_IF_TABLE2 *Table);

/* The route the OS would use to DestinationAddress, and the source address
 * it would send from.  The interface, when given (*InterfaceLuid non-zero,
 * else InterfaceIndex non-zero; a NULL InterfaceLuid is allowed), and the
 * SourceAddress, when given (not NULL, not AF_UNSPEC, not the zero
 * address), restrict the choice as the strong host model does: only routes
 * through that interface, or through the interface that holds that source,
 * qualify.  Default routes through an interface whose DisableDefaultRoutes
 * is TRUE are skipped (docs/route.md).  AddressSortOptions is
 * ignored, as on Windows.  ERROR_INVALID_PARAMETER: DestinationAddress,
 * BestRoute or BestSourceAddress NULL; a destination that is not AF_INET
 * or AF_INET6; a source of the other family.  ERROR_FILE_NOT_FOUND
 * (NTSTATUS: STATUS_NOT_FOUND): no such interface.  ERROR_NOT_FOUND: the
 * source is not an address of this machine (or, with an interface given,
 * of that interface).  ERROR_NETWORK_UNREACHABLE: no route qualifies.
 * Outputs are written only on success. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetBestRoute2(NET_LUID *InterfaceLuid,
        NET_IFINDEX InterfaceIndex, CONST SOCKADDR_INET *SourceAddress,
        CONST SOCKADDR_INET *DestinationAddress, ULONG AddressSortOptions,
        PMIB_IPFORWARD_ROW2 BestRoute, SOCKADDR_INET *BestSourceAddress);

/* ------------------------------------------------------------- route rows
 * docs/route.md: which OS routes are rows, the metric model (the OS's
 * priority is the row's Metric plus the interface's metric), what each
 * field holds and what each code means on each OS. */

/* Sets Row to Windows' defaults for a new route: lifetimes infinite
 * (0xFFFFFFFF); Loopback, AutoconfigureAddress, Publish and Immortal TRUE;
 * SitePrefixLength 255, Metric 0xFFFFFFFF and Protocol -1, Windows'
 * "illegal values", meaning unset (Create uses its defaults, Set keeps the
 * route's own); every other field zero.  A NULL Row is ignored. */
NETIOAPI_COMPAT_EXPORT VOID NETIOAPI_API_ InitializeIpForwardEntry(PMIB_IPFORWARD_ROW2 Row);

/* Every route of Family (AF_UNSPEC: both) into a table allocated in one
 * block, to be released with FreeMibTable, rows by interface index.
 * ERROR_INVALID_PARAMETER: Table NULL or Family not AF_UNSPEC, AF_INET or
 * AF_INET6.  ERROR_NOT_ENOUGH_MEMORY.  ERROR_RETRY: the OS kept changing
 * the routes while they were read.  On failure *Table is NULL. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIpForwardTable2(ADDRESS_FAMILY Family,
        PMIB_IPFORWARD_TABLE2 *Table);

/* Reads one route.  Key: Row->DestinationPrefix, Row->NextHop (family 0 or
 * the zero address: on-link) and the interface (Row->InterfaceLuid, or
 * Row->InterfaceIndex when the LUID is 0).  On success every field is
 * written.  ERROR_INVALID_PARAMETER: Row NULL, a prefix that is not
 * AF_INET/AF_INET6 or longer than its family's addresses, a next hop of
 * another family, LUID and index both 0.  ERROR_NOT_FOUND: no such
 * interface, or no such route.  Row is left untouched on failure. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIpForwardEntry2(PMIB_IPFORWARD_ROW2 Row);

/* Adds a route.  The key as GetIpForwardEntry2; Metric (0xFFFFFFFF: the
 * OS's default), lifetimes and Protocol as docs/route.md says.  The caller's
 * row is never modified.  ERROR_INVALID_PARAMETER: as Get, or a value
 * Windows refuses.  ERROR_NOT_FOUND: no such interface.
 * ERROR_OBJECT_ALREADY_EXISTS: the route exists.  ERROR_NOT_SUPPORTED: a
 * field this OS cannot express.  ERROR_ACCESS_DENIED: the caller may not
 * change routes.  All or nothing. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API CreateIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);

/* Changes the Metric, lifetimes and Protocol of the route with Row's key.
 * Codes as Create, ERROR_NOT_FOUND also when the route does not exist. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API SetIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Route);

/* Deletes the route with Row's key.  Codes as Set. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API DeleteIpForwardEntry2(CONST MIB_IPFORWARD_ROW2 *Row);

/* Calls Callback on every route change of Family (AF_UNSPEC: both), from
 * the library's one watcher thread, as NotifyIpInterfaceChange does.
 * ERROR_INVALID_PARAMETER: Family not AF_UNSPEC/AF_INET/AF_INET6, Callback
 * or NotificationHandle NULL.  ERROR_NOT_ENOUGH_MEMORY.  Cancel with
 * CancelMibChangeNotify2. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API NotifyRouteChange2(ADDRESS_FAMILY AddressFamily,
        PIPFORWARD_CHANGE_CALLBACK Callback, PVOID CallerContext,
        BOOLEAN InitialNotification, HANDLE *NotificationHandle);

/* The index of the interface GetBestRoute2 would send to pDestAddr through
 * (AF_INET or AF_INET6), in *pdwBestIfIndex.  Win32 codes in both flavours
 * (an iphlpapi function).  ERROR_INVALID_PARAMETER: a NULL pointer or
 * another family.  ERROR_NETWORK_UNREACHABLE: no route.  GetBestInterface
 * is the same for an IPv4 address in network byte order. */
NETIOAPI_COMPAT_EXPORT DWORD WINAPI GetBestInterfaceEx(struct sockaddr *pDestAddr,
        PDWORD pdwBestIfIndex);
NETIOAPI_COMPAT_EXPORT DWORD WINAPI GetBestInterface(IPAddr dwDestAddr, PDWORD pdwBestIfIndex);

/* ------------------------------------------------- unicast address rows
 * docs/address.md: the key, Initialize's values, what Create, Set and
 * Delete ask of the OS and every code; docs/fields.md: where each field
 * comes from on each OS.  Windows x64 layout: sizeof(MIB_UNICASTIPADDRESS_ROW)
 * == 80 (tests/test-layout-addr.c). */
typedef int64_t LONGLONG;                /* 64-bit signed */

/* A 64-bit value also readable as two 32-bit halves (little-endian, as on
 * Windows x64), under the anonymous struct and under u. */
typedef union _LARGE_INTEGER {
    NETIOAPI_COMPAT_EXT struct {
        DWORD LowPart;                   /* low 32 bits */
        LONG HighPart;                   /* high 32 bits */
    };
    struct {
        DWORD LowPart;
        LONG HighPart;
    } u;
    LONGLONG QuadPart;                   /* the whole value */
} LARGE_INTEGER, *PLARGE_INTEGER;

/* The zone of an IPv6 address: Zone (an interface index for link scope)
 * and its SCOPE_LEVEL, or both as Value, members of anonymous unions as
 * in Windows' ws2def.h (its only member is anonymous: __extension__ keeps
 * -pedantic C99 quiet). */
NETIOAPI_COMPAT_EXT typedef struct _SCOPE_ID {
    NETIOAPI_COMPAT_EXT union {
        NETIOAPI_COMPAT_EXT struct {
            ULONG Zone : 28;             /* low 28 bits */
            ULONG Level : 4;             /* top 4 bits: a SCOPE_LEVEL */
        };
        ULONG Value;
    };
} SCOPE_ID, *PSCOPE_ID;

/* Where the network part of an address came from. */
typedef enum {
    NlpoOther = 0,
    NlpoManual,
    NlpoWellKnown,
    NlpoDhcp,
    NlpoRouterAdvertisement,
    IpPrefixOriginOther = 0,             /* none of the others */
    IpPrefixOriginManual,                /* configured by an administrator or a program */
    IpPrefixOriginWellKnown,             /* loopback, IPv6 link-local */
    IpPrefixOriginDhcp,                  /* DHCP, DHCPv6 */
    IpPrefixOriginRouterAdvertisement,   /* an IPv6 router advertisement */
    IpPrefixOriginUnchanged = 1 << 4     /* Set: leave it as it is */
} NL_PREFIX_ORIGIN;

/* Where the host part of an address came from. */
typedef enum {
    NlsoOther = 0,
    NlsoManual,
    NlsoWellKnown,
    NlsoDhcp,
    NlsoLinkLayerAddress,
    NlsoRandom,
    IpSuffixOriginOther = 0,             /* none of the others */
    IpSuffixOriginManual,                /* configured */
    IpSuffixOriginWellKnown,             /* loopback */
    IpSuffixOriginDhcp,                  /* DHCP, DHCPv6 */
    IpSuffixOriginLinkLayerAddress,      /* from the link-layer address (EUI-64) */
    IpSuffixOriginRandom,                /* random: privacy or stable-privacy addresses */
    IpSuffixOriginUnchanged = 1 << 4     /* Set: leave it as it is */
} NL_SUFFIX_ORIGIN;

/* Duplicate address detection state. */
typedef enum {
    NldsInvalid,
    NldsTentative,
    NldsDuplicate,
    NldsDeprecated,
    NldsPreferred,
    IpDadStateInvalid = 0,               /* Create: detect as the interface does */
    IpDadStateTentative,                 /* detection in progress: not yet usable */
    IpDadStateDuplicate,                 /* another host holds it */
    IpDadStateDeprecated,                /* usable, not chosen as a source for new traffic */
    IpDadStatePreferred                  /* usable; Create: no detection at all */
} NL_DAD_STATE;

/* One address of one interface.  The comment on each field says what Get
 * reports; docs/fields.md gives each one's source on each OS. */
typedef struct _MIB_UNICASTIPADDRESS_ROW {
    SOCKADDR_INET Address;                  /* the address (key); link-local: sin6_scope_id */
    NET_LUID InterfaceLuid;                 /* interface LUID (key, wins over the index) */
    NET_IFINDEX InterfaceIndex;             /* interface index (key when the LUID is 0) */
    NL_PREFIX_ORIGIN PrefixOrigin;          /* who made the network part */
    NL_SUFFIX_ORIGIN SuffixOrigin;          /* who made the host part */
    ULONG ValidLifetime;                    /* seconds left; 0xFFFFFFFF infinite */
    ULONG PreferredLifetime;                /* seconds left as preferred; 0xFFFFFFFF infinite */
    UINT8 OnLinkPrefixLength;               /* prefix length, bits (255: unset) */
    BOOLEAN SkipAsSource;                   /* not chosen as a source (docs/address.md) */
    NL_DAD_STATE DadState;                  /* duplicate address detection state */
    SCOPE_ID ScopeId;                       /* IPv6 link-local: the interface, link level */
    LARGE_INTEGER CreationTimeStamp;        /* when it was made: 100 ns units since 1601 */
} MIB_UNICASTIPADDRESS_ROW, *PMIB_UNICASTIPADDRESS_ROW;

/* A table of addresses, allocated in one block; free it with FreeMibTable. */
typedef struct _MIB_UNICASTIPADDRESS_TABLE {
    ULONG NumEntries;                       /* rows in Table */
    MIB_UNICASTIPADDRESS_ROW Table[ANY_SIZE]; /* the rows, by interface index */
} MIB_UNICASTIPADDRESS_TABLE, *PMIB_UNICASTIPADDRESS_TABLE;

typedef VOID (NETIOAPI_API_ *PUNICAST_IPADDRESS_CHANGE_CALLBACK)(PVOID CallerContext,
        PMIB_UNICASTIPADDRESS_ROW Row, MIB_NOTIFICATION_TYPE NotificationType);
typedef VOID (NETIOAPI_API_ *PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK)(PVOID CallerContext,
        PMIB_UNICASTIPADDRESS_TABLE AddressTable);

/* Sets Row to Windows' defaults for a new address: PrefixOrigin
 * IpPrefixOriginUnchanged, SuffixOrigin IpSuffixOriginUnchanged,
 * OnLinkPrefixLength 255 (unset), both lifetimes infinite (0xFFFFFFFF),
 * SkipAsSource FALSE, every other field zero (DadState IpDadStateInvalid).
 * A NULL Row is ignored. */
NETIOAPI_COMPAT_EXPORT VOID NETIOAPI_API_ InitializeUnicastIpAddressEntry(
        PMIB_UNICASTIPADDRESS_ROW Row);

/* Reads one address.  Key: Row->Address and the interface
 * (Row->InterfaceLuid, or Row->InterfaceIndex when the LUID is 0).  On
 * success every field is written.  ERROR_INVALID_PARAMETER: Row NULL, an
 * Address that is not an IPv4/IPv6 unicast address (unspecified, multicast,
 * 255.255.255.255), LUID and index both 0.  ERROR_NOT_FOUND: no such
 * interface, the family is not bound on it, or it has no such address.
 * Row is left untouched on failure. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetUnicastIpAddressEntry(PMIB_UNICASTIPADDRESS_ROW Row);

/* Every address of Family (AF_UNSPEC: both) into a table allocated in one
 * block, to be released with FreeMibTable, rows by interface index.
 * ERROR_INVALID_PARAMETER: Table NULL or Family not AF_UNSPEC, AF_INET or
 * AF_INET6.  ERROR_NOT_FOUND: no address of Family (as Microsoft
 * documents).  ERROR_NOT_ENOUGH_MEMORY.  ERROR_RETRY: the OS kept changing
 * the addresses while they were read.  On failure *Table is NULL. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetUnicastIpAddressTable(ADDRESS_FAMILY Family,
        PMIB_UNICASTIPADDRESS_TABLE *Table);

/* Adds an address.  Key as Get; OnLinkPrefixLength (255: the address
 * alone, /32 or /128), lifetimes, SkipAsSource and DadState
 * (IpDadStatePreferred: no duplicate address detection) as docs/address.md
 * says; IPv4 addresses get their subnet's broadcast address and the OS
 * makes the on-link prefix route, as Windows does.  The caller's row is
 * never modified.  ERROR_INVALID_PARAMETER: as Get, or a value Windows
 * refuses (ValidLifetime < PreferredLifetime, only one origin
 * "Unchanged", an origin or DadState out of range, OnLinkPrefixLength
 * beyond the address).  ERROR_NOT_FOUND: as Get.
 * ERROR_OBJECT_ALREADY_EXISTS: the interface has the address.
 * ERROR_NOT_SUPPORTED: a value this OS cannot express.
 * ERROR_ACCESS_DENIED: the caller may not change addresses.  All or
 * nothing. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API CreateUnicastIpAddressEntry(
        CONST MIB_UNICASTIPADDRESS_ROW *Row);

/* Changes the lifetimes and SkipAsSource of the address with Row's key
 * (docs/address.md).  Codes as Create; ERROR_NOT_FOUND also when the
 * address does not exist. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API SetUnicastIpAddressEntry(CONST MIB_UNICASTIPADDRESS_ROW *Row);

/* Deletes the address with Row's key (a row of GetUnicastIpAddressTable
 * as it is).  Codes as Set. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API DeleteUnicastIpAddressEntry(
        CONST MIB_UNICASTIPADDRESS_ROW *Row);

/* Address changes on the library's one watcher (docs/notify.md): Add,
 * Delete, Parameter (DAD state, deprecation, a lifetime becoming finite or
 * infinite, prefix length, flags), MibInitialNotification when asked; the
 * row carries Address, InterfaceLuid and InterfaceIndex, as Windows'.
 * Codes and Cancel as NotifyIpInterfaceChange. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API NotifyUnicastIpAddressChange(ADDRESS_FAMILY Family,
        PUNICAST_IPADDRESS_CHANGE_CALLBACK Callback, PVOID CallerContext,
        BOOLEAN InitialNotification, HANDLE *NotificationHandle);
/* The address table once no address of Family is tentative (docs/notify.md):
 * NO_ERROR with *Table (FreeMibTable it) and *NotificationHandle NULL when
 * none is now; else ERROR_IO_PENDING, *NotificationHandle set, and
 * CallerCallback called once with the table (the callback's to free) when
 * DAD has ended, after which the request is over (CancelMibChangeNotify2
 * is only for one still pending).  ERROR_INVALID_PARAMETER for a NULL
 * Table, CallerCallback or NotificationHandle, or another Family. */
#ifndef ERROR_IO_PENDING
#define ERROR_IO_PENDING 997L
#endif
NETIOAPI_COMPAT_EXPORT NETIOAPI_API NotifyStableUnicastIpAddressTable(ADDRESS_FAMILY Family,
        PMIB_UNICASTIPADDRESS_TABLE *Table, PSTABLE_UNICAST_IPADDRESS_TABLE_CALLBACK CallerCallback,
        PVOID CallerContext, HANDLE *NotificationHandle);

/* ------------------------------------------------------ adapter addresses
 * GetAdaptersAddresses (iphlpapi, older than netioapi, beside it): every
 * adapter with its lists, built from the rows above; docs/adapters.md gives
 * each field's source.  Windows x64 layout: sizeof(IP_ADAPTER_ADDRESSES_LH)
 * == 448 (tests/test-layout-adapters.c).  The socket addresses the lists
 * point to are the host's own struct sockaddr_in / sockaddr_in6, with the
 * host's sizes in iSockaddrLength. */
#define MAX_ADAPTER_ADDRESS_LENGTH 8
#define MAX_DNS_SUFFIX_STRING_LENGTH 256
#define MAX_DHCPV6_DUID_LENGTH 130

#ifndef ERROR_BUFFER_OVERFLOW
#define ERROR_BUFFER_OVERFLOW 111L
#endif
#ifndef ERROR_NO_DATA
#define ERROR_NO_DATA 232L
#endif

typedef uint64_t ULONGLONG;              /* 64-bit unsigned */
typedef WCHAR *PWCHAR;                   /* UTF-16 characters */

/* A socket address of the host OS, and its length in bytes. */
typedef struct _SOCKET_ADDRESS {
    struct sockaddr *lpSockaddr;
    INT iSockaddrLength;
} SOCKET_ADDRESS, *PSOCKET_ADDRESS, *LPSOCKET_ADDRESS;

typedef NL_PREFIX_ORIGIN IP_PREFIX_ORIGIN;
typedef NL_SUFFIX_ORIGIN IP_SUFFIX_ORIGIN;
typedef NL_DAD_STATE IP_DAD_STATE;

/* Every list element begins with its own size (Length) and a flags or
 * reserved word, overlaid on a 64-bit Alignment, then Next. */
#define NETIOAPI_COMPAT_GAA_HEAD(second)                                     \
    NETIOAPI_COMPAT_EXT union {                                              \
        ULONGLONG Alignment;                                                 \
        NETIOAPI_COMPAT_EXT struct {                                         \
            ULONG Length;                                                    \
            DWORD second;                                                    \
        };                                                                   \
    }

/* One unicast address: 64 bytes. */
typedef struct _IP_ADAPTER_UNICAST_ADDRESS_LH {
    NETIOAPI_COMPAT_GAA_HEAD(Flags);            /* Flags: IP_ADAPTER_ADDRESS_* */
    struct _IP_ADAPTER_UNICAST_ADDRESS_LH *Next;
    SOCKET_ADDRESS Address;
    IP_PREFIX_ORIGIN PrefixOrigin;
    IP_SUFFIX_ORIGIN SuffixOrigin;
    IP_DAD_STATE DadState;
    ULONG ValidLifetime;                        /* seconds; 0xFFFFFFFF infinite */
    ULONG PreferredLifetime;
    ULONG LeaseLifetime;                        /* = ValidLifetime (docs/adapters.md) */
    UINT8 OnLinkPrefixLength;
} IP_ADAPTER_UNICAST_ADDRESS_LH, *PIP_ADAPTER_UNICAST_ADDRESS_LH;
typedef IP_ADAPTER_UNICAST_ADDRESS_LH IP_ADAPTER_UNICAST_ADDRESS, *PIP_ADAPTER_UNICAST_ADDRESS;

#define IP_ADAPTER_ADDRESS_DNS_ELIGIBLE 0x01
#define IP_ADAPTER_ADDRESS_TRANSIENT 0x02
#define IP_ADAPTER_ADDRESS_PRIMARY 0x04

/* Anycast, multicast, DNS server, WINS server and gateway addresses: 32 bytes. */
typedef struct _IP_ADAPTER_ANYCAST_ADDRESS_XP {
    NETIOAPI_COMPAT_GAA_HEAD(Flags);
    struct _IP_ADAPTER_ANYCAST_ADDRESS_XP *Next;
    SOCKET_ADDRESS Address;
} IP_ADAPTER_ANYCAST_ADDRESS_XP, *PIP_ADAPTER_ANYCAST_ADDRESS_XP;
typedef IP_ADAPTER_ANYCAST_ADDRESS_XP IP_ADAPTER_ANYCAST_ADDRESS, *PIP_ADAPTER_ANYCAST_ADDRESS;

typedef struct _IP_ADAPTER_MULTICAST_ADDRESS_XP {
    NETIOAPI_COMPAT_GAA_HEAD(Flags);
    struct _IP_ADAPTER_MULTICAST_ADDRESS_XP *Next;
    SOCKET_ADDRESS Address;
} IP_ADAPTER_MULTICAST_ADDRESS_XP, *PIP_ADAPTER_MULTICAST_ADDRESS_XP;
typedef IP_ADAPTER_MULTICAST_ADDRESS_XP IP_ADAPTER_MULTICAST_ADDRESS,
        *PIP_ADAPTER_MULTICAST_ADDRESS;

typedef struct _IP_ADAPTER_DNS_SERVER_ADDRESS_XP {
    NETIOAPI_COMPAT_GAA_HEAD(Reserved);
    struct _IP_ADAPTER_DNS_SERVER_ADDRESS_XP *Next;
    SOCKET_ADDRESS Address;
} IP_ADAPTER_DNS_SERVER_ADDRESS_XP, *PIP_ADAPTER_DNS_SERVER_ADDRESS_XP;
typedef IP_ADAPTER_DNS_SERVER_ADDRESS_XP IP_ADAPTER_DNS_SERVER_ADDRESS,
        *PIP_ADAPTER_DNS_SERVER_ADDRESS;

/* An on-link prefix (GAA_FLAG_INCLUDE_PREFIX): 40 bytes. */
typedef struct _IP_ADAPTER_PREFIX_XP {
    NETIOAPI_COMPAT_GAA_HEAD(Flags);
    struct _IP_ADAPTER_PREFIX_XP *Next;
    SOCKET_ADDRESS Address;
    ULONG PrefixLength;
} IP_ADAPTER_PREFIX_XP, *PIP_ADAPTER_PREFIX_XP;
typedef IP_ADAPTER_PREFIX_XP IP_ADAPTER_PREFIX, *PIP_ADAPTER_PREFIX;

typedef struct _IP_ADAPTER_WINS_SERVER_ADDRESS_LH {
    NETIOAPI_COMPAT_GAA_HEAD(Reserved);
    struct _IP_ADAPTER_WINS_SERVER_ADDRESS_LH *Next;
    SOCKET_ADDRESS Address;
} IP_ADAPTER_WINS_SERVER_ADDRESS_LH, *PIP_ADAPTER_WINS_SERVER_ADDRESS_LH;
typedef IP_ADAPTER_WINS_SERVER_ADDRESS_LH IP_ADAPTER_WINS_SERVER_ADDRESS,
        *PIP_ADAPTER_WINS_SERVER_ADDRESS;

typedef struct _IP_ADAPTER_GATEWAY_ADDRESS_LH {
    NETIOAPI_COMPAT_GAA_HEAD(Reserved);
    struct _IP_ADAPTER_GATEWAY_ADDRESS_LH *Next;
    SOCKET_ADDRESS Address;
} IP_ADAPTER_GATEWAY_ADDRESS_LH, *PIP_ADAPTER_GATEWAY_ADDRESS_LH;
typedef IP_ADAPTER_GATEWAY_ADDRESS_LH IP_ADAPTER_GATEWAY_ADDRESS, *PIP_ADAPTER_GATEWAY_ADDRESS;

/* One DNS search suffix: 520 bytes. */
typedef struct _IP_ADAPTER_DNS_SUFFIX {
    struct _IP_ADAPTER_DNS_SUFFIX *Next;
    WCHAR String[MAX_DNS_SUFFIX_STRING_LENGTH];
} IP_ADAPTER_DNS_SUFFIX, *PIP_ADAPTER_DNS_SUFFIX;

/* Bits of IP_ADAPTER_ADDRESSES_LH.Flags. */
#define IP_ADAPTER_DDNS_ENABLED 0x01
#define IP_ADAPTER_REGISTER_ADAPTER_SUFFIX 0x02
#define IP_ADAPTER_DHCP_ENABLED 0x04
#define IP_ADAPTER_RECEIVE_ONLY 0x08
#define IP_ADAPTER_NO_MULTICAST 0x10
#define IP_ADAPTER_IPV6_OTHER_STATEFUL_CONFIG 0x20
#define IP_ADAPTER_NETBIOS_OVER_TCPIP_ENABLED 0x40
#define IP_ADAPTER_IPV4_ENABLED 0x80
#define IP_ADAPTER_IPV6_ENABLED 0x100
#define IP_ADAPTER_IPV6_MANAGE_ADDRESS_CONFIG 0x200

/* One adapter: 448 bytes.  Strings and lists point into the caller's buffer. */
typedef struct _IP_ADAPTER_ADDRESSES_LH {
    NETIOAPI_COMPAT_EXT union {
        ULONGLONG Alignment;
        NETIOAPI_COMPAT_EXT struct {
            ULONG Length;                       /* sizeof(IP_ADAPTER_ADDRESSES_LH) */
            IF_INDEX IfIndex;                   /* 0 when IPv4 is not bound */
        };
    };
    struct _IP_ADAPTER_ADDRESSES_LH *Next;
    PCHAR AdapterName;                          /* the interface GUID, "{...}" */
    PIP_ADAPTER_UNICAST_ADDRESS_LH FirstUnicastAddress;
    PIP_ADAPTER_ANYCAST_ADDRESS_XP FirstAnycastAddress;
    PIP_ADAPTER_MULTICAST_ADDRESS_XP FirstMulticastAddress;
    PIP_ADAPTER_DNS_SERVER_ADDRESS_XP FirstDnsServerAddress;
    PWCHAR DnsSuffix;                           /* the primary suffix, "" when none */
    PWCHAR Description;
    PWCHAR FriendlyName;                        /* the alias (MIB_IF_ROW2.Alias) */
    BYTE PhysicalAddress[MAX_ADAPTER_ADDRESS_LENGTH];
    ULONG PhysicalAddressLength;
    NETIOAPI_COMPAT_EXT union {
        ULONG Flags;                            /* IP_ADAPTER_* bits */
        NETIOAPI_COMPAT_EXT struct {
            NETIOAPI_COMPAT_EXT ULONG DdnsEnabled : 1;
            NETIOAPI_COMPAT_EXT ULONG RegisterAdapterSuffix : 1;
            NETIOAPI_COMPAT_EXT ULONG Dhcpv4Enabled : 1;
            NETIOAPI_COMPAT_EXT ULONG ReceiveOnly : 1;
            NETIOAPI_COMPAT_EXT ULONG NoMulticast : 1;
            NETIOAPI_COMPAT_EXT ULONG Ipv6OtherStatefulConfig : 1;
            NETIOAPI_COMPAT_EXT ULONG NetbiosOverTcpipEnabled : 1;
            NETIOAPI_COMPAT_EXT ULONG Ipv4Enabled : 1;
            NETIOAPI_COMPAT_EXT ULONG Ipv6Enabled : 1;
            NETIOAPI_COMPAT_EXT ULONG Ipv6ManagedAddressConfigurationSupported : 1;
        };
    };
    ULONG Mtu;
    IFTYPE IfType;
    IF_OPER_STATUS OperStatus;
    IF_INDEX Ipv6IfIndex;                       /* 0 when IPv6 is not bound */
    ULONG ZoneIndices[16];
    PIP_ADAPTER_PREFIX_XP FirstPrefix;
    ULONG64 TransmitLinkSpeed;
    ULONG64 ReceiveLinkSpeed;
    PIP_ADAPTER_WINS_SERVER_ADDRESS_LH FirstWinsServerAddress;
    PIP_ADAPTER_GATEWAY_ADDRESS_LH FirstGatewayAddress;
    ULONG Ipv4Metric;
    ULONG Ipv6Metric;
    IF_LUID Luid;
    SOCKET_ADDRESS Dhcpv4Server;
    NET_IF_COMPARTMENT_ID CompartmentId;
    NET_IF_NETWORK_GUID NetworkGuid;
    NET_IF_CONNECTION_TYPE ConnectionType;
    TUNNEL_TYPE TunnelType;
    SOCKET_ADDRESS Dhcpv6Server;
    BYTE Dhcpv6ClientDuid[MAX_DHCPV6_DUID_LENGTH];
    ULONG Dhcpv6ClientDuidLength;
    ULONG Dhcpv6Iaid;
    PIP_ADAPTER_DNS_SUFFIX FirstDnsSuffix;
} IP_ADAPTER_ADDRESSES_LH, *PIP_ADAPTER_ADDRESSES_LH;
typedef IP_ADAPTER_ADDRESSES_LH IP_ADAPTER_ADDRESSES, *PIP_ADAPTER_ADDRESSES;

/* Flags of GetAdaptersAddresses. */
#define GAA_FLAG_SKIP_UNICAST 0x0001
#define GAA_FLAG_SKIP_ANYCAST 0x0002
#define GAA_FLAG_SKIP_MULTICAST 0x0004
#define GAA_FLAG_SKIP_DNS_SERVER 0x0008
#define GAA_FLAG_INCLUDE_PREFIX 0x0010
#define GAA_FLAG_SKIP_FRIENDLY_NAME 0x0020
#define GAA_FLAG_INCLUDE_WINS_INFO 0x0040
#define GAA_FLAG_INCLUDE_GATEWAYS 0x0080
#define GAA_FLAG_INCLUDE_ALL_INTERFACES 0x0100
#define GAA_FLAG_INCLUDE_ALL_COMPARTMENTS 0x0200
#define GAA_FLAG_INCLUDE_TUNNEL_BINDINGORDER 0x0400
#define GAA_FLAG_SKIP_DNS_INFO 0x0800

/* Every adapter of Family (AF_UNSPEC, AF_INET or the host's AF_INET6) with
 * its lists, as one linked list laid out in the caller's buffer of
 * *SizePointer bytes (every string and list element inside it, each
 * aligned to 8).  NO_ERROR: written, *SizePointer unchanged.
 * ERROR_BUFFER_OVERFLOW: AdapterAddresses NULL or *SizePointer too small;
 * *SizePointer is then the size needed and the buffer untouched.
 * ERROR_NO_DATA: no adapter to report.  ERROR_INVALID_PARAMETER:
 * SizePointer NULL, Reserved not NULL, or another Family (flag bits
 * beyond GAA_FLAG_SKIP_DNS_INFO are ignored, as Windows ignores them).
 * ERROR_NOT_ENOUGH_MEMORY; ERROR_RETRY when the OS kept changing while it
 * was read.  Returns a Win32 code in both flavours (as
 * iphlpapi does: it has no NTSTATUS twin). */
NETIOAPI_COMPAT_EXPORT ULONG WINAPI GetAdaptersAddresses(ULONG Family, ULONG Flags,
        PVOID Reserved, PIP_ADAPTER_ADDRESSES AdapterAddresses, PULONG SizePointer);

/* ------------------------------------------------------- neighbour rows
 * docs/neigh.md: the key, what each function asks of the OS, every code;
 * the fields per OS.  Windows x64 layout: sizeof(MIB_IPNET_ROW2) == 88
 * (tests/test-layout-neigh.c). */

/* The state of a neighbour, as neighbour discovery (RFC 4861) names it. */
typedef enum _NL_NEIGHBOR_STATE {
    NlnsUnreachable,                        /* resolution failed */
    NlnsIncomplete,                         /* resolution in progress */
    NlnsProbe,                              /* being confirmed again */
    NlnsDelay,                              /* waiting before it is confirmed again */
    NlnsStale,                              /* not confirmed lately, still used */
    NlnsReachable,                          /* confirmed lately */
    NlnsPermanent,                          /* configured, or needing no resolution */
    NlnsMaximum
} NL_NEIGHBOR_STATE, *PNL_NEIGHBOR_STATE;

/* One neighbour of one interface: its IP address and link-layer address. */
typedef struct _MIB_IPNET_ROW2 {
    SOCKADDR_INET Address;                  /* the neighbour's address (key) */
    NET_IFINDEX InterfaceIndex;             /* interface index (key when the LUID is 0) */
    NET_LUID InterfaceLuid;                 /* interface LUID (key, wins over the index) */
    UCHAR PhysicalAddress[IF_MAX_PHYS_ADDRESS_LENGTH]; /* its link-layer address */
    ULONG PhysicalAddressLength;            /* bytes of PhysicalAddress (0: none known) */
    NL_NEIGHBOR_STATE State;
    NETIOAPI_COMPAT_EXT union {
        NETIOAPI_COMPAT_EXT struct {
            BOOLEAN IsRouter : 1;           /* it said it is a router (IPv6) */
            BOOLEAN IsUnreachable : 1;      /* resolution failed */
        };
        UCHAR Flags;
    };
    union {
        ULONG LastReachable;                /* ms since it was last confirmed */
        ULONG LastUnreachable;              /* ms since resolution last failed */
    } ReachabilityTime;
} MIB_IPNET_ROW2, *PMIB_IPNET_ROW2;

/* A table of neighbours, allocated in one block; free it with FreeMibTable. */
typedef struct _MIB_IPNET_TABLE2 {
    ULONG NumEntries;                       /* rows in Table */
    MIB_IPNET_ROW2 Table[ANY_SIZE];         /* the rows, by interface index */
} MIB_IPNET_TABLE2, *PMIB_IPNET_TABLE2;

/* Every neighbour of Family (AF_UNSPEC: both) into one block for
 * FreeMibTable, rows by interface index.  ERROR_INVALID_PARAMETER: Table
 * NULL or another Family.  ERROR_NOT_FOUND: no neighbour of Family (as
 * Microsoft documents), *Table NULL.  ERROR_NOT_ENOUGH_MEMORY, ERROR_RETRY.
 * On failure *Table is NULL. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIpNetTable2(ADDRESS_FAMILY Family,
        PMIB_IPNET_TABLE2 *Table);

/* Reads one neighbour.  Key: Row->Address and the interface
 * (Row->InterfaceLuid, or Row->InterfaceIndex when the LUID is 0).  On
 * success every field is written.  ERROR_INVALID_PARAMETER: Row NULL, an
 * Address of another family or unspecified, LUID and index both 0.
 * ERROR_NOT_FOUND: no such interface, the family is not bound on it, or no
 * such neighbour.  Row is left untouched on failure. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API GetIpNetEntry2(PMIB_IPNET_ROW2 Row);

/* Adds a neighbour: key as Get, PhysicalAddress/PhysicalAddressLength, State
 * (NlnsPermanent, or NlnsUnreachable as a zero-filled row has it: a
 * permanent entry; NlnsReachable, NlnsStale, NlnsDelay, NlnsProbe: a
 * dynamic one in that state), IsRouter.  The caller's row is never
 * modified.  ERROR_INVALID_PARAMETER: as Get, a loopback Address, no or too
 * long a physical address, a State no entry can be created in.
 * ERROR_NOT_FOUND: as Get.  ERROR_OBJECT_ALREADY_EXISTS: the interface has
 * a neighbour of that address.  ERROR_NOT_SUPPORTED: a State or IsRouter
 * this OS cannot make (the BSDs: permanent entries only).
 * ERROR_ACCESS_DENIED: no privilege. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API CreateIpNetEntry2(CONST MIB_IPNET_ROW2 *Row);

/* Gives the neighbour with Row's key Row's physical address, State and
 * IsRouter (docs/neigh.md).  Codes as Create; ERROR_NOT_FOUND also when the
 * neighbour does not exist. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API SetIpNetEntry2(PMIB_IPNET_ROW2 Row);

/* Deletes the neighbour with Row's key (a row of GetIpNetTable2 as it is).
 * Codes as Get, and ERROR_ACCESS_DENIED. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API DeleteIpNetEntry2(CONST MIB_IPNET_ROW2 *Row);

/* Deletes every neighbour of Family (AF_UNSPEC: both) on InterfaceIndex (0:
 * every interface) that the OS resolved itself; configured (permanent)
 * entries stay (docs/neigh.md).  ERROR_INVALID_PARAMETER: another Family.
 * ERROR_NOT_FOUND: no interface of that index.  ERROR_ACCESS_DENIED. */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API FlushIpNetTable2(ADDRESS_FAMILY Family,
        NET_IFINDEX InterfaceIndex);

/* Forgets what the OS resolved of the neighbour Row->Address on Row's
 * interface (key as Get; a permanent entry is answered as it is), solicits
 * it (ARP, neighbour solicitation) and waits for the answer; on success Row
 * holds the resolved neighbour.  SourceAddress
 * (optional) must be an address of that interface.  ERROR_BAD_NET_NAME:
 * nobody answered (after the OS's own solicitations, about 3 s by
 * default).  ERROR_INVALID_PARAMETER: as Get, a loopback Address, a
 * SourceAddress of another family or not of the interface.
 * ERROR_NOT_FOUND: as Get.  ERROR_ACCESS_DENIED: no privilege.
 * ERROR_NOT_SUPPORTED: the OS has no way to resolve on request (the BSDs). */
NETIOAPI_COMPAT_EXPORT NETIOAPI_API ResolveIpNetEntry2(PMIB_IPNET_ROW2 Row,
        CONST SOCKADDR_INET *SourceAddress);

#ifdef __cplusplus
}
#endif

#endif /* _WIN32 */
#endif /* NETIOAPI_COMPAT_H */
