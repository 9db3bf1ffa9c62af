/*
 * cmd-set.c - "nioctl set <interface> [-4|-6] Field=value|Field value ...
 * [--dry-run] [--json]": SetIpInterfaceEntry the way a ported program calls
 * it.  The row starts from InitializeIpInterfaceEntry, gets its keys and
 * the fields given, and nothing else, so only those fields change.  Before
 * and after, the row is read with GetIpInterfaceEntry, and each given field
 * prints as "Field: old -> new"; --dry-run reads, compares and changes
 * nothing.  Without -4 or -6 every family the interface has is set in turn,
 * IPv4 first, as "ip link set" changes both.  Fields go by Windows' names
 * or by ip(8)/sysctl words ("mtu 1400").
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <strings.h>

#include "nioctl.h"

static void nioctl_set_usage(void)
{
    printf("usage: nioctl set <interface> [-4|-6] Field=value|Field value...\n"
           "                  [--dry-run] [--json]\n"
           "       nioctl set --list-fields\n\n"
           "Changes the given fields of the IP interface rows of one interface\n"
           "(SetIpInterfaceEntry) and leaves every other field alone: both families\n"
           "unless one is chosen, IPv4 first.  <interface> is read as by \"get\".\n"
           "Fields take their Windows names (case does not matter) or these words:\n"
           "  mtu NlMtu, forwarding ForwardingEnabled, metric Metric,\n"
           "  dad_transmits DadTransmits, base_reachable_time_ms BaseReachableTime,\n"
           "  retrans_time_ms RetransmitTime  (- and _ alike)\n"
           "  numbers    NlMtu, DadTransmits, BaseReachableTime, RetransmitTime,\n"
           "             SitePrefixLength, Metric, PathMtuDiscoveryTimeout,\n"
           "             LinkLocalAddressTimeout  (decimal or 0x<hex>)\n"
           "  booleans   ForwardingEnabled, UseAutomaticMetric, AdvertisingEnabled,\n"
           "             WeakHostSend, WeakHostReceive, AdvertiseDefaultRoute,\n"
           "             UseNeighborUnreachabilityDetection, DisableDefaultRoutes,\n"
           "             ManagedAddressConfigurationSupported,\n"
           "             OtherStatefulConfigurationSupported  (1/0, true/false, yes/no, on/off)\n"
           "  RouterDiscoveryBehavior    Disabled, Enabled, Dhcp, Unchanged or a number\n"
           "  LinkLocalAddressBehavior   AlwaysOff, Delayed, AlwaysOn, Unchanged or a number\n"
           "Metric, UseAutomaticMetric, DisableDefaultRoutes and the IPv6\n"
           "SitePrefixLength, which Linux has no place for, are kept in the library's\n"
           "system-wide record (docs/set.md): they outlive nioctl, and the metric and\n"
           "DisableDefaultRoutes act on the kernel's routes.\n\n"
           "  -4, -f inet    the IPv4 row only (AF_INET)\n"
           "  -6, -f inet6   the IPv6 row only (AF_INET6)\n"
           "  -n, --dry-run  read the rows and print what would change; change nothing\n"
           "  -j, --json     JSON: the key and each field's old and new value, one\n"
           "                 object for one family, else an array\n"
           "  --list-fields  the settable fields and words, one a line\n"
           "  -h, --help     this text\n");
}

/* ip(8) and sysctl words for the fields an administrator sets most; each
 * is the Linux knob the field is read from and written to (fields.md). */
static const struct {
    const char *word, *field;
} nioctl_set_words[] = {
    {"mtu", "NlMtu"},                    /* ip link set mtu; conf/<if>/mtu */
    {"forwarding", "ForwardingEnabled"}, /* conf/<if>/forwarding */
    {"metric", "Metric"},                /* ip route's metric, the interface's */
    {"dad_transmits", "DadTransmits"},   /* ipv6/conf/<if>/dad_transmits */
    {"base_reachable_time_ms", "BaseReachableTime"}, /* neigh/<if>/ */
    {"retrans_time_ms", "RetransmitTime"},           /* neigh/<if>/ */
};

#define NIOCTL_NWORDS (sizeof(nioctl_set_words) / sizeof(nioctl_set_words[0]))

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

static const struct nioctl_field *nioctl_field_exact(const char *name, size_t len)
{
    const struct nioctl_field *fields = nioctl_ipif_table.fields;
    for (size_t i = 0; i < nioctl_ipif_table.n; i++)
        if (strlen(fields[i].name) == len && strncasecmp(fields[i].name, name, len) == 0)
            return &fields[i];
    return NULL;
}

