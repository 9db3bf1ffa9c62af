/*
 * output.c - the one row printer of nioctl: walks a field table
 * (ipif-fields.c, ifrow-fields.c, route-fields.c, bestroute-fields.c) and
 * prints each field as a "Field: value" line or as a JSON member, so that
 * text and JSON always carry the same fields in the same order.
 */
#include <inttypes.h>

#include "nioctl.h"

/* NET_LUID's parts are bit fields: read through a copy. */
static uint64_t nioctl_luid_part(const void *row, const struct nioctl_field *f)
{
    NET_LUID luid;
    NIOCTL_READ(row, f, luid);
    return f->kind == NIOCTL_K_LUID_IFTYPE ? luid.Info.IfType : luid.Info.NetLuidIndex;
}

uint64_t nioctl_field_uint(const void *row, const struct nioctl_field *f)
{
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    if (f->get != NULL)
        return (uint64_t)f->get(row);
    if (f->kind == NIOCTL_K_LUID_IFTYPE || f->kind == NIOCTL_K_LUID_INDEX)
        return nioctl_luid_part(row, f);
    switch (f->size) {
    case 1: NIOCTL_READ(row, f, u8); return u8;
    case 2: NIOCTL_READ(row, f, u16); return u16;
    case 4: NIOCTL_READ(row, f, u32); return u32;
    default: NIOCTL_READ(row, f, u64); return u64;
    }
}

int64_t nioctl_field_int(const void *row, const struct nioctl_field *f)
{
    uint64_t v = nioctl_field_uint(row, f);
    if (f->get == NULL && f->size == 4 && (f->kind == NIOCTL_K_ENUM || f->kind == NIOCTL_K_CODE))
        return (int32_t)(uint32_t)v;
    return (int64_t)v;
}

/* The value of a NIOCTL_K_STR or NIOCTL_K_NAME field; false on failure. */
static bool nioctl_field_text(const void *row, const struct nioctl_field *f, char *buf,
                              size_t cap)
{
    buf[0] = '\0';
    return f->text(row, f, buf, cap);
}

/* -------------------------------------------------------------- text */

static void nioctl_text_offload(FILE *out, const void *row, const struct nioctl_field *f)
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

static void nioctl_text_zones(FILE *out, const void *row, const struct nioctl_field *f)
{
    ULONG z;
    for (size_t i = 0; i < f->size / sizeof(z); i++) {
        memcpy(&z, (const unsigned char *)row + f->offset + i * sizeof(z), sizeof(z));
        fprintf(out, "%s%lu", i ? " " : "", (unsigned long)z);
    }
}

/* The kinds whose text is a number or a name. */
static void nioctl_text_number(FILE *out, const void *row, const struct nioctl_field *f)
{
    uint64_t u = nioctl_field_uint(row, f);
    int64_t v = nioctl_field_int(row, f);
    const char *s = f->names != NULL ? f->names(v) : NULL;
    if (f->kind == NIOCTL_K_LUID)
        fprintf(out, "0x%016" PRIx64, u);
    else if (f->kind == NIOCTL_K_BOOLEAN && u <= 1)
        fputs(u ? "true" : "false", out);
    else if (f->kind == NIOCTL_K_FLAG)
        fputs(u ? "TRUE" : "FALSE", out);
    else if (s != NULL && f->kind == NIOCTL_K_CODE)
        fprintf(out, "%s (%" PRId64 ")", s, v);
    else if (s != NULL)
        fputs(s, out);
    else if (f->kind == NIOCTL_K_ENUM || f->kind == NIOCTL_K_CODE)
        fprintf(out, "%" PRId64, v);
    else
        fprintf(out, "%" PRIu64, u);
}

static void nioctl_text_str(FILE *out, const void *row, const struct nioctl_field *f)
{
    char buf[NIOCTL_NAME_MAX + 8];
    nioctl_field_text(row, f, buf, sizeof(buf));
    fputs(buf, out);
}

/* -------------------------------------------------------------- JSON */

static void nioctl_json_offload(struct nioctl_json *j, const void *row,
                                const struct nioctl_field *f)
{
    bool bits[8];
    nioctl_offload_bits(row, f, bits);
    nioctl_json_begin_object(j, f->name);
    for (int i = 0; i < 8; i++)
        nioctl_json_bool(j, nioctl_offload_names[i], bits[i]);
    nioctl_json_end_object(j);
}

static void nioctl_json_zones(struct nioctl_json *j, const void *row,
                              const struct nioctl_field *f)
{
    ULONG z;
    nioctl_json_begin_flat_array(j, f->name);
    for (size_t i = 0; i < f->size / sizeof(z); i++) {
        memcpy(&z, (const unsigned char *)row + f->offset + i * sizeof(z), sizeof(z));
        nioctl_json_uint(j, NULL, z);
    }
    nioctl_json_end_array(j);
}

