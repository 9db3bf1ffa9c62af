/* types.c - the base types <netioapi_compat.h> adds for ported code, with
 * Windows' widths, and their guards: compiled by
 * tests/stages/winapi-headers.sh once per way a program may already have
 * these names (C11 and C++11; the C99 build only for the modes without a
 * repeated typedef):
 *   (none)            the header alone, system headers after it
 *   SYSTEM_FIRST      every system header a ported program includes, first
 *   OWN_BEFORE        the program's own identical typedefs, then the header
 *   OWN_AFTER         the header, then the program's own identical typedefs
 *   OWN_MACROS        the program #defines the names first (the header's
 *                     typedefs step aside)
 *   OWN_DIFFERENT     the program types them otherwise, with
 *                     NETIOAPI_COMPAT_NO_EXTRA_TYPES, before the header */
#if defined(SYSTEM_FIRST)
#include <arpa/inet.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>
#include <wchar.h>
#endif

#if defined(OWN_BEFORE) || defined(OWN_DIFFERENT)
#include <stdint.h>
#endif
#if defined(OWN_BEFORE)
#define OWN_TYPES
#endif
#if defined(OWN_DIFFERENT)
#define NETIOAPI_COMPAT_NO_EXTRA_TYPES
typedef unsigned long long UINT64;       /* as MinGW spells it */
typedef unsigned long ULONG_PTR;         /* as 32-bit-era code spells it */
typedef unsigned short WORD;
typedef unsigned int UINT;
typedef int INT;
typedef unsigned short UINT16;
typedef unsigned int UINT32;
typedef long LONG_PTR;
typedef unsigned long DWORD_PTR;
typedef unsigned char *PBYTE, *LPBYTE;
typedef char *PCHAR, *LPSTR;
typedef const char *LPCSTR;
typedef uint16_t *LPWSTR;
typedef const uint16_t *LPCWSTR;
typedef void *LPVOID;
typedef const void *LPCVOID;
typedef uint32_t *LPDWORD;
typedef int32_t HRESULT;
#endif
#if defined(OWN_MACROS)
#define WORD unsigned short
#define UINT unsigned int
#define INT int
#define UINT8 unsigned char
#define UINT16 unsigned short
#define UINT32 unsigned int
#define UINT64 unsigned long long
#define ULONG_PTR unsigned long
#define LPSTR char *
#define LPCSTR const char *
#define LPVOID void *
#define PCHAR char *
#define SUCCEEDED(hr) ((hr) >= 0)
#endif

#include <netioapi_compat.h>

#if defined(OWN_AFTER)
#define OWN_TYPES
#endif
#if defined(OWN_TYPES)
/* Windows' own definitions, as a program carries them (the same types). */
typedef uint16_t WORD;
typedef unsigned int UINT;
typedef int INT;
typedef uint8_t UINT8;
typedef uint16_t UINT16;
typedef uint32_t UINT32;
typedef uint64_t UINT64;
typedef uintptr_t ULONG_PTR;
typedef CHAR *LPSTR;
typedef const CHAR *LPCSTR;
typedef WCHAR *LPWSTR;
typedef const WCHAR *LPCWSTR;
typedef void *LPVOID;
typedef CHAR *PCHAR;
typedef LONG HRESULT;
#endif

#if !defined(SYSTEM_FIRST)
#include <arpa/inet.h>
#include <net/if.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <wchar.h>
#endif

#ifdef __cplusplus
#define CHECK(c, m) static_assert(c, m)
#else
#define CHECK(c, m) _Static_assert(c, m)
#endif

CHECK(sizeof(WORD) == 2 && (WORD)-1 > 0, "WORD: 16-bit unsigned");
CHECK(sizeof(UINT) == 4 && (UINT)-1 > 0, "UINT: 32-bit unsigned");
CHECK(sizeof(INT) == 4 && (INT)-1 < 0, "INT: 32-bit signed");
CHECK(sizeof(UINT8) == 1 && (UINT8)-1 > 0, "UINT8");
CHECK(sizeof(UINT16) == 2 && (UINT16)-1 > 0, "UINT16");
CHECK(sizeof(UINT32) == 4 && (UINT32)-1 > 0, "UINT32");
CHECK(sizeof(UINT64) == 8 && (UINT64)-1 > 0, "UINT64");
CHECK(sizeof(ULONG_PTR) == sizeof(void *) && (ULONG_PTR)-1 > 0, "ULONG_PTR: pointer-sized");
CHECK(sizeof(LPSTR) == sizeof(char *) && sizeof(*(LPSTR)0) == 1, "LPSTR");
CHECK(sizeof(*(LPCSTR)0) == 1, "LPCSTR");
CHECK(sizeof(*(LPWSTR)0) == 2 && sizeof(*(LPCWSTR)0) == 2, "LPWSTR, LPCWSTR: UTF-16");
CHECK(sizeof(*(PCHAR)0) == 1, "PCHAR");
CHECK(sizeof(LPVOID) == sizeof(void *), "LPVOID");
CHECK(sizeof(LARGE_INTEGER) == 8, "LARGE_INTEGER");
CHECK(sizeof(ULONG) == 4 && sizeof(LONG) == 4 && sizeof(DWORD) == 4, "32-bit LONG family");
#if !defined(OWN_DIFFERENT)
CHECK(sizeof(HRESULT) == 4 && (HRESULT)-1 < 0, "HRESULT: 32-bit signed");
CHECK(sizeof(LONG_PTR) == sizeof(void *) && (LONG_PTR)-1 < 0, "LONG_PTR");
#endif
#if !defined(OWN_MACROS)
CHECK(SUCCEEDED(S_OK) && SUCCEEDED(S_FALSE) && FAILED(HRESULT_FROM_WIN32(ERROR_NOT_FOUND)),
      "SUCCEEDED, FAILED");
CHECK(HRESULT_FROM_WIN32(ERROR_NOT_FOUND) == (LONG)0x80070490u, "HRESULT_FROM_WIN32");
CHECK(HRESULT_FROM_WIN32(NO_ERROR) == S_OK, "HRESULT_FROM_WIN32(0)");
#endif

int main(void)
{
    WCHAR alias[] = {'l', 'o', 0};
#if defined(OWN_DIFFERENT)
    const WCHAR *name = alias; /* this program's LPCWSTR is not the header's */
#else
    LPCWSTR name = alias;
#endif
    NET_LUID luid;
    LPVOID ctx = &luid;
    memset(&luid, 0, sizeof(luid));
    /* The types meet the functions as ported code passes them. */
    return ConvertInterfaceAliasToLuid(name, (PNET_LUID)ctx) == NO_ERROR ||
                   ConvertInterfaceAliasToLuid(name, (PNET_LUID)ctx) != NO_ERROR
               ? 0
               : 1;
}
