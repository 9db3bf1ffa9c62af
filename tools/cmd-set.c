/*
 * cmd-set.c - "nioctl set <interface> -4|-6 Field=value ... [--dry-run]
 * [--json]": SetIpInterfaceEntry the way a ported program calls it.  The
 * row starts from InitializeIpInterfaceEntry, gets its keys and the fields
 * given, and nothing else, so only those fields change.  Before and after,
 * the row is read with GetIpInterfaceEntry, and each given field prints as
 * "Field: old -> new"; --dry-run reads, compares and changes nothing.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <strings.h>

#include "nioctl.h"

static void nioctl_set_usage(void)
{
    printf("usage: nioctl set <interface> -4|-6 Field=value... [--dry-run] [--json]\n\n"
           "Changes the given fields of one IP interface row (SetIpInterfaceEntry)\n"
           "and leaves every other field alone.  <interface> is read as by \"get\".\n"
           "Fields take their Windows names (case does not matter):\n"
           "  numbers    NlMtu, DadTransmits, BaseReachableTime, RetransmitTime,\n"
           "             SitePrefixLength, Metric, PathMtuDiscoveryTimeout,\n"
           "             LinkLocalAddressTimeout  (decimal or 0x<hex>)\n"
           "  booleans   ForwardingEnabled, UseAutomaticMetric, AdvertisingEnabled,\n"
           "             WeakHostSend, WeakHostReceive, AdvertiseDefaultRoute,\n"
           "             UseNeighborUnreachabilityDetection, DisableDefaultRoutes,\n"
           "             ManagedAddressConfigurationSupported,\n"
           "             OtherStatefulConfigurationSupported  (1/0, true/false, yes/no)\n"
           "  RouterDiscoveryBehavior    Disabled, Enabled, Dhcp, Unchanged or a number\n"
           "  LinkLocalAddressBehavior   AlwaysOff, Delayed, AlwaysOn, Unchanged or a number\n"
           "Metric, UseAutomaticMetric, DisableDefaultRoutes and the IPv6\n"
           "SitePrefixLength, which Linux has no place for, are kept in the library's\n"
           "system-wide record (docs/set.md): they outlive nioctl, and the metric and\n"
           "DisableDefaultRoutes act on the kernel's routes.\n\n"
           "  -4           the IPv4 row (AF_INET)\n"
           "  -6           the IPv6 row (AF_INET6)\n"
           "  -n, --dry-run  read the row and print what would change; change nothing\n"
           "  -j, --json   one JSON object: the key and each field's old and new value\n"
           "  -h, --help   this text\n");
}

/* The fields a caller cannot usefully write: keys, and the ones
 * SetIpInterfaceEntry ignores (docs/set.md). */
static const char *const nioctl_read_only[] = {
    "InterfaceIndex", "MaxReassemblySize", "MinRouterAdvertisementInterval",
    "MaxRouterAdvertisementInterval", "Connected", "SupportsWakeUpPatterns",
    "SupportsNeighborDiscovery", "SupportsRouterDiscovery", "ReachableTime",
};

/* One Field=value of the command line, parsed. */
struct nioctl_assign {
    const struct nioctl_field *f;
    int64_t value;
};

/* The enumerations a caller can set. */
static bool nioctl_is_rd(const struct nioctl_field *f)
{
    return f->kind == NIOCTL_K_ENUM && f->names == nioctl_router_discovery_name;
}

static bool nioctl_is_ll(const struct nioctl_field *f)
{
    return f->kind == NIOCTL_K_ENUM && f->names == nioctl_link_local_name;
}

static bool nioctl_settable(const struct nioctl_field *f)
{
    bool ulong = f->kind == NIOCTL_K_UINT && f->size == sizeof(ULONG);
    if (!ulong && f->kind != NIOCTL_K_BOOLEAN && !nioctl_is_rd(f) && !nioctl_is_ll(f))
        return false;
    for (size_t i = 0; i < sizeof(nioctl_read_only) / sizeof(nioctl_read_only[0]); i++)
        if (strcmp(f->name, nioctl_read_only[i]) == 0)
            return false;
    return true;
}