static void nioctl_json_number(struct nioctl_json *j, const void *row,
                               const struct nioctl_field *f)
{
    uint64_t u = nioctl_field_uint(row, f);
    int64_t v = nioctl_field_int(row, f);
    const char *s = f->names != NULL ? f->names(v) : NULL;
    char hex[24];
    if (f->kind == NIOCTL_K_LUID) {
        /* A string: values above 2^53 lose precision as JSON numbers. */
        snprintf(hex, sizeof(hex), "0x%016" PRIx64, u);
        nioctl_json_string(j, f->name, hex);
    } else if (f->kind == NIOCTL_K_FLAG || (f->kind == NIOCTL_K_BOOLEAN && u <= 1))
        nioctl_json_bool(j, f->name, u != 0);
    else if (f->kind == NIOCTL_K_ENUM && s != NULL)
        nioctl_json_string(j, f->name, s);
    else if (f->kind == NIOCTL_K_ENUM || f->kind == NIOCTL_K_CODE)
        nioctl_json_int(j, f->name, v);
    else
        nioctl_json_uint(j, f->name, u); /* a BOOLEAN above 1 too: show it */
}

static void nioctl_json_str(struct nioctl_json *j, const void *row,
                            const struct nioctl_field *f)
{
    char buf[NIOCTL_NAME_MAX + 8];
    bool ok = nioctl_field_text(row, f, buf, sizeof(buf));
    nioctl_json_string(j, f->name, ok || f->kind == NIOCTL_K_STR ? buf : NULL);
}

/* ---------------------------------------------------------- printers */

/* How each kind is printed, in text and in JSON. */
static const struct nioctl_printer {
    enum nioctl_kind kind;
    void (*text)(FILE *out, const void *row, const struct nioctl_field *f);
    void (*json)(struct nioctl_json *j, const void *row, const struct nioctl_field *f);
} nioctl_printers[] = {
    {NIOCTL_K_STR, nioctl_text_str, nioctl_json_str},
    {NIOCTL_K_NAME, nioctl_text_str, nioctl_json_str},
    {NIOCTL_K_ZONES, nioctl_text_zones, nioctl_json_zones},
    {NIOCTL_K_OFFLOAD, nioctl_text_offload, nioctl_json_offload},
};

/* The printer of f's kind; the numeric kinds share one. */
static const struct nioctl_printer *nioctl_printer_of(const struct nioctl_field *f)
{
    static const struct nioctl_printer number = {NIOCTL_K_UINT, nioctl_text_number,
                                                 nioctl_json_number};
    for (size_t i = 0; i < sizeof(nioctl_printers) / sizeof(nioctl_printers[0]); i++)
        if (nioctl_printers[i].kind == f->kind)
            return &nioctl_printers[i];
    return &number;
}

void nioctl_print_row_text(FILE *out, const struct nioctl_table *t, const void *row)
{
    if (t->base != NULL)
        nioctl_print_row_text(out, t->base, row);
    for (size_t i = 0; i < t->n; i++) {
        fprintf(out, "%s: ", t->fields[i].name);
        nioctl_printer_of(&t->fields[i])->text(out, row, &t->fields[i]);
        fputc('\n', out);
    }
}

/* The members of t's fields, its base's first. */
static void nioctl_json_members(struct nioctl_json *j, const struct nioctl_table *t,
                                const void *row)
{
    if (t->base != NULL)
        nioctl_json_members(j, t->base, row);
    for (size_t i = 0; i < t->n; i++)
        nioctl_printer_of(&t->fields[i])->json(j, row, &t->fields[i]);
}

void nioctl_print_row_json(struct nioctl_json *j, const char *key,
                           const struct nioctl_table *t, const void *row)
{
    nioctl_json_begin_object(j, key);
    nioctl_json_members(j, t, row);
    nioctl_json_end_object(j);
}

void nioctl_print_rows_json(const struct nioctl_table *t, const void *rows, size_t size,
                            size_t n)
{
    struct nioctl_json j;
    nioctl_json_init(&j, stdout);
    nioctl_json_begin_array(&j, NULL);
    for (size_t i = 0; i < n; i++)
        nioctl_print_row_json(&j, NULL, t, (const unsigned char *)rows + i * size);
    nioctl_json_end_array(&j);
    nioctl_json_finish(&j);
}

void nioctl_print_row(const struct nioctl_table *t, const void *row, bool json)
{
    struct nioctl_json j;
    if (!json) {
        nioctl_print_row_text(stdout, t, row);
        return;
    }
    nioctl_json_init(&j, stdout);
    nioctl_print_row_json(&j, NULL, t, row);
    nioctl_json_finish(&j);
}
