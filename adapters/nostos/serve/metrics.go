package serve

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds of the latency histogram, in seconds:
// fine below a millisecond, where a key read should land.
var latencyBuckets = [...]float64{0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1, 1}

// Metrics counts requests by route and status and their latency by route.
// It is safe for concurrent use; create one per server with NewMetrics.
type Metrics struct {
	mu       sync.Mutex
	requests map[routeCode]uint64
	latency  map[string]*histogram
}

type routeCode struct {
	route string
	code  int
}

type histogram struct {
	counts [len(latencyBuckets)]uint64 // per bucket, not cumulative
	count  uint64
	sum    float64
}

// NewMetrics returns empty metrics.
func NewMetrics() *Metrics {
	return &Metrics{requests: map[routeCode]uint64{}, latency: map[string]*histogram{}}
}

// observe records one request.
func (m *Metrics) observe(route string, code int, d time.Duration) {
	s := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeCode{route, code}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{}
		m.latency[route] = h
	}
	h.count++
	h.sum += s
	for i, b := range latencyBuckets {
		if s <= b {
			h.counts[i]++
			break
		}
	}
}

// Requests returns the number of requests seen for a route and status.
func (m *Metrics) Requests(route string, code int) uint64 {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.requests[routeCode{route, code}]
}

// WriteText writes the metrics in the Prometheus text exposition format,
// series sorted so that the output is stable.
func (m *Metrics) WriteText(w io.Writer) error {
	m.mu.Lock()
	keys := make([]routeCode, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	counts := make(map[routeCode]uint64, len(keys))
	for _, k := range keys {
		counts[k] = m.requests[k]
	}
	hists := make(map[string]histogram, len(m.latency))
	for r, h := range m.latency {
		hists[r] = *h
	}
	m.mu.Unlock()

	slices.SortFunc(keys, func(a, b routeCode) int {
		if a.route != b.route {
			if a.route < b.route {
				return -1
			}
			return 1
		}
		return a.code - b.code
	})
	var b []byte
	b = append(b, "# HELP quill_serve_requests_total Requests answered, by route and HTTP status.\n# TYPE quill_serve_requests_total counter\n"...)
	for _, k := range keys {
		b = fmt.Appendf(b, "quill_serve_requests_total{route=%q,code=\"%d\"} %d\n", k.route, k.code, counts[k])
	}
	b = append(b, "# HELP quill_serve_request_duration_seconds Time to answer a request, by route.\n# TYPE quill_serve_request_duration_seconds histogram\n"...)
	routes := make([]string, 0, len(hists))
	for r := range hists {
		routes = append(routes, r)
	}
	slices.Sort(routes)
	for _, r := range routes {
		h := hists[r]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			b = fmt.Appendf(b, "quill_serve_request_duration_seconds_bucket{route=%q,le=%q} %d\n", r, strconv.FormatFloat(le, 'g', -1, 64), cum)
		}
		b = fmt.Appendf(b, "quill_serve_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, h.count)
		b = fmt.Appendf(b, "quill_serve_request_duration_seconds_sum{route=%q} %g\n", r, h.sum)
		b = fmt.Appendf(b, "quill_serve_request_duration_seconds_count{route=%q} %d\n", r, h.count)
	}
	_, err := w.Write(b)
	return err
}
