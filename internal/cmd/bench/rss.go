package main

import (
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// rssWatcher polls /proc for processes running bin and keeps their peak RSS (VmHWM) and the
// CPU time each had used when last seen (a process that lives less than a poll is missed).
type rssWatcher struct {
	bin   string
	done  chan struct{}
	wg    sync.WaitGroup
	mu    sync.Mutex
	peak  int64
	procs map[string]int64 // CPU clock ticks by /proc/<pid>
	// exes and others are the poll's own (one goroutine): the executable each other pid ran at
	// the last poll, and the pids known never to run bin.
	exes   map[string]string
	others map[string]bool
	// ownCPU is the CPU time of the watcher's own thread (it is locked to one), set by stop:
	// the bench subtracts it so that the mock's share is the mock's alone.
	ownCPU time.Duration
}

func newRSSWatcher(bin string) *rssWatcher {
	w := &rssWatcher{bin: bin, done: make(chan struct{}), procs: map[string]int64{}, exes: map[string]string{}, others: map[string]bool{}}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		runtime.LockOSThread()
		defer runtime.UnlockOSThread()
		start := threadCPU()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			w.poll()
			select {
			case <-w.done:
				w.ownCPU = threadCPU() - start
				return
			case <-t.C:
			}
		}
	}()
	return w
}

func (w *rssWatcher) poll() {
	f, err := os.Open("/proc")
	if err != nil {
		return
	}
	names, _ := f.Readdirnames(-1)
	_ = f.Close()
	alive := make(map[string]bool, len(names))
	for _, name := range names {
		if name == "" || name[0] < '0' || name[0] > '9' {
			continue
		}
		alive[name] = true
		if !w.others[name] {
			w.pollProcess(name)
		}
	}
	for name := range w.exes { // a pid that is gone may come back as another process
		if !alive[name] {
			delete(w.exes, name)
			delete(w.others, name)
		}
	}
}

// pollProcess reads the peak RSS and CPU time of /proc/<name> when it runs bin.
func (w *rssWatcher) pollProcess(name string) {
	d := "/proc/" + name
	exe, _ := os.Readlink(d + "/exe")
	if exe != w.bin {
		// A process becomes the provider only by exec, right after terraform forks it: one
		// seen running something else twice in a row, 20 ms apart, never will. Remembering
		// those spares a readlink of every process on every poll (most of the watcher's CPU).
		if last, ok := w.exes[name]; ok && last == exe {
			w.others[name] = true
		}
		w.exes[name] = exe
		return
	}
	b, err := os.ReadFile(d + "/status")
	if err != nil {
		return
	}
	ticks := cpuTicks(d + "/stat")
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.ParseInt(f[1], 10, 64)
			w.mu.Lock()
			if ticks > w.procs[d] || ticks == 0 {
				w.procs[d] = max(ticks, w.procs[d])
			}
			if kb > w.peak {
				w.peak = kb
			}
			w.mu.Unlock()
		}
	}
}

func (w *rssWatcher) stop() (int64, int, time.Duration) {
	close(w.done)
	w.wg.Wait()
	var ticks int64
	for _, t := range w.procs {
		ticks += t
	}
	// Linux reports CPU time in USER_HZ, 100 per second.
	return w.peak, len(w.procs), time.Duration(ticks) * 10 * time.Millisecond
}

// cpuTicks is utime + stime of /proc/<pid>/stat.
func cpuTicks(stat string) int64 {
	b, err := os.ReadFile(stat)
	if err != nil {
		return 0
	}
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.ParseInt(f[11], 10, 64)
	k, _ := strconv.ParseInt(f[12], 10, 64)
	return u + k
}

// selfCPU is the bench process's user + system CPU time so far: the mock's work and the /proc
// polling of the RSS watcher (measured apart, threadCPU), nothing else.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// threadCPU is the calling OS thread's user + system CPU time (RUSAGE_THREAD).
func threadCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(1 /* RUSAGE_THREAD */, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// profileSelf writes a CPU profile of this process into path until stop is called.
func profileSelf(path string) (stop func(), err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	f, err := os.Create(path) //nolint:gosec // the PROFILE directory the user named
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		_ = f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); _ = f.Close() }, nil
}