/* A word of nioctl_set_words, '-' and '_' alike ("dad-transmits"). */
static bool nioctl_word_is(const char *word, const char *name, size_t len)
{
    size_t i = 0;
    for (; i < len && word[i] != '\0'; i++) {
        char c = name[i] == '-' ? '_' : (char)tolower((unsigned char)name[i]);
        if (c != word[i])
            return false;
    }
    return i == len && word[i] == '\0';
}

/* A field by its Windows name, else by its word. */
static const struct nioctl_field *nioctl_field_named(const char *name, size_t len)
{
    const struct nioctl_field *f = nioctl_field_exact(name, len);
    for (size_t i = 0; f == NULL && i < NIOCTL_NWORDS; i++)
        if (nioctl_word_is(nioctl_set_words[i].word, name, len))
            f = nioctl_field_exact(nioctl_set_words[i].field, strlen(nioctl_set_words[i].field));
    return f;
}

/* The word of a field, NULL when it has none. */
static const char *nioctl_field_word(const struct nioctl_field *f)
{
    for (size_t i = 0; i < NIOCTL_NWORDS; i++)
        if (strcmp(nioctl_set_words[i].field, f->name) == 0)
            return nioctl_set_words[i].word;
    return NULL;
}

/* Every settable field with its word: one a line, words on their own
 * (--list-fields, for scripts and the shell completion), or as a message,
 * "NlMtu (mtu)", wrapped. */