static const struct nioctl_field *nioctl_field_named(const char *name, size_t len)
{
    const struct nioctl_field *fields = nioctl_ipif_table.fields;
    for (size_t i = 0; i < nioctl_ipif_table.n; i++)
        if (strlen(fields[i].name) == len && strncasecmp(fields[i].name, name, len) == 0)
            return &fields[i];
    return NULL;
}

static bool nioctl_parse_int(const char *s, int64_t min, int64_t max, int64_t *out)
{
    char *end;
    long long v;
    if (*s == '\0' || *s == ' ' || *s == '+')
        return false;
    errno = 0;
    v = strtoll(s, &end, 0);
    if (errno != 0 || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

/* name, or prefix+name, case-insensitive. */
static bool nioctl_word(const char *s, const char *prefix, const char *name)
{
    size_t n = strlen(prefix);
    if (strncasecmp(s, prefix, n) == 0 && strcasecmp(s + n, name) == 0)
        return true;
    return strcasecmp(s, name) == 0;
}

static bool nioctl_parse_enum(const char *s, const char *prefix, const char *const names[4],
                              const int values[4], int64_t *out)
{
    for (int i = 0; i < 4; i++)
        if (nioctl_word(s, prefix, names[i])) {
            *out = values[i];
            return true;
        }
    return nioctl_parse_int(s, INT32_MIN, INT32_MAX, out);
}

static bool nioctl_parse_value(const struct nioctl_field *f, const char *s, int64_t *out)
{
    static const char *const rd[4] = {"Disabled", "Enabled", "Dhcp", "Unchanged"};
    static const int rdv[4] = {RouterDiscoveryDisabled, RouterDiscoveryEnabled,
                               RouterDiscoveryDhcp, RouterDiscoveryUnchanged};
    static const char *const ll[4] = {"AlwaysOff", "Delayed", "AlwaysOn", "Unchanged"};
    static const int llv[4] = {LinkLocalAlwaysOff, LinkLocalDelayed, LinkLocalAlwaysOn,
                               LinkLocalUnchanged};
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    if (f->kind == NIOCTL_K_BOOLEAN) {
        for (int i = 0; i < 4; i++)
            if (strcasecmp(s, yes[i]) == 0 || strcasecmp(s, no[i]) == 0) {
                *out = strcasecmp(s, yes[i]) == 0;
                return true;
            }
        return false;
    }
    if (nioctl_is_rd(f))
        return nioctl_parse_enum(s, "RouterDiscovery", rd, rdv, out);
    if (nioctl_is_ll(f))
        return nioctl_parse_enum(s, "LinkLocal", ll, llv, out);
    return nioctl_parse_int(s, 0, UINT32_MAX, out);
}

/* A settable field's value in a row, as a number (enums signed, BOOLEAN
 * raw): nioctl_field_int. */
static void nioctl_field_put(MIB_IPINTERFACE_ROW *row, const struct nioctl_field *f, int64_t v)
{
    unsigned char *p = (unsigned char *)row + f->offset;
    BOOLEAN b = (BOOLEAN)v;
    int32_t e = (int32_t)v;
    ULONG u32 = (ULONG)v;
    if (f->kind == NIOCTL_K_BOOLEAN)
        memcpy(p, &b, sizeof(b));
    else if (f->kind == NIOCTL_K_ENUM)
        memcpy(p, &e, sizeof(e));
    else
        memcpy(p, &u32, sizeof(u32));
}

static const char *nioctl_value_name(const struct nioctl_field *f, int64_t v)
{
    if (f->kind == NIOCTL_K_ENUM)
        return f->names(v);
    if (f->kind == NIOCTL_K_BOOLEAN && (v == 0 || v == 1))
        return v ? "true" : "false";
    return NULL;
}

static void nioctl_value_text(const struct nioctl_field *f, int64_t v)
{
    const char *s = nioctl_value_name(f, v);
    if (s != NULL)
        fputs(s, stdout);
    else
        printf("%" PRId64, v);
}

static void nioctl_value_json(struct nioctl_json *j, const char *key,
                              const struct nioctl_field *f, int64_t v)
{
    const char *s = nioctl_value_name(f, v);
    if (f->kind == NIOCTL_K_BOOLEAN && s != NULL)
        nioctl_json_bool(j, key, v != 0);
    else if (s != NULL)
        nioctl_json_string(j, key, s);
    else
        nioctl_json_int(j, key, v);
}

/* Field=value -> *a; a usage error for anything else. */
static int nioctl_set_assign(const char *cmd, const char *arg, struct nioctl_assign *a)
{
    const char *eq = strchr(arg, '=');
    if (eq == NULL)
        return nioctl_usage_error(cmd, "\"%s\" is not Field=value", arg);
    a->f = nioctl_field_named(arg, (size_t)(eq - arg));
    if (a->f == NULL)
        return nioctl_usage_error(cmd, "no field \"%.*s\" in MIB_IPINTERFACE_ROW",
                                  (int)(eq - arg), arg);
    if (!nioctl_settable(a->f))
        return nioctl_usage_error(cmd, "%s cannot be set (a key or a read-only field)",
                                  a->f->name);
    if (!nioctl_parse_value(a->f, eq + 1, &a->value))
        return nioctl_usage_error(cmd, "%s: bad value \"%s\"", a->f->name, eq + 1);
    return NIOCTL_EXIT_OK;
}

struct nioctl_set_args {
    struct nioctl_opts o;
    bool dry_run;
    const char *target;
    struct nioctl_assign *assign;
    size_t n;
};

static int nioctl_set_parse(int argc, char **argv, struct nioctl_set_args *a)
{
    bool options = true;
    for (int i = 1; i < argc; i++) {
        int rc;
        if (options && strcmp(argv[i], "--") == 0) {
            options = false;
        } else if (options && argv[i][0] == '-' && argv[i][1] != '\0') {
            if (strcmp(argv[i], "--dry-run") == 0 || strcmp(argv[i], "-n") == 0)
                a->dry_run = true;
            else if (!nioctl_common_opt(argv[i], &a->o))
                return nioctl_usage_error(argv[0], "unknown option \"%s\"", argv[i]);
        } else if (a->target == NULL) {
            a->target = argv[i];
        } else if ((rc = nioctl_set_assign(argv[0], argv[i], &a->assign[a->n])) != 0) {
            return rc;
        } else {
            for (size_t k = 0; k < a->n; k++)
                if (a->assign[k].f == a->assign[a->n].f)
                    return nioctl_usage_error(argv[0], "%s given twice", a->assign[k].f->name);
            a->n++;
        }
    }
    if (a->o.help)
        return NIOCTL_EXIT_OK;
    if (a->target == NULL)
        return nioctl_usage_error(argv[0], "which interface? (a name, index or LUID)");
    if (a->o.v4 == a->o.v6)
        return nioctl_usage_error(argv[0], "give -4 or -6: a row has one family");
    if (a->n == 0)
        return nioctl_usage_error(argv[0], "nothing to set: give Field=value");
    return NIOCTL_EXIT_OK;
}

static void nioctl_set_print(const struct nioctl_set_args *a, const MIB_IPINTERFACE_ROW *was,
                             const MIB_IPINTERFACE_ROW *now)
{
    char alias[NIOCTL_NAME_MAX];
    struct nioctl_json j;
    if (!a->o.json) {
        for (size_t i = 0; i < a->n; i++) {
            int64_t old = nioctl_field_int(was, a->assign[i].f);
            int64_t new = nioctl_field_int(now, a->assign[i].f);
            printf("%s: ", a->assign[i].f->name);
            nioctl_value_text(a->assign[i].f, old);
            if (old != new) {
                fputs(" -> ", stdout);
                nioctl_value_text(a->assign[i].f, new);
            } else {
                fputs(" (unchanged)", stdout);
            }
            fputc('\n', stdout);
        }
        return;
    }
    nioctl_json_init(&j, stdout);
    nioctl_json_begin_object(&j, NULL);
    nioctl_json_string(&j, "Family", nioctl_family_name(was->Family));
    nioctl_json_uint(&j, "InterfaceLuid", was->InterfaceLuid.Value);
    nioctl_json_string(&j, "InterfaceAlias",
                       nioctl_alias(&was->InterfaceLuid, alias, sizeof(alias)) ? alias : NULL);
    nioctl_json_uint(&j, "InterfaceIndex", was->InterfaceIndex);
    nioctl_json_bool(&j, "DryRun", a->dry_run);
    nioctl_json_begin_object(&j, "Fields");
    for (size_t i = 0; i < a->n; i++) {
        const struct nioctl_field *f = a->assign[i].f;
        nioctl_json_begin_object(&j, f->name);
        nioctl_value_json(&j, "Old", f, nioctl_field_int(was, f));
        nioctl_value_json(&j, "New", f, nioctl_field_int(now, f));
        nioctl_json_end_object(&j);
    }
    nioctl_json_end_object(&j);
    nioctl_json_end_object(&j);
    nioctl_json_finish(&j);
}

/* Reads the row of key (keys only) into *out. */
static NETIO_STATUS nioctl_set_read(const MIB_IPINTERFACE_ROW *key, MIB_IPINTERFACE_ROW *out)
{
    InitializeIpInterfaceEntry(out);
    out->Family = key->Family;
    out->InterfaceLuid = key->InterfaceLuid;
    out->InterfaceIndex = key->InterfaceIndex;
    return GetIpInterfaceEntry(out);
}

static int nioctl_set_run(struct nioctl_set_args *a)
{
    MIB_IPINTERFACE_ROW key, row, was, now;
    NETIO_STATUS st;
    int rc;
    InitializeIpInterfaceEntry(&key);
    key.Family = a->o.v6 ? AF_INET6 : AF_INET;
    rc = nioctl_resolve_target("set", a->target, &key);
    if (rc != NIOCTL_EXIT_OK)
        return rc;
    st = nioctl_set_read(&key, &was);
    if (st != NO_ERROR)
        return nioctl_fail("GetIpInterfaceEntry", st);
    now = was;
    if (a->dry_run) {
        for (size_t i = 0; i < a->n; i++)
            nioctl_field_put(&now, a->assign[i].f, a->assign[i].value);
    } else {
        row = key; /* InitializeIpInterfaceEntry, keys, the given fields */
        for (size_t i = 0; i < a->n; i++)
            nioctl_field_put(&row, a->assign[i].f, a->assign[i].value);
        st = SetIpInterfaceEntry(&row);
        if (st != NO_ERROR)
            return nioctl_fail("SetIpInterfaceEntry", st);
        st = nioctl_set_read(&key, &now);
        if (st != NO_ERROR)
            return nioctl_fail("GetIpInterfaceEntry", st);
    }
    nioctl_set_print(a, &was, &now);
    return NIOCTL_EXIT_OK;
}

int nioctl_cmd_set(int argc, char **argv)
{
    struct nioctl_set_args a = {.target = NULL};
    int rc;
    a.assign = calloc(argc > 0 ? (size_t)argc : 1, sizeof(*a.assign));
    if (a.assign == NULL) {
        fprintf(stderr, "nioctl set: out of memory\n");
        return NIOCTL_EXIT_FAIL;
    }
    rc = nioctl_set_parse(argc, argv, &a);
    if (rc == NIOCTL_EXIT_OK && a.o.help)
        nioctl_set_usage();
    else if (rc == NIOCTL_EXIT_OK)
        rc = nioctl_set_run(&a);
    free(a.assign);
    return rc;
}
