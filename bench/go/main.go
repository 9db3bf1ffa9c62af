// Command gobench times Go's own interface look-ups, for bench-rows to
// print next to netioapi-compat's figures.  bench-rows runs it inside its
// network namespace; each figure is one line on stdout:
// key<TAB>label<TAB>mean_ns<TAB>median_ns<TAB>n.
package main

import (
	"flag"
	"fmt"
	"net"
	"os"
	"sort"
	"time"
)

// measure calls fn twice untimed, then iters times, each call timed alone,
// and prints the figure.
func measure(key, label string, iters int, fn func() error) {
	for i := 0; i < 2; i++ {
		if err := fn(); err != nil {
			fmt.Printf("  %s: %v\n", label, err)
			return
		}
	}
	samples := make([]float64, iters)
	var sum float64
	for i := range samples {
		start := time.Now()
		err := fn()
		samples[i] = float64(time.Since(start).Nanoseconds())
		if err != nil {
			fmt.Printf("  %s: %v\n", label, err)
			return
		}
		sum += samples[i]
	}
	sort.Float64s(samples)
	median := samples[iters/2]
	if iters%2 == 0 {
		median = (samples[iters/2-1] + samples[iters/2]) / 2
	}
	fmt.Printf("%s\t%s\t%.0f\t%.0f\t%d\n", key, label, sum/float64(iters), median, iters)
}

func main() {
	iters := flag.Int("iters", 30, "timed calls per figure")
	index := flag.Int("index", 1, "interface index for net.InterfaceByIndex")
	flag.Parse()
	if *iters < 1 {
		fmt.Fprintln(os.Stderr, "gobench: -iters must be at least 1")
		os.Exit(2)
	}
	measure("go.interfaces", "go net.Interfaces()", *iters, func() error {
		_, err := net.Interfaces()
		return err
	})
	measure("go.byindex", fmt.Sprintf("go net.InterfaceByIndex(%d)", *index), *iters,
		func() error {
			_, err := net.InterfaceByIndex(*index)
			return err
		})
}
