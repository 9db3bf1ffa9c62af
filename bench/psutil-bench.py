"""Times psutil.net_if_stats() for bench-rows, which runs this script in its
network namespace.  Usage: psutil-bench.py ITERATIONS.  One line on stdout:
key<TAB>label<TAB>mean_ns<TAB>median_ns<TAB>n."""
import statistics
import sys
import time

import psutil


def measure(key, label, iters, fn):
    for _ in range(2):
        fn()
    samples = []
    for _ in range(iters):
        start = time.perf_counter_ns()
        fn()
        samples.append(time.perf_counter_ns() - start)
    print("%s\t%s\t%.0f\t%.0f\t%d" % (key, label, sum(samples) / iters,
                                      statistics.median(samples), iters))


def main():
    iters = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    measure("psutil.net_if_stats", "python3 psutil %s net_if_stats()" % psutil.__version__,
            iters, psutil.net_if_stats)


if __name__ == "__main__":
    main()
