/* test-util.c - helpers shared by the unit tests (test-util.h). */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "fake_os.h"
#include "test-util.h"

struct nio_ip ip(const char *text)
{
    struct nio_ip a;
    memset(&a, 0, sizeof(a));
    a.slot = strchr(text, ':') ? NIO_V6 : NIO_V4;
    assert_int_equal(inet_pton(a.slot == NIO_V6 ? AF_INET6 : AF_INET, text, a.bytes), 1);
    return a;
}

SOCKADDR_INET sa(const char *text)
{
    SOCKADDR_INET s;
    memset(&s, 0, sizeof(s));
    if (strchr(text, ':')) {
        s.Ipv6.sin6_family = AF_INET6;
        assert_int_equal(inet_pton(AF_INET6, text, &s.Ipv6.sin6_addr), 1);
    } else {
        s.Ipv4.sin_family = AF_INET;
        assert_int_equal(inet_pton(AF_INET, text, &s.Ipv4.sin_addr), 1);
    }
    return s;
}

void sleep_ms(unsigned ms)
{
    struct timespec t = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&t, &t) != 0 && errno == EINTR)
        ;
}
