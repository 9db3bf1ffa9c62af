/* fuzz.h - what the fuzz harnesses of tests/fuzz/ share.
 *
 * Each fuzz-<name>.c defines LLVMFuzzerTestOneInput() for one pure parser
 * or conversion and nothing else.  It is linked two ways (meson.build):
 *   fuzz-<name>          with clang -fsanitize=fuzzer (libFuzzer's main),
 *                        run by tests/stages/fuzz.sh;
 *   fuzz-<name>-replay   with replay.c's main, any compiler: runs the entry
 *                        function once over every file it is given (the
 *                        recorded corpus, the seeds, the regressions), in
 *                        the normal suite and under valgrind.
 * A harness reports a broken invariant with FUZZ_CHECK, which aborts: a
 * crash to libFuzzer, a failure to the replay test. */
#ifndef NIO_FUZZ_H
#define NIO_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                           \
    do {                                                                           \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, __LINE__,   \
                    #cond);                                                        \
            abort();                                                               \
        }                                                                          \
    } while (0)

#ifdef __linux__
#include <string.h>

#include <linux/netlink.h>

/* One netlink message as mnl_cb_run hands it to a callback: at least a
 * header, nlmsg_len no larger than the datagram (here: the input's size),
 * in a block of NLMSG_ALIGN(nlmsg_len) bytes: the kernel pads every
 * message to 4 bytes, so the parsers' contract allows reading the padding.
 * The block is exactly that large, so AddressSanitizer and valgrind see a
 * read past it.  type, when non-zero, overrides nlmsg_type, so the fuzzer
 * spends its time inside the parser rather than finding the type.  NULL
 * when the input is too short; free() the result. */
static inline struct nlmsghdr *fuzz_nlmsg(const uint8_t *data, size_t size, uint16_t type)
{
    struct nlmsghdr *nlh;
    if (size < sizeof(*nlh) || size > UINT32_MAX - NLMSG_ALIGNTO)
        return NULL;
    nlh = malloc(NLMSG_ALIGN(size));
    if (nlh == NULL)
        return NULL;
    memset(nlh, 0, NLMSG_ALIGN(size));
    memcpy(nlh, data, size);
    nlh->nlmsg_len = (uint32_t)size;
    if (type != 0)
        nlh->nlmsg_type = type;
    return nlh;
}
#endif

#endif
