/*
 * print-row.c - one MIB_IPINTERFACE_ROW as "Field: value" lines or as a JSON
 * object.  Both walk the one field table of row-fields.c, so text and JSON
 * always carry the same fields in the same order.
 */
#include <inttypes.h>

#include "nioctl.h"

/* -------------------------------------------------------------- text */

/* The names of the set bits, or "none". */
static void nioctl_text_offload(FILE *out, const MIB_IPINTERFACE_ROW *row,
                                const struct nioctl_field *f)
{
    bool bits[8], any = false;
    nioctl_offload_bits(row, f, bits);
    for (int i = 0; i < 8; i++)
        if (bits[i]) {
            fprintf(out, "%s%s", any ? " " : "", nioctl_offload_names[i]);
            any = true;
        }
    if (!any)
        fputs("none", out);
}

static void nioctl_text_value(FILE *out, const MIB_IPINTERFACE_ROW *row,
                              const struct nioctl_field *f)
{
    char name[NIOCTL_NAME_MAX];
    const char *s;
    int64_t raw;
    ULONG64 u64;
    ULONG u32;
    BOOLEAN b;
    switch (f->kind) {
    case NIOCTL_K_FAMILY:
    case NIOCTL_K_ROUTER_DISCOVERY:
    case NIOCTL_K_LINK_LOCAL:
        s = nioctl_enum_name(row, f, &raw);
        if (s != NULL)
            fputs(s, out);
        else
            fprintf(out, "%" PRId64, raw);
        break;
    case NIOCTL_K_LUID:
        NIOCTL_READ(row, f, u64);
        fprintf(out, "0x%016" PRIx64, (uint64_t)u64);
        break;
    case NIOCTL_K_LUID_NAME:
        nioctl_luid_name(&row->InterfaceLuid, name, sizeof(name));
        fputs(name, out);
        break;
    case NIOCTL_K_ALIAS:
        nioctl_alias(&row->InterfaceLuid, name, sizeof(name));
        fputs(name, out);
        break;
    case NIOCTL_K_ULONG:
        NIOCTL_READ(row, f, u32);
        fprintf(out, "%lu", (unsigned long)u32);
        break;
    case NIOCTL_K_ULONG64:
        NIOCTL_READ(row, f, u64);
        fprintf(out, "%" PRIu64, (uint64_t)u64);
        break;
    case NIOCTL_K_BOOLEAN:
        NIOCTL_READ(row, f, b);
        if (b <= 1)
            fputs(b ? "true" : "false", out);
        else
            fprintf(out, "%u", (unsigned)b);
        break;
    case NIOCTL_K_ZONES:
        for (int i = 0; i < ScopeLevelCount; i++)
            fprintf(out, "%s%lu", i ? " " : "", (unsigned long)row->ZoneIndices[i]);
        break;
    case NIOCTL_K_OFFLOAD:
        nioctl_text_offload(out, row, f);
        break;
    }
}

void nioctl_print_row_text(FILE *out, const MIB_IPINTERFACE_ROW *row)
{
    for (size_t i = 0; i < nioctl_nfields; i++) {
        fprintf(out, "%s: ", nioctl_fields[i].name);
        nioctl_text_value(out, row, &nioctl_fields[i]);
        fputc('\n', out);
    }
}

/* -------------------------------------------------------------- JSON */

static void nioctl_json_enum(struct nioctl_json *j, const MIB_IPINTERFACE_ROW *row,
                             const struct nioctl_field *f)
{
    int64_t raw;
    const char *s = nioctl_enum_name(row, f, &raw);
    if (s != NULL)
        nioctl_json_string(j, f->name, s);
    else
        nioctl_json_int(j, f->name, raw);
}

static void nioctl_json_offload(struct nioctl_json *j, const MIB_IPINTERFACE_ROW *row,
                                const struct nioctl_field *f)
{
    bool bits[8];
    nioctl_offload_bits(row, f, bits);
    nioctl_json_begin_object(j, f->name);
    for (int i = 0; i < 8; i++)
        nioctl_json_bool(j, nioctl_offload_names[i], bits[i]);
    nioctl_json_end_object(j);
}

static void nioctl_json_name(struct nioctl_json *j, const MIB_IPINTERFACE_ROW *row,
                             const struct nioctl_field *f)
{
    char name[NIOCTL_NAME_MAX];
    bool ok = f->kind == NIOCTL_K_ALIAS ? nioctl_alias(&row->InterfaceLuid, name, sizeof(name))
                                 : nioctl_luid_name(&row->InterfaceLuid, name, sizeof(name));
    nioctl_json_string(j, f->name, ok ? name : NULL);
}

static void nioctl_json_value(struct nioctl_json *j, const MIB_IPINTERFACE_ROW *row,
                              const struct nioctl_field *f)
{
    ULONG64 u64;
    ULONG u32;
    BOOLEAN b;
    switch (f->kind) {
    case NIOCTL_K_FAMILY:
    case NIOCTL_K_ROUTER_DISCOVERY:
    case NIOCTL_K_LINK_LOCAL:
        nioctl_json_enum(j, row, f);
        break;
    case NIOCTL_K_LUID_NAME:
    case NIOCTL_K_ALIAS:
        nioctl_json_name(j, row, f);
        break;
    case NIOCTL_K_LUID:
    case NIOCTL_K_ULONG64:
        NIOCTL_READ(row, f, u64);
        nioctl_json_uint(j, f->name, u64);
        break;
    case NIOCTL_K_ULONG:
        NIOCTL_READ(row, f, u32);
        nioctl_json_uint(j, f->name, u32);
        break;
    case NIOCTL_K_BOOLEAN:
        NIOCTL_READ(row, f, b);
        if (b <= 1)
            nioctl_json_bool(j, f->name, b);
        else
            nioctl_json_uint(j, f->name, b); /* not a truth value: show it */
        break;
    case NIOCTL_K_ZONES:
        nioctl_json_begin_flat_array(j, f->name);
        for (int i = 0; i < ScopeLevelCount; i++)
            nioctl_json_uint(j, NULL, row->ZoneIndices[i]);
        nioctl_json_end_array(j);
        break;
    case NIOCTL_K_OFFLOAD:
        nioctl_json_offload(j, row, f);
        break;
    }
}

void nioctl_print_row_json(struct nioctl_json *j, const char *key,
                           const MIB_IPINTERFACE_ROW *row)
{
    nioctl_json_begin_object(j, key);
    for (size_t i = 0; i < nioctl_nfields; i++)
        nioctl_json_value(j, row, &nioctl_fields[i]);
    nioctl_json_end_object(j);
}
