/* test-stress.c - the public API from many threads at once while a child
 * process creates and deletes thousands of veth pairs (stress.c says what
 * each thread does), in a network namespace of this program's own.
 *
 * Passes when no call answered anything but success (or NOT_FOUND for an
 * interface that vanished, ERROR_RETRY for a table the kernel kept
 * changing), no table was torn, every Set was read back, no callback ran
 * after its Cancel returned, every kind of call made progress, the child
 * churned at least NIO_STRESS_MIN_PAIRS pairs, and the run ended in bounded
 * time: every thread joined within 15 s of the stop (30 s in all with the
 * default duration; a hang is killed by alarm()).  tests/stages/tsan.sh runs
 * it under ThreadSanitizer.
 *
 *   NIO_STRESS_SECONDS     how long the threads run (default 15)
 *   NIO_STRESS_MIN_PAIRS   veth pairs the child must churn (default 1000)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ns-util.h"
#include "stress.h"

#define STOP_BOUND_S 15     /* from the stop request to every thread and the child joined */

static unsigned env_unsigned(const char *name, unsigned fallback)
{
    const char *v = getenv(name);
    return v != NULL && *v != '\0' ? (unsigned)strtoul(v, NULL, 10) : fallback;
}

static void test_stress(void **state)
{
    static const char *const kinds[STRESS_KINDS] = {"get", "table", "set", "notify"};
    unsigned seconds = env_unsigned("NIO_STRESS_SECONDS", 15);
    unsigned min_pairs = env_unsigned("NIO_STRESS_MIN_PAIRS", 1000);
    struct stress_opts o = {
        .threads = {[STRESS_GET] = 3, [STRESS_TABLE] = 2, [STRESS_SET] = 2, [STRESS_NOTIFY] = 2},
        .churn_batch = 100,
        .churn_pause_ms = 20,
    };
    struct stress_counts c;
    struct stress *s;
    uint64_t start = ns_now_ns(), stopping, elapsed_ms, stop_ms;
    (void)state;
    alarm(seconds + STOP_BOUND_S + 30); /* a hang ends the test (SIGALRM) */
    s = stress_start(&o);
    assert_non_null(s);
    for (unsigned t = 0; t < seconds; t++) {
        ns_sleep_ms(1000);
        stress_sample(s, &c);
        if (c.failures > 0)
            break; /* say the first one now */
    }
    stopping = ns_now_ns();
    stress_stop(s, &c);
    elapsed_ms = (ns_now_ns() - start) / 1000000;
    stop_ms = (ns_now_ns() - stopping) / 1000000;
    alarm(0);
    print_message("stress: %llu ms (%llu ms to stop), %llu veth pairs churned\n",
                  (unsigned long long)elapsed_ms, (unsigned long long)stop_ms,
                  (unsigned long long)c.pairs);
    for (int k = 0; k < STRESS_KINDS; k++)
        print_message("stress: %-6s %8llu calls\n", kinds[k], (unsigned long long)c.calls[k]);
    print_message("stress: %llu NOT_FOUND (vanished), %llu tables ERROR_RETRY, %llu callbacks, "
                  "%llu late, %llu failures\n", (unsigned long long)c.vanished,
                  (unsigned long long)c.retries, (unsigned long long)c.callbacks,
                  (unsigned long long)c.late, (unsigned long long)c.failures);
    if (c.failures > 0)
        fail_msg("first failure: %s", c.first_failure);
    assert_int_equal(c.late, 0);
    for (int k = 0; k < STRESS_KINDS; k++)
        if (c.calls[k] == 0)
            fail_msg("no %s call completed", kinds[k]);
    if (c.retries > 0 && c.retries * 2 > c.calls[STRESS_TABLE])
        fail_msg("%llu of %llu tables were ERROR_RETRY", (unsigned long long)c.retries,
                 (unsigned long long)c.calls[STRESS_TABLE]);
    if (c.pairs < min_pairs)
        fail_msg("the child churned %llu veth pairs, fewer than %u",
                 (unsigned long long)c.pairs, min_pairs);
    /* Every call in flight returns, and every thread notices, promptly. */
    assert_true(stop_ms < STOP_BOUND_S * 1000);
    assert_true(elapsed_ms < (uint64_t)(seconds + STOP_BOUND_S) * 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_stress)};
    const char *why = ns_enter();
    if (why != NULL)
        return ns_run_skipped("linux-stress", why);
    if ((why = stress_setup()) != NULL) {
        fprintf(stderr, "linux-stress: %s\n", why);
        return 1;
    }
    return cmocka_run_group_tests_name("linux-stress", tests, NULL, NULL);
}
