package main

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/quill-etl/quill/runtime"
)

// progress renders run events: a live status line on a terminal, plain log
// lines otherwise. Events arrive from worker goroutines, hence the mutex.
type progress struct {
	e       *env
	quiet   bool
	mu      sync.Mutex
	running map[string]time.Time
	rows    int64
	start   time.Time
	done    int
	total   int
	live    bool
}

func newProgress(e *env, quiet bool) *progress {
	return &progress{e: e, quiet: quiet, running: map[string]time.Time{}, start: e.Now(), live: e.TTY && !quiet}
}

// Event implements runtime.Hooks.
func (p *progress) Event(ev runtime.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.quiet {
		return
	}
	p.total = max(p.total, ev.Total)
	switch ev.Kind {
	case runtime.NodeStarted:
		p.running[ev.Name] = p.e.Now()
		if !p.live {
			p.line("START %s (%s)", ev.Name, ev.Action)
		}
	case runtime.NodeRetrying:
		p.line("RETRY %s after a transient error: %s", ev.Name, redact(ev.Err.Error(), p.e))
	case runtime.NodeFinished:
		delete(p.running, ev.Name)
		p.done = ev.Done
		r := ev.Result
		p.rows += r.Rows
		p.line("%s", finishLine(r, p.e))
	}
	if p.live {
		p.status()
	}
}

func finishLine(r *runtime.NodeResult, e *env) string {
	switch r.Status {
	case runtime.StatusSuccess:
		if r.Reason != "" {
			return fmt.Sprintf("OK    %s (%s)", r.Name, r.Reason)
		}
		if r.Action == "drop" {
			return fmt.Sprintf("OK    %s (dropped, %.1fs)", r.Name, r.Seconds)
		}
		return fmt.Sprintf("OK    %s (%d rows, %.1fs)", r.Name, r.Rows, r.Seconds)
	case runtime.StatusSkipped:
		return fmt.Sprintf("SKIP  %s (%s)", r.Name, r.Reason)
	case runtime.StatusCancelled:
		return fmt.Sprintf("STOP  %s (cancelled)", r.Name)
	}
	return fmt.Sprintf("FAIL  %s: %s", r.Name, redact(r.Error, e))
}

// line prints a log line; on a terminal it first clears the status line.
func (p *progress) line(format string, args ...any) {
	if p.live {
		fmt.Fprint(p.e.Stderr, "\r\x1b[K")
	} else {
		format = p.e.Now().Format("15:04:05") + " " + format
	}
	fmt.Fprintf(p.e.Stderr, format+"\n", args...)
}

func (p *progress) status() {
	names := make([]string, 0, len(p.running))
	for n := range p.running {
		names = append(names, n)
	}
	sort.Strings(names)
	if len(names) > 3 {
		names = append(names[:3], fmt.Sprintf("+%d", len(names)-3))
	}
	fmt.Fprintf(p.e.Stderr, "\r\x1b[K[%d/%d] %d rows, %s elapsed; running: %s",
		p.done, p.total, p.rows, p.e.Now().Sub(p.start).Round(100*time.Millisecond), strings.Join(names, ", "))
}

func (p *progress) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.live {
		fmt.Fprint(p.e.Stderr, "\r\x1b[K")
	}
}

// summary prints the outcome of the run.
func (p *progress) summary(res *runtime.Result) {
	if p.quiet {
		writeJSON(p.e.Stdout, res)
		return
	}
	counts := map[runtime.Status]int{}
	for _, n := range res.Nodes {
		counts[n.Status]++
	}
	fmt.Fprintf(p.e.Stdout, "\nApply %s (run %s): %d succeeded, %d failed, %d skipped, %d cancelled.\n",
		res.Status, res.RunID, counts[runtime.StatusSuccess], counts[runtime.StatusError], counts[runtime.StatusSkipped], counts[runtime.StatusCancelled])
}
