//go:build benchprofile

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
)

// With the benchprofile build tag, which this file is named for (`make bench PROFILE=dir` builds
// the provider with `go build -tags benchprofile .`, internal/cmd/bench), every provider process
// writes a CPU profile of its whole life, and a heap profile of what it holds at its end, to
// $SENHASEGURA_BENCH_PROFILE_DIR. Release builds have no such hook.
func init() {
	dir := os.Getenv("SENHASEGURA_BENCH_PROFILE_DIR")
	if dir == "" {
		return
	}
	f, err := os.Create(filepath.Join(dir, fmt.Sprintf("cpu-%d.pprof", os.Getpid())))
	if err != nil {
		return
	}
	if pprof.StartCPUProfile(f) != nil {
		_ = f.Close()
		return
	}
	stopProfile = func() {
		pprof.StopCPUProfile()
		_ = f.Close()
		// What the process still holds at its end (after a collection): what grows with N.
		if h, err := os.Create(filepath.Join(dir, fmt.Sprintf("heap-%d.pprof", os.Getpid()))); err == nil {
			runtime.GC()
			_ = pprof.Lookup("heap").WriteTo(h, 0)
			_ = h.Close()
		}
	}
}
