/* replay.c - main() for a fuzz harness without libFuzzer: runs
 * LLVMFuzzerTestOneInput once over each file named on the command line
 * and over each regular file of each directory named (not recursively; a
 * directory that does not exist is skipped, so an empty regressions/
 * directory may be absent).  Each input is handed over in a block of
 * exactly its size, so valgrind and the sanitizers see any read past it.
 * With --prefixes every prefix of each file is run too (a message cut
 * short at every length).  Exit status 0 when every input ran; a broken
 * invariant aborts (FUZZ_CHECK). */
#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

static bool prefixes;
static size_t inputs, runs;

static int run_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    uint8_t *data = NULL;
    long size;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
        if (f != NULL)
            fclose(f);
        return -1;
    }
    data = malloc(size ? (size_t)size : 1);
    if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "replay: %s: cannot read\n", path);
        fclose(f);
        free(data);
        return -1;
    }
    fclose(f);
    for (size_t len = prefixes ? 0 : (size_t)size; len <= (size_t)size; len++) {
        /* A copy of exactly len bytes: a read past it is out of bounds. */
        uint8_t *copy = malloc(len ? len : 1);
        if (copy == NULL) {
            free(data);
            return -1;
        }
        memcpy(copy, data, len);
        LLVMFuzzerTestOneInput(copy, len);
        free(copy);
        runs++;
    }
    free(data);
    inputs++;
    return 0;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Files of a directory in name order, so that a failure names the same
 * input on every run. */
static int run_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **names = NULL;
    size_t n = 0, cap = 0;
    int err = 0;
    if (d == NULL)
        return errno == ENOENT ? 0 : -1;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **v = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof(*v));
            if (v == NULL) {
                err = -1;
                break;
            }
            names = v;
        }
        if ((names[n] = malloc(strlen(dir) + strlen(e->d_name) + 2)) == NULL) {
            err = -1;
            break;
        }
        sprintf(names[n++], "%s/%s", dir, e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof(*names), cmp_names);
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (err == 0 && stat(names[i], &st) == 0 && S_ISREG(st.st_mode) &&
            strstr(names[i], "README") == NULL)
            err = run_file(names[i]);
        free(names[i]);
    }
    free(names);
    return err;
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        struct stat st;
        int err;
        if (strcmp(argv[i], "--prefixes") == 0) {
            prefixes = true;
            continue;
        }
        if (stat(argv[i], &st) != 0)
            err = errno == ENOENT ? 0 : -1;
        else
            err = S_ISDIR(st.st_mode) ? run_dir(argv[i]) : run_file(argv[i]);
        if (err) {
            fprintf(stderr, "replay: %s failed\n", argv[i]);
            return 1;
        }
    }
    printf("replay: %zu inputs, %zu runs\n", inputs, runs);
    return 0;
}
