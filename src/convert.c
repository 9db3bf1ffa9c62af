/* convert.c - the ConvertInterface* functions.  Codes and which outputs are
 * zeroed on failure follow Windows (docs/status-codes.md). */
#include <errno.h>
#include <string.h>

#include "core.h"

/* Longest Windows-style name: "iftype65535_281474976710655" and a NUL. */
#define NIO_LUID_NAME_MAX 32
/* Longest name the parser accepts (leading zeros included): "iftype", 20
 * digits, "_", 20 digits, and a NUL. */
#define NIO_LUID_NAME_PARSE_MAX 48

nio_status nio_index_to_luid(NET_IFINDEX index, NET_LUID *luid)
{
    struct nio_iface ifc;
    nio_status st;
    if (luid == NULL)
        return NIO_INVALID_PARAMETER;
    st = nio_lookup(0, index, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc);
    luid->Value = st == NIO_OK ? nio_iface_luid(&ifc) : 0;
    return st;
}

nio_status nio_luid_to_index(const NET_LUID *luid, NET_IFINDEX *index)
{
    struct nio_iface ifc;
    nio_status st;
    if (luid == NULL || index == NULL)
        return NIO_INVALID_PARAMETER;
    if (luid->Value == 0)
        st = NIO_FILE_NOT_FOUND;
    else
        st = nio_lookup(luid->Value, 0, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc);
    *index = st == NIO_OK ? ifc.index : 0;
    return st;
}

/* The name of a LUID into a scratch buffer; a pure conversion. */
static nio_status nio_name_of(const NET_LUID *luid, char *buf)
{
    int n = nio_luid_name(luid->Value, buf, NIO_LUID_NAME_MAX);
    return n > 0 && n < NIO_LUID_NAME_MAX ? NIO_OK : NIO_GEN_FAILURE;
}

nio_status nio_luid_to_name_a(const NET_LUID *luid, char *name, size_t len)
{
    char buf[NIO_LUID_NAME_MAX];
    nio_status st;
    if (luid == NULL)
        return NIO_INVALID_PARAMETER;
    if (name == NULL || len == 0)
        return NIO_BUFFER_TOO_SMALL;
    st = nio_name_of(luid, buf);
    if (st != NIO_OK)
        return st;
    if (strlen(buf) >= len)
        return NIO_BUFFER_TOO_SMALL;
    memcpy(name, buf, strlen(buf) + 1);
    return NIO_OK;
}

nio_status nio_luid_to_name_w(const NET_LUID *luid, WCHAR *name, size_t len)
{
    char buf[NIO_LUID_NAME_MAX];
    nio_status st;
    if (luid == NULL || name == NULL)
        return NIO_INVALID_PARAMETER;
    st = nio_name_of(luid, buf);
    if (st != NIO_OK)
        return st;
    if (len == 0 || nio_utf8_to_utf16(buf, name, len) < 0)
        return NIO_BUFFER_TOO_SMALL;
    return NIO_OK;
}

nio_status nio_name_to_luid_a(const char *name, NET_LUID *luid)
{
    uint64_t value;
    if (name == NULL)
        return NIO_INVALID_NAME; /* checked first, LUID untouched: Windows */
    if (luid == NULL)
        return NIO_INVALID_PARAMETER;
    if (!nio_luid_parse_name(name, &value)) {
        luid->Value = 0;
        return NIO_INVALID_NAME;
    }
    luid->Value = value;
    return NIO_OK;
}

nio_status nio_name_to_luid_w(const WCHAR *name, NET_LUID *luid)
{
    char buf[NIO_LUID_NAME_PARSE_MAX];
    if (luid == NULL)
        return NIO_INVALID_PARAMETER;
    luid->Value = 0; /* zeroed before the name is looked at: Windows */
    if (name == NULL || nio_utf16_to_utf8(name, buf, sizeof(buf)) < 0)
        return NIO_INVALID_NAME;
    return nio_name_to_luid_a(buf, luid);
}

nio_status nio_luid_to_guid(const NET_LUID *luid, GUID *guid)
{
    struct nio_iface ifc;
    nio_status st;
    if (luid == NULL || guid == NULL)
        return NIO_INVALID_PARAMETER;
    st = nio_lookup(luid->Value, 0, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc);
    if (st == NIO_OK)
        nio_guid_from_luid(luid->Value, guid);
    else
        memset(guid, 0, sizeof(*guid));
    return st;
}

