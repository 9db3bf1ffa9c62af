/*
 * cmd-addr-rows.c - one address from the command line:
 *   addr show ADDR dev IF                       GetUnicastIpAddressEntry
 *   addr add  ADDR[/LEN] dev IF [nodad] [valid S] [preferred S] [skip-as-source]
 *                                               InitializeUnicastIpAddressEntry + Create
 *   addr set  ADDR dev IF [valid S] [preferred S] [skip-as-source on|off]
 *                                               Get, the values given, Set
 *   addr del  ADDR dev IF                       DeleteUnicastIpAddressEntry
 * The rows are built the way a ported program builds them; show and
 * --json print every field (addr-fields.c).
 */
#include "nioctl-addr.h"

#define NIOCTL_KEY_SYNOPSIS "ADDR dev IF [--json]"

/* The row with the key, read back: Field: value lines or a JSON object. */
static int nioctl_addr_print_entry(const struct nioctl_addr_args *a,
                                   MIB_UNICASTIPADDRESS_ROW *row)
{
    NETIO_STATUS st = GetUnicastIpAddressEntry(row);
    if (st != NO_ERROR)
        return nioctl_addr_fail(a, st, NULL);
    nioctl_print_row(&nioctl_addr_table, row, a->o.json);
    return NIOCTL_EXIT_OK;
}

/* Parses a command that names one address; *rc is the exit code when it
 * returns false (--help included). */
static bool nioctl_addr_keyed(int argc, char **argv, unsigned words,
                              struct nioctl_addr_args *a, MIB_UNICASTIPADDRESS_ROW *row, int *rc)
{
    *rc = nioctl_addr_parse(argc, argv, NIOCTL_AW_ADDR | NIOCTL_AW_DEV | words, a);
    if (*rc == NIOCTL_EXIT_OK && a->o.help) {
        printf("usage: %s\n", a->synopsis);
        return false;
    }
    if (*rc == NIOCTL_EXIT_OK)
        *rc = nioctl_addr_key(a, (words & NIOCTL_AW_LEN) != 0, row);
    return *rc == NIOCTL_EXIT_OK;
}

int nioctl_addr_show(int argc, char **argv)
{
    struct nioctl_addr_args a = {.cmd = "addr show",
                                 .synopsis = "nioctl addr show " NIOCTL_KEY_SYNOPSIS};
    MIB_UNICASTIPADDRESS_ROW row;
    int rc;
    if (!nioctl_addr_keyed(argc, argv, 0, &a, &row, &rc))
        return rc;
    return nioctl_addr_print_entry(&a, &row);
}

/* The lifetimes given.  valid alone is both: the address stays preferred
 * for as long as it is valid (a preferred lifetime beyond the valid one
 * is refused, and Initialize's is infinite). */
static void nioctl_addr_lifetimes(const struct nioctl_addr_args *a, MIB_UNICASTIPADDRESS_ROW *row)
{
    if (a->has_valid)
        row->ValidLifetime = row->PreferredLifetime = a->valid;
    if (a->has_preferred)
        row->PreferredLifetime = a->preferred;
}

int nioctl_addr_add(int argc, char **argv)
{
    struct nioctl_addr_args a = {
        .cmd = "addr add",
        .synopsis = "nioctl addr add ADDR[/LEN] dev IF [nodad] [valid S] [preferred S] "
                    "[skip-as-source] [--json]"};
    MIB_UNICASTIPADDRESS_ROW row;
    NETIO_STATUS st;
    int rc;
    unsigned words = NIOCTL_AW_LEN | NIOCTL_AW_NODAD | NIOCTL_AW_LIFETIMES | NIOCTL_AW_SKIP_FLAG;
    if (!nioctl_addr_keyed(argc, argv, words, &a, &row, &rc))
        return rc;
    /* Preferred at once: what wintun's and wireguard-nt's examples ask. */
    if (a.nodad)
        row.DadState = IpDadStatePreferred;
    nioctl_addr_lifetimes(&a, &row);
    row.SkipAsSource = a.skip ? TRUE : FALSE;
    st = CreateUnicastIpAddressEntry(&row);
    if (st != NO_ERROR)
        return nioctl_addr_fail(&a, st, NULL);
    return a.o.json ? nioctl_addr_print_entry(&a, &row) : NIOCTL_EXIT_OK;
}

/* The values given over the address as it is.  SkipAsSource off brings a
 * skipped (deprecated) address back as preferred for as long as it is
 * valid, unless "preferred" says otherwise: its old preferred lifetime is
 * gone. */
static void nioctl_addr_set_values(const struct nioctl_addr_args *a,
                                   MIB_UNICASTIPADDRESS_ROW *row)
{
    bool was_skipped = row->SkipAsSource != FALSE;
    nioctl_addr_lifetimes(a, row);
    if (!a->has_skip)
        return;
    row->SkipAsSource = a->skip ? TRUE : FALSE;
    if (!a->skip && was_skipped && !a->has_preferred)
        row->PreferredLifetime = row->ValidLifetime;
}

int nioctl_addr_set(int argc, char **argv)
{
    struct nioctl_addr_args a = {
        .cmd = "addr set",
        .synopsis = "nioctl addr set ADDR dev IF [valid S] [preferred S] "
                    "[skip-as-source on|off] [--json]"};
    MIB_UNICASTIPADDRESS_ROW row;
    NETIO_STATUS st;
    int rc;
    if (!nioctl_addr_keyed(argc, argv, NIOCTL_AW_LIFETIMES | NIOCTL_AW_SKIP_VALUE, &a, &row, &rc))
        return rc;
    if (!a.has_valid && !a.has_preferred && !a.has_skip)
        return nioctl_addr_usage_error(&a, "nothing to set (valid, preferred or skip-as-source)");
    /* SetUnicastIpAddressEntry writes the lifetimes and SkipAsSource of
     * every row it gets: read first, so that what is not given stays. */
    if ((st = GetUnicastIpAddressEntry(&row)) != NO_ERROR)
        return nioctl_addr_fail(&a, st, NULL);
    nioctl_addr_set_values(&a, &row);
    st = SetUnicastIpAddressEntry(&row);
    if (st != NO_ERROR)
        return nioctl_addr_fail(&a, st, NULL);
    return a.o.json ? nioctl_addr_print_entry(&a, &row) : NIOCTL_EXIT_OK;
}

int nioctl_addr_del(int argc, char **argv)
{
    struct nioctl_addr_args a = {.cmd = "addr del",
                                 .synopsis = "nioctl addr del " NIOCTL_KEY_SYNOPSIS};
    MIB_UNICASTIPADDRESS_ROW row, was;
    NETIO_STATUS st;
    int rc;
    if (!nioctl_addr_keyed(argc, argv, 0, &a, &row, &rc))
        return rc;
    /* --json prints the row as it was, so it is read first. */
    was = row;
    if (a.o.json && (st = GetUnicastIpAddressEntry(&was)) != NO_ERROR)
        return nioctl_addr_fail(&a, st, NULL);
    st = DeleteUnicastIpAddressEntry(&row);
    if (st != NO_ERROR)
        return nioctl_addr_fail(&a, st, NULL);
    if (a.o.json)
        nioctl_print_row(&nioctl_addr_table, &was, true);
    return NIOCTL_EXIT_OK;
}
