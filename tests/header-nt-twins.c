/* header-nt-twins.c - every name the NTSTATUS flavour maps has its twin.
 *
 * Built from the public header only, with -DNETIOAPI_COMPAT_NTSTATUS, and
 * linked against the shared library (the DLL on Windows), as a user's
 * program is.  It walks NETIOAPI_COMPAT_NT_TWINS, the header's one list of
 * the twins:
 *   - it takes the address of every Name through it, so a name whose twin
 *     nio_nt_<Name> the library does not export fails to link;
 *   - it checks that every Name of the list is #defined to nio_nt_<Name>,
 *     that the route row functions are on it, and that the functions
 *     without a status (GetBestInterface(Ex), the Initialize functions,
 *     FreeMibTable) are not mapped;
 *   - given the path of netioapi_compat_nt.h, it checks that the header
 *     maps no name the list does not hold (the #define lines and the list
 *     are the same names, in the same order). */
#ifndef NETIOAPI_COMPAT_NTSTATUS
#error "build this file with -DNETIOAPI_COMPAT_NTSTATUS"
#endif

#include <netioapi_compat.h>

/* The functions that return no NETIO_STATUS keep their Windows names in
 * this flavour: iphlpapi's GetBestInterface(Ex) answer Win32 codes, and
 * the Initialize functions and FreeMibTable return nothing. */
#if defined(GetBestInterface) || defined(GetBestInterfaceEx) || \
    defined(InitializeIpForwardEntry) || defined(InitializeIpInterfaceEntry) || \
    defined(FreeMibTable)
#error "a function without a status is mapped onto a twin"
#endif

#include <stdio.h>
#include <string.h>

#define NIO_STR_(x) #x
#define NIO_STR(x) NIO_STR_(x)

struct twin {
    const char *name;   /* the Windows name, as the list spells it */
    const char *mapped; /* what the header turns it into */
    void (*address)(void);
};

/* #Name is the list's spelling; NIO_STR(Name) and &Name see the mapping. */
#define NIO_TWIN(Name, Params) {#Name, NIO_STR(Name), (void (*)(void))&Name},
static const struct twin twins[] = {NETIOAPI_COMPAT_NT_TWINS(NIO_TWIN)};
#undef NIO_TWIN

#define NTWINS (sizeof(twins) / sizeof(twins[0]))

/* Names the list must hold, whatever else it holds: the route rows and
 * the neighbour rows. */
static const char *const required[] = {
    "GetBestRoute2",         "GetIpForwardTable2",    "GetIpForwardEntry2",
    "CreateIpForwardEntry2", "SetIpForwardEntry2",    "DeleteIpForwardEntry2",
    "NotifyRouteChange2",
    /* and the neighbour rows */
    "GetIpNetTable2",        "GetIpNetEntry2",        "CreateIpNetEntry2",
    "SetIpNetEntry2",        "DeleteIpNetEntry2",     "FlushIpNetTable2",
    "ResolveIpNetEntry2",
};

static int check_required(void)
{
    int bad = 0;
    for (size_t r = 0; r < sizeof(required) / sizeof(required[0]); r++) {
        size_t i = 0;
        while (i < NTWINS && strcmp(twins[i].name, required[r]) != 0)
            i++;
        if (i == NTWINS) {
            fprintf(stderr, "NETIOAPI_COMPAT_NT_TWINS has no %s\n", required[r]);
            bad = 1;
        }
    }
    return bad;
}

/* The names the header's "#define <Name> nio_nt_<Name>" lines map, in
 * order, must be the list's. */
static int check_header(const char *path)
{
    char line[512], name[128], target[160];
    size_t n = 0;
    int bad = 0;
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        perror(path);
        return 1;
    }
    while (fgets(line, sizeof(line), f) != NULL) {
        if (sscanf(line, "#define %127s nio_nt_%127s", name, target + 7) != 2)
            continue;
        memcpy(target, "nio_nt_", 7);
        if (strcmp(target + 7, name) != 0) {
            fprintf(stderr, "%s maps %s onto %s\n", path, name, target);
            bad = 1;
        } else if (n >= NTWINS || strcmp(twins[n].name, name) != 0) {
            fprintf(stderr, "%s maps %s, which NETIOAPI_COMPAT_NT_TWINS does not hold at %u\n",
                    path, name, (unsigned)n);
            bad = 1;
        }
        n++;
    }
    fclose(f);
    if (n != NTWINS) {
        fprintf(stderr, "%s maps %u names, NETIOAPI_COMPAT_NT_TWINS holds %u\n", path,
                (unsigned)n, (unsigned)NTWINS);
        bad = 1;
    }
    return bad;
}

int main(int argc, char **argv)
{
    int bad = 0;
    for (size_t i = 0; i < NTWINS; i++) {
        char want[160];
        snprintf(want, sizeof(want), "nio_nt_%s", twins[i].name);
        if (strcmp(twins[i].mapped, want) != 0) {
            fprintf(stderr, "%s is not mapped onto %s (it reads %s)\n", twins[i].name, want,
                    twins[i].mapped);
            bad = 1;
        }
        if (twins[i].address == NULL) {
            fprintf(stderr, "%s has no address\n", want);
            bad = 1;
        }
    }
    bad |= check_required();
    if (argc > 1)
        bad |= check_header(argv[1]);
    if (!bad)
        printf("%u names, each mapped onto its exported nio_nt_ twin\n", (unsigned)NTWINS);
    return bad;
}