nio_status nio_guid_to_luid(const GUID *guid, NET_LUID *luid)
{
    struct nio_iface ifc;
    uint64_t value;
    if (guid == NULL || luid == NULL)
        return NIO_INVALID_PARAMETER;
    luid->Value = 0;
    if (!nio_guid_parse(guid, &value) || value == 0)
        return NIO_INVALID_PARAMETER;
    /* Windows documents an unknown GUID as an invalid parameter. */
    if (nio_lookup(value, 0, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc) != NIO_OK)
        return NIO_INVALID_PARAMETER;
    luid->Value = value;
    return NIO_OK;
}

nio_status nio_luid_to_alias(const NET_LUID *luid, WCHAR *alias, size_t len)
{
    struct nio_iface ifc;
    nio_status st;
    if (luid == NULL || alias == NULL)
        return NIO_INVALID_PARAMETER;
    if (luid->Value == 0)
        return NIO_FILE_NOT_FOUND;
    st = nio_lookup(luid->Value, 0, NIO_WANT_LINK, NIO_FILE_NOT_FOUND, &ifc);
    if (st != NIO_OK)
        return st;
    /* Linux allows names that are not UTF-8: each malformed sequence becomes
     * U+FFFD, exactly as in GetIfEntry2's Alias (docs/luid.md). */
    if (nio_os_name_to_utf16(ifc.name, NULL, 0) >= len)
        return NIO_BUFFER_TOO_SMALL; /* nothing written */
    (void)nio_os_name_to_utf16(ifc.name, alias, len);
    return NIO_OK;
}

nio_status nio_alias_to_luid(const WCHAR *alias, NET_LUID *luid)
{
    char name[NIO_NAME_MAX];
    struct nio_iface ifc;
    int err;
    if (alias == NULL || alias[0] == 0 || luid == NULL)
        return NIO_INVALID_PARAMETER;
    luid->Value = 0;
    if (nio_utf16_to_utf8(alias, name, sizeof(name)) < 0)
        return NIO_INVALID_PARAMETER; /* longer than any OS name */
    err = nio_os_get_by_name(name, NIO_WANT_LINK, &ifc);
    /* An OS may also match other names (Linux: alternative names); the
     * alias is the one name that ConvertInterfaceLuidToAlias gives back.  The
     * match is exact, byte for byte: the alias of a name that is not UTF-8
     * (U+FFFD in it) names only an interface whose name is that UTF-8, never
     * the one it was made from (docs/luid.md). */
    if (err == 0 && strcmp(ifc.name, name) != 0)
        err = -ENODEV;
    if (err != 0)
        return nio_status_from_errno(err, NIO_INVALID_PARAMETER);
    luid->Value = nio_iface_luid(&ifc);
    return NIO_OK;
}

/* ------------------------------------------------------------- exports */
NIO_EXPORT_PAIR(ConvertInterfaceIndexToLuid, (NET_IFINDEX Index, PNET_LUID Luid),
                (Index, Luid), nio_index_to_luid)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToIndex, (CONST NET_LUID *Luid, PNET_IFINDEX Index),
                (Luid, Index), nio_luid_to_index)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToNameA, (CONST NET_LUID *Luid, PSTR Name, SIZE_T Length),
                (Luid, Name, Length), nio_luid_to_name_a)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToNameW, (CONST NET_LUID *Luid, PWSTR Name, SIZE_T Length),
                (Luid, Name, Length), nio_luid_to_name_w)
NIO_EXPORT_PAIR(ConvertInterfaceNameToLuidA, (CONST CHAR *Name, NET_LUID *Luid), (Name, Luid),
                nio_name_to_luid_a)
NIO_EXPORT_PAIR(ConvertInterfaceNameToLuidW, (CONST WCHAR *Name, NET_LUID *Luid), (Name, Luid),
                nio_name_to_luid_w)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToGuid, (CONST NET_LUID *Luid, GUID *Guid), (Luid, Guid),
                nio_luid_to_guid)
NIO_EXPORT_PAIR(ConvertInterfaceGuidToLuid, (CONST GUID *Guid, PNET_LUID Luid), (Guid, Luid),
                nio_guid_to_luid)
NIO_EXPORT_PAIR(ConvertInterfaceLuidToAlias, (CONST NET_LUID *Luid, PWSTR Alias, SIZE_T Length),
                (Luid, Alias, Length), nio_luid_to_alias)
NIO_EXPORT_PAIR(ConvertInterfaceAliasToLuid, (CONST WCHAR *Alias, PNET_LUID Luid), (Alias, Luid),
                nio_alias_to_luid)
