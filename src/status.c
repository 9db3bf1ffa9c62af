/* status.c - the one translation from outcomes to Win32 and NTSTATUS codes. */
#include <errno.h>

#include "core.h"

struct nio_status_entry {
    const char *name;   /* the Win32 code's name, as nioctl prints it */
    DWORD win32;
    NTSTATUS nt;
};

/* Windows answers ERROR_NOT_ENOUGH_MEMORY both when it is out of memory and
 * when a name buffer is too small; the NTSTATUS flavour tells them apart. */
static const struct nio_status_entry nio_status_table[NIO_STATUS_COUNT] = {
    [NIO_OK] = {"NO_ERROR", NO_ERROR, STATUS_SUCCESS},
    [NIO_INVALID_PARAMETER] = {"ERROR_INVALID_PARAMETER", ERROR_INVALID_PARAMETER,
                               STATUS_INVALID_PARAMETER},
    [NIO_NOT_FOUND] = {"ERROR_NOT_FOUND", ERROR_NOT_FOUND, STATUS_NOT_FOUND},
    [NIO_FILE_NOT_FOUND] = {"ERROR_FILE_NOT_FOUND", ERROR_FILE_NOT_FOUND,
                            STATUS_OBJECT_NAME_NOT_FOUND},
    [NIO_NO_MEMORY] = {"ERROR_NOT_ENOUGH_MEMORY", ERROR_NOT_ENOUGH_MEMORY, STATUS_NO_MEMORY},
    [NIO_BUFFER_TOO_SMALL] = {"ERROR_NOT_ENOUGH_MEMORY", ERROR_NOT_ENOUGH_MEMORY,
                              STATUS_BUFFER_TOO_SMALL},
    [NIO_INVALID_NAME] = {"ERROR_INVALID_NAME", ERROR_INVALID_NAME, STATUS_OBJECT_NAME_INVALID},
    [NIO_ACCESS_DENIED] = {"ERROR_ACCESS_DENIED", ERROR_ACCESS_DENIED, STATUS_ACCESS_DENIED},
    [NIO_NOT_SUPPORTED] = {"ERROR_NOT_SUPPORTED", ERROR_NOT_SUPPORTED, STATUS_NOT_SUPPORTED},
    [NIO_NETWORK_UNREACHABLE] = {"ERROR_NETWORK_UNREACHABLE", ERROR_NETWORK_UNREACHABLE,
                                 STATUS_NETWORK_UNREACHABLE},
    [NIO_RETRY] = {"ERROR_RETRY", ERROR_RETRY, STATUS_RETRY},
    [NIO_GEN_FAILURE] = {"ERROR_GEN_FAILURE", ERROR_GEN_FAILURE, STATUS_UNSUCCESSFUL},
    /* GetIfEntry2 and GetBestRoute2 for an unknown interface: user-mode
     * Windows answers ERROR_FILE_NOT_FOUND, the kernel (driver) flavour of
     * the same functions STATUS_NOT_FOUND. */
    [NIO_NO_INTERFACE] = {"ERROR_FILE_NOT_FOUND", ERROR_FILE_NOT_FOUND, STATUS_NOT_FOUND},
    /* Windows' netio reports an existing route or address as
     * STATUS_DUPLICATE_OBJECTID, which iphlpapi turns into
     * ERROR_OBJECT_ALREADY_EXISTS. */
    [NIO_ALREADY_EXISTS] = {"ERROR_OBJECT_ALREADY_EXISTS", ERROR_OBJECT_ALREADY_EXISTS,
                            STATUS_DUPLICATE_OBJECTID},
    /* ResolveIpNetEntry2: nobody answered the solicitation. */
    [NIO_BAD_NET_NAME] = {"ERROR_BAD_NET_NAME", ERROR_BAD_NET_NAME, STATUS_BAD_NETWORK_NAME},
};

static const struct nio_status_entry *nio_status_entry(nio_status s)
{
    if ((unsigned)s >= NIO_STATUS_COUNT)
        s = NIO_GEN_FAILURE;
    return &nio_status_table[s];
}

DWORD nio_status_win32(nio_status s)
{
    return nio_status_entry(s)->win32;
}

NTSTATUS nio_status_nt(nio_status s)
{
    return nio_status_entry(s)->nt;
}

const char *nio_status_name(nio_status s)
{
    return nio_status_entry(s)->name;
}

nio_status nio_status_from_errno(int neg_errno, nio_status not_found)
{
    switch (-neg_errno) {
    case 0:
        return NIO_OK;
    case ENODEV:
    case ENOENT:
    case ENXIO:
        return not_found;
    case EEXIST:
        return NIO_ALREADY_EXISTS;
    case ENOMEM:
    case ENOBUFS:
        return NIO_NO_MEMORY;
    case EPERM:
    case EACCES:
        return NIO_ACCESS_DENIED;
    case EOPNOTSUPP:
        return NIO_NOT_SUPPORTED;
    case EINVAL:
    case ERANGE:
        return NIO_INVALID_PARAMETER;
    case ENETUNREACH:
    case EHOSTUNREACH:
        return NIO_NETWORK_UNREACHABLE;
    case EAGAIN:
    case EINTR:
        return NIO_RETRY;
    default:
        return NIO_GEN_FAILURE;
    }
}

nio_status nio_status_from_win32(DWORD code)
{
    for (unsigned s = 0; s < NIO_STATUS_COUNT; s++)
        if (nio_status_table[s].win32 == code)
            return (nio_status)s;
    return NIO_GEN_FAILURE;
}

/* Windows' string functions (ConvertInterfaceLuidToName, ...ToAlias) answer
 * ERROR_NOT_ENOUGH_MEMORY for a buffer too small (their pages say so), and
 * Wine 8 answers ERROR_INSUFFICIENT_BUFFER there.  For MIB_IF_ROW2 and routes
 * ERROR_FILE_NOT_FOUND is "no such interface", whose NTSTATUS is
 * STATUS_NOT_FOUND (NIO_NO_INTERFACE), not the conversions'
 * STATUS_OBJECT_NAME_NOT_FOUND. */
NTSTATUS nio_status_nt_of_win32(DWORD code, enum nio_win_kind kind)
{
    switch (kind) {
    case NIO_WIN_STRING:
        if (code == ERROR_NOT_ENOUGH_MEMORY || code == ERROR_INSUFFICIENT_BUFFER)
            return nio_status_nt(NIO_BUFFER_TOO_SMALL);
        break;
    case NIO_WIN_IFROW:
        if (code == ERROR_FILE_NOT_FOUND)
            return nio_status_nt(NIO_NO_INTERFACE);
        break;
    case NIO_WIN_PLAIN:
        break;
    }
    return nio_status_nt(nio_status_from_win32(code));
}
