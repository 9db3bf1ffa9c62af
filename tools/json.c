/*
 * json.c - a tiny pretty-printing JSON writer: objects, arrays, integers,
 * booleans and escaped strings, two spaces a level, flat arrays on one
 * line.  Strings are passed through as UTF-8; only '"', '\\' and control
 * characters are escaped.
 */
#include <inttypes.h>

#include "nioctl.h"

void nioctl_json_init(struct nioctl_json *j, FILE *f)
{
    j->f = f;
    j->depth = 0;
    j->empty[0] = true;
    j->flat[0] = false;
}

static void nioctl_json_indent(struct nioctl_json *j, int depth)
{
    fputc('\n', j->f);
    for (int i = 0; i < depth; i++)
        fputs("  ", j->f);
}

static void nioctl_json_escaped(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\b': fputs("\\b", f); break;
        case '\f': fputs("\\f", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (*p < 0x20 || *p == 0x7F)
                fprintf(f, "\\u%04x", (unsigned)*p);
            else
                fputc(*p, f);
        }
    }
    fputc('"', f);
}

/* The separator, line break and key that go before every value. */
static void nioctl_json_prefix(struct nioctl_json *j, const char *key)
{
    if (!j->empty[j->depth])
        fputs(j->flat[j->depth] ? ", " : ",", j->f);
    if (!j->flat[j->depth] && (j->depth > 0 || !j->empty[0]))
        nioctl_json_indent(j, j->depth);
    j->empty[j->depth] = false;
    if (key != NULL) {
        nioctl_json_escaped(j->f, key);
        fputs(": ", j->f);
    }
}

static void nioctl_json_begin(struct nioctl_json *j, const char *key, char bracket, bool flat)
{
    nioctl_json_prefix(j, key);
    fputc(bracket, j->f);
    if (j->depth + 1 < NIOCTL_JSON_DEPTH)
        j->depth++;
    j->empty[j->depth] = true;
    j->flat[j->depth] = flat || j->flat[j->depth - 1];
}

static void nioctl_json_end(struct nioctl_json *j, char bracket)
{
    bool broken = !j->empty[j->depth] && !j->flat[j->depth];
    if (j->depth > 0)
        j->depth--;
    if (broken)
        nioctl_json_indent(j, j->depth);
    fputc(bracket, j->f);
}

void nioctl_json_begin_object(struct nioctl_json *j, const char *key)
{
    nioctl_json_begin(j, key, '{', false);
}

void nioctl_json_end_object(struct nioctl_json *j)
{
    nioctl_json_end(j, '}');
}

void nioctl_json_begin_array(struct nioctl_json *j, const char *key)
{
    nioctl_json_begin(j, key, '[', false);
}

void nioctl_json_begin_flat_array(struct nioctl_json *j, const char *key)
{
    nioctl_json_begin(j, key, '[', true);
}

void nioctl_json_begin_flat_object(struct nioctl_json *j, const char *key)
{
    nioctl_json_begin(j, key, '{', true);
}

void nioctl_json_end_array(struct nioctl_json *j)
{
    nioctl_json_end(j, ']');
}

void nioctl_json_uint(struct nioctl_json *j, const char *key, uint64_t v)
{
    nioctl_json_prefix(j, key);
    fprintf(j->f, "%" PRIu64, v);
}

void nioctl_json_int(struct nioctl_json *j, const char *key, int64_t v)
{
    nioctl_json_prefix(j, key);
    fprintf(j->f, "%" PRId64, v);
}

void nioctl_json_bool(struct nioctl_json *j, const char *key, bool v)
{
    nioctl_json_prefix(j, key);
    fputs(v ? "true" : "false", j->f);
}

void nioctl_json_string(struct nioctl_json *j, const char *key, const char *s)
{
    nioctl_json_prefix(j, key);
    if (s == NULL)
        fputs("null", j->f);
    else
        nioctl_json_escaped(j->f, s);
}

void nioctl_json_luid(struct nioctl_json *j, const char *key, const NET_LUID *luid)
{
    char hex[24];
    snprintf(hex, sizeof(hex), "0x%016" PRIx64, (uint64_t)luid->Value);
    nioctl_json_string(j, key, hex);
    nioctl_json_uint(j, "IfType", luid->Info.IfType);
    nioctl_json_uint(j, "NetLuidIndex", luid->Info.NetLuidIndex);
}

void nioctl_json_finish(struct nioctl_json *j)
{
    fputc('\n', j->f);
}
