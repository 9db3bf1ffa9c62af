/* store-files.h - the files of the system-wide record, shared by the POSIX
 * back ends (src/linux/, src/bsd/; backend.h, "the system-wide record";
 * docs/set.md).
 *
 *   <the records' directory>/             root, 0755
 *     lock                                flock()ed across a whole Set
 *     if<index>-v4, if<index>-v6          0644, replaced by rename()
 *
 * store-files.c answers nio_os_store_lock, _unlock, _get, _list and _put
 * from the directory the back end names (nio_store_dir): where it is, and
 * what one is made of (a root, a network namespace), is the only part that
 * differs between the systems.  A file or directory is trusted only when
 * owned by root or by this process's effective user and writable by its
 * owner alone: an unprivileged user can create nothing in a root-owned 0755
 * directory, and what it owns elsewhere is never read.
 */
#ifndef NIO_POSIX_STORE_FILES_H
#define NIO_POSIX_STORE_FILES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "backend.h"

#define NIO_STORE_PATH_MAX 256

/* Defined by the back end: the path of the records' directory in dir (cap
 * bytes, no trailing slash), every directory of it made when create and
 * checked with nio_store_dir_ready.  0 or -errno (-EACCES: untrusted). */
int nio_store_dir(char *dir, size_t cap, bool create) NIO_HIDDEN;

/* A directory of the store: made when create (root 0755 whatever the
 * umask), then checked: a directory, not a link, trusted.  0, -EACCES or
 * -errno. */
int nio_store_dir_ready(const char *path, bool create) NIO_HIDDEN;

/* A path put together piece by piece: a text, or a number in decimal,
 * appended at p and the string kept terminated, never past end (the
 * buffer's last byte); the string's new end.  A piece that does not fit is
 * cut, and the path then names no record (their names are short).  Not
 * snprintf, which was most of a record read's instructions: Create reads
 * one per call (bench/README.md). */
char *nio_path_put(char *p, const char *end, const char *text) NIO_HIDDEN;
char *nio_path_put_dec(char *p, const char *end, uint64_t value) NIO_HIDDEN;

#endif
