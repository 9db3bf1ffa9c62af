"""Times what a Python program does to get what GetIfTable2 gives (every
interface's state, speed and counters): psutil.net_if_stats() and
psutil.net_io_counters(pernic=True), one after the other.  bench-ifrow runs
this script in its network namespace.  Usage: psutil-ifrow.py ITERATIONS.
One line on stdout: key<TAB>label<TAB>mean_ns<TAB>median_ns<TAB>n."""
import statistics
import sys
import time

import psutil


def both():
    psutil.net_if_stats()
    psutil.net_io_counters(pernic=True)


def main():
    iters = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    for _ in range(2):
        both()
    samples = []
    for _ in range(iters):
        start = time.perf_counter_ns()
        both()
        samples.append(time.perf_counter_ns() - start)
    print("psutil.stats_counters\tpython3 psutil %s net_if_stats() + net_io_counters(pernic)"
          "\t%.0f\t%.0f\t%d" % (psutil.__version__, sum(samples) / iters,
                                statistics.median(samples), iters))


if __name__ == "__main__":
    main()