static void nioctl_list_fields(FILE *out, bool message)
{
    size_t col = 0;
    for (size_t i = 0; i < nioctl_ipif_table.n; i++) {
        const struct nioctl_field *f = &nioctl_ipif_table.fields[i];
        const char *word = nioctl_field_word(f);
        char item[NIOCTL_NAME_MAX];
        if (!nioctl_settable(f))
            continue;
        if (!message) {
            fprintf(out, "%s\n", f->name);
            if (word != NULL)
                fprintf(out, "%s\n", word);
            continue;
        }
        snprintf(item, sizeof(item), "%s%s%s%s", f->name, word ? " (" : "", word ? word : "",
                 word ? ")" : "");
        if (col > 0 && col + strlen(item) + 2 > 76) {
            fputs(",\n", out);
            col = 0;
        }
        col += (size_t)fprintf(out, "%s%s", col == 0 ? "  " : ", ", item);
    }
    if (message)
        fputc('\n', out);
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

/* "no field X" and the list of those there are. */
static int nioctl_unknown_field(const char *cmd, const char *name, size_t len)
{
    fprintf(stderr, "nioctl %s: no field \"%.*s\"; the fields set can change:\n", cmd,
            (int)len, name);
    nioctl_list_fields(stderr, true);
    fprintf(stderr, "Try \"nioctl %s --help\".\n", cmd);
    return NIOCTL_EXIT_USAGE;
}

/* The field name (len bytes) and its value text -> *a. */
static int nioctl_set_assign(const char *cmd, const char *name, size_t len, const char *value,
                             struct nioctl_assign *a)
{
    a->f = nioctl_field_named(name, len);
    if (a->f == NULL)
        return nioctl_unknown_field(cmd, name, len);
    if (!nioctl_settable(a->f))
        return nioctl_usage_error(cmd, "%s cannot be set (a key or a read-only field)",
                                  a->f->name);
    if (!nioctl_parse_value(a->f, value, &a->value))
        return nioctl_usage_error(cmd, "%s: bad value \"%s\"", a->f->name, value);
    return NIOCTL_EXIT_OK;
}

/* "Field=value", or "Field value" as ip(8) words it: argv[*i] onwards. */
static int nioctl_set_field_arg(const char *cmd, int argc, char **argv, int *i,
                                struct nioctl_assign *a)
{
    const char *arg = argv[*i], *eq = strchr(arg, '=');
    if (eq != NULL)
        return nioctl_set_assign(cmd, arg, (size_t)(eq - arg), eq + 1, a);
    if (nioctl_field_named(arg, strlen(arg)) == NULL)
        return nioctl_unknown_field(cmd, arg, strlen(arg));
    if (*i + 1 >= argc)
        return nioctl_usage_error(cmd, "\"%s\" needs a value (Field=value or Field value)",
                                  arg);
    ++*i;
    return nioctl_set_assign(cmd, arg, strlen(arg), argv[*i], a);
}

struct nioctl_set_args {
    struct nioctl_opts o;
    bool dry_run, list_fields;
    const char *target;
    struct nioctl_assign *assign;
    size_t n;
};

/* The options of set: the common ones, --dry-run, --list-fields. */
static int nioctl_set_option(int argc, char **argv, int *i, struct nioctl_set_args *a)
{
    int r;
    if (strcmp(argv[*i], "--dry-run") == 0 || strcmp(argv[*i], "-n") == 0)
        a->dry_run = true;
    else if (strcmp(argv[*i], "--list-fields") == 0)
        a->list_fields = true;
    else if ((r = nioctl_common_opt(argc, argv, i, &a->o)) == NIOCTL_OPT_BAD)
        return nioctl_usage_error(argv[0], "%s", a->o.why);
    else if (r == NIOCTL_OPT_NONE)
        return nioctl_usage_error(argv[0], "unknown option \"%s\"", argv[*i]);
    return NIOCTL_EXIT_OK;
}

/* One more field to set, unless it was given already. */
static int nioctl_set_add(int argc, char **argv, int *i, struct nioctl_set_args *a)
{
    int rc = nioctl_set_field_arg(argv[0], argc, argv, i, &a->assign[a->n]);
    if (rc != NIOCTL_EXIT_OK)
        return rc;
    for (size_t k = 0; k < a->n; k++)
        if (a->assign[k].f == a->assign[a->n].f)
            return nioctl_usage_error(argv[0], "%s given twice", a->assign[k].f->name);
    a->n++;
    return NIOCTL_EXIT_OK;
}

static int nioctl_set_parse(int argc, char **argv, struct nioctl_set_args *a)
{
    bool options = true;
    int rc = NIOCTL_EXIT_OK;
    for (int i = 1; i < argc && rc == NIOCTL_EXIT_OK; i++) {
        if (options && strcmp(argv[i], "--") == 0)
            options = false;
        else if (options && argv[i][0] == '-' && argv[i][1] != '\0')
            rc = nioctl_set_option(argc, argv, &i, a);
        else if (a->target == NULL)
            a->target = argv[i];
        else
            rc = nioctl_set_add(argc, argv, &i, a);
    }
    if (rc != NIOCTL_EXIT_OK || a->o.help || a->list_fields)
        return rc;
    if (a->target == NULL)
        return nioctl_usage_error(argv[0], "which interface? (a name, index or LUID)");
    if (a->n == 0)
        return nioctl_usage_error(argv[0], "nothing to set: give Field=value");
    return NIOCTL_EXIT_OK;
}

/* What one family's Set did: the row before and after. */
struct nioctl_set_result {
    MIB_IPINTERFACE_ROW was, now;
};

static void nioctl_set_text(const struct nioctl_set_args *a, const struct nioctl_set_result *r)
{
    for (size_t i = 0; i < a->n; i++) {
        int64_t old = nioctl_field_int(&r->was, a->assign[i].f);
        int64_t new = nioctl_field_int(&r->now, a->assign[i].f);
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
}

static void nioctl_set_json(struct nioctl_json *j, const struct nioctl_set_args *a,
                            const struct nioctl_set_result *r)
{
    char alias[NIOCTL_NAME_MAX];
    const MIB_IPINTERFACE_ROW *was = &r->was;
    nioctl_json_begin_object(j, NULL);
    nioctl_json_string(j, "Family", nioctl_family_name(was->Family));
    nioctl_json_luid(j, "InterfaceLuid", &was->InterfaceLuid);
    nioctl_json_string(j, "InterfaceAlias",
                       nioctl_alias(&was->InterfaceLuid, alias, sizeof(alias)) ? alias : NULL);
    nioctl_json_uint(j, "InterfaceIndex", was->InterfaceIndex);
    nioctl_json_bool(j, "DryRun", a->dry_run);
    nioctl_json_begin_object(j, "Fields");
    for (size_t i = 0; i < a->n; i++) {
        const struct nioctl_field *f = a->assign[i].f;
        nioctl_json_begin_object(j, f->name);
        nioctl_value_json(j, "Old", f, nioctl_field_int(was, f));
        nioctl_value_json(j, "New", f, nioctl_field_int(&r->now, f));
        nioctl_json_end_object(j);
    }
    nioctl_json_end_object(j);
    nioctl_json_end_object(j);
}

/* n results: for one family asked, its lines or object, as they always
 * were; for both, each family's lines under "Family: AF_INET", a blank
 * line between them, or an array of the objects. */
static void nioctl_set_print(const struct nioctl_set_args *a, const struct nioctl_set_result *r,
                             size_t n, bool one)
{
    struct nioctl_json j;
    if (!a->o.json) {
        for (size_t i = 0; i < n; i++) {
            if (!one)
                printf("%sFamily: %s\n", i ? "\n" : "", nioctl_family_name(r[i].was.Family));
            nioctl_set_text(a, &r[i]);
        }
        return;
    }
    nioctl_json_init(&j, stdout);
    if (!one)
        nioctl_json_begin_array(&j, NULL);
    for (size_t i = 0; i < n; i++)
        nioctl_set_json(&j, a, &r[i]);
    if (!one)
        nioctl_json_end_array(&j);
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

/* The Set of one family's row (r->was read already), read back. */
static int nioctl_set_family(const struct nioctl_set_args *a, const MIB_IPINTERFACE_ROW *key,
                             struct nioctl_set_result *r)
{
    MIB_IPINTERFACE_ROW row;
    NETIO_STATUS st;
    r->now = r->was;
    if (a->dry_run) {
        for (size_t i = 0; i < a->n; i++)
            nioctl_field_put(&r->now, a->assign[i].f, a->assign[i].value);
        return NIOCTL_EXIT_OK;
    }
    row = *key; /* InitializeIpInterfaceEntry, keys, the given fields */
    for (size_t i = 0; i < a->n; i++)
        nioctl_field_put(&row, a->assign[i].f, a->assign[i].value);
    st = SetIpInterfaceEntry(&row);
    if (st != NO_ERROR)
        return nioctl_fail("SetIpInterfaceEntry", st);
    st = nioctl_set_read(key, &r->now);
    if (st != NO_ERROR)
        return nioctl_fail("GetIpInterfaceEntry", st);
    return NIOCTL_EXIT_OK;
}

/* Puts back the fields a family's Set changed, as they were (the row read
 * before): a set of both families is all or nothing. */
static void nioctl_set_undo(const struct nioctl_set_args *a, const MIB_IPINTERFACE_ROW *key,
                            const struct nioctl_set_result *r)
{
    MIB_IPINTERFACE_ROW row = *key;
    row.Family = r->was.Family;
    for (size_t i = 0; i < a->n; i++)
        nioctl_field_put(&row, a->assign[i].f, nioctl_field_int(&r->was, a->assign[i].f));
    if (SetIpInterfaceEntry(&row) != NO_ERROR)
        fprintf(stderr, "nioctl set: %s could not be put back as it was\n",
                nioctl_family_name(row.Family));
}

/* Each family asked for, in turn.  With both, a family the interface
 * lacks is left out; a failure stops there and undoes the family set
 * before it, so that nothing is printed as changed. */
static int nioctl_set_run(struct nioctl_set_args *a)
{
    static const ADDRESS_FAMILY both[] = {AF_INET, AF_INET6};
    ADDRESS_FAMILY family = nioctl_opts_family(&a->o);
    struct nioctl_set_result r[2];
    MIB_IPINTERFACE_ROW key;
    NETIO_STATUS st = ERROR_NOT_FOUND;
    size_t n = 0;
    int rc;
    InitializeIpInterfaceEntry(&key);
    rc = nioctl_resolve_target("set", a->target, &key);
    for (size_t i = 0; i < 2 && rc == NIOCTL_EXIT_OK; i++) {
        if (family != AF_UNSPEC && family != both[i])
            continue;
        key.Family = both[i];
        st = nioctl_set_read(&key, &r[n].was);
        if (st == ERROR_NOT_FOUND && family == AF_UNSPEC)
            continue;
        if (st != NO_ERROR)
            rc = nioctl_fail("GetIpInterfaceEntry", st);
        else if ((rc = nioctl_set_family(a, &key, &r[n])) == NIOCTL_EXIT_OK)
            n++;
    }
    if (rc == NIOCTL_EXIT_OK && n == 0)
        rc = nioctl_fail("GetIpInterfaceEntry", st);
    if (rc != NIOCTL_EXIT_OK) {
        for (size_t i = 0; i < n && !a->dry_run; i++)
            nioctl_set_undo(a, &key, &r[i]);
        return rc;
    }
    nioctl_set_print(a, r, n, family != AF_UNSPEC);
    return rc;
}

int nioctl_cmd_set(int argc, char **argv)
{
    struct nioctl_set_args a = {.target = NULL};
    int rc;
    nioctl_opts_init(&a.o);
    a.assign = calloc(argc > 0 ? (size_t)argc : 1, sizeof(*a.assign));
    if (a.assign == NULL) {
        fprintf(stderr, "nioctl set: out of memory\n");
        return NIOCTL_EXIT_FAIL;
    }
    rc = nioctl_set_parse(argc, argv, &a);
    if (rc == NIOCTL_EXIT_OK && a.o.help)
        nioctl_set_usage();
    else if (rc == NIOCTL_EXIT_OK && a.list_fields)
        nioctl_list_fields(stdout, false);
    else if (rc == NIOCTL_EXIT_OK)
        rc = nioctl_set_run(&a);
    free(a.assign);
    return rc;
}
