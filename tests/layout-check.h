/* layout-check.h - field-by-field offset and size checks for the layout
 * tests (test-layout.c, test-layout-ifrow.c: the interface and route rows).  Include after <cmocka.h>.
 * A table of FIELD(type, field, want_offset, want_size) entries goes to
 * check_fields(), which fails the test at the first field out of place. */
#ifndef LAYOUT_CHECK_H
#define LAYOUT_CHECK_H

#include <stddef.h>

#define FIELD(type, field, off, size)                                       \
    { #field, offsetof(type, field), sizeof(((type *)0)->field), off, size }

struct field {
    const char *name;
    size_t offset, size, want_offset, want_size;
};

static inline void check_fields(const struct field *f, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (f[i].offset != f[i].want_offset)
            fail_msg("%s at %zu, want %zu", f[i].name, f[i].offset, f[i].want_offset);
        if (f[i].size != f[i].want_size)
            fail_msg("%s is %zu bytes, want %zu", f[i].name, f[i].size, f[i].want_size);
    }
}

#endif
