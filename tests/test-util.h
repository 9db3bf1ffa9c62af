/* test-util.h - helpers shared by the unit tests (tests/test-*.c, over the
 * fake back end): addresses from text, and sleeping. */
#ifndef NIO_TEST_UTIL_H
#define NIO_TEST_UTIL_H

/* After fake_os.h (which has no include guard). */

/* The address text ("198.18.0.1", "fd00::1") as the core holds it; fails
 * the test when it does not parse. */
struct nio_ip ip(const char *text);

/* The address text as a SOCKADDR_INET (family and address, nothing else);
 * fails the test when it does not parse. */
SOCKADDR_INET sa(const char *text);

/* Sleeps ms milliseconds, through EINTR. */
void sleep_ms(unsigned ms);

#endif
