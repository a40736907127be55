package serve

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters/nostos"
)

// Limits on a request's inputs, so that no request costs more than a
// bounded amount of work.
const (
	maxURL    = 8 << 10 // bytes of the request URI
	maxFields = 256     // fields in ?fields=
	maxKey    = 4 << 10 // bytes of a key
)

// Options configure the API.
type Options struct {
	// Token, when not empty, is required as a bearer token on /v1/.
	Token string
	// Metrics receives the request counts and latencies; NewHandler
	// creates one when nil.
	Metrics *Metrics
	// Log, when set, receives the errors answered with 500, whose details
	// the client does not get.
	Log *slog.Logger
}

// handler serves the API over a nostos.Reader.
type handler struct {
	store   nostos.Reader
	token   []byte
	metrics *Metrics
	log     *slog.Logger
	mux     *http.ServeMux
}

// NewHandler returns the read API over store.
func NewHandler(store nostos.Reader, opts Options) http.Handler {
	h := &handler{store: store, token: []byte(opts.Token), metrics: opts.Metrics, log: opts.Log}
	if h.metrics == nil {
		h.metrics = NewMetrics()
	}
	// GET patterns also answer HEAD; ServeMux answers 405 with an Allow
	// header for any other method on these paths.
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/datasets", h.datasets)
	mux.HandleFunc("GET /v1/datasets/{name}", h.dataset)
	mux.HandleFunc("GET /v1/datasets/{name}/keys/{key}", h.key)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		_ = h.metrics.WriteText(w)
	})
	h.mux = mux
	return h
}

// ServeHTTP applies the limits and the token, routes, and records metrics.
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	w.Header().Set("X-Content-Type-Options", "nosniff")
	switch {
	case len(r.RequestURI) > maxURL:
		writeError(sw, http.StatusRequestURITooLong, "the URL is longer than 8 KiB")
	case r.ContentLength > 0 || len(r.TransferEncoding) > 0:
		writeError(sw, http.StatusRequestEntityTooLarge, "the API is read-only and takes no request body")
	case len(h.token) > 0 && strings.HasPrefix(r.URL.Path, "/v1/") && !h.authorized(r):
		sw.Header().Set("WWW-Authenticate", `Bearer realm="quill"`)
		writeError(sw, http.StatusUnauthorized, "a bearer token is required: Authorization: Bearer <token>")
	default:
		h.mux.ServeHTTP(sw, r)
	}
	route := r.Pattern // set by the mux; empty for 404/405 and refused requests
	if route == "" {
		route = "other"
	}
	h.metrics.observe(route, sw.code, time.Since(start))
}

func (h *handler) authorized(r *http.Request) bool {
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(tok), h.token) == 1
}

func (h *handler) datasets(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.RawQuery) > 0 {
		writeError(w, http.StatusBadRequest, "this endpoint takes no query parameters")
		return
	}
	ds, err := h.store.Datasets(r.Context())
	if err != nil {
		h.fail(w, err)
		return
	}
	if ds == nil {
		ds = []nostos.Dataset{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"datasets": ds})
}

func (h *handler) dataset(w http.ResponseWriter, r *http.Request) {
	if len(r.URL.RawQuery) > 0 {
		writeError(w, http.StatusBadRequest, "this endpoint takes no query parameters")
		return
	}
	d, err := h.store.Dataset(r.Context(), r.PathValue("name"))
	if err != nil {
		h.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

// key answers one key read: {"dataset", "version", "key", "value"}.
func (h *handler) key(w http.ResponseWriter, r *http.Request) {
	name, raw := r.PathValue("name"), r.PathValue("key")
	fields, version, err := parseQuery(r)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	key, err := h.canonicalKey(r.Context(), name, raw, version)
	if err != nil {
		h.fail(w, err)
		return
	}
	it, err := h.store.Get(r.Context(), name, key, fields, version)
	if err != nil {
		h.fail(w, err)
		return
	}
	b := make([]byte, 0, len(it.JSON)+len(name)+len(key)+48)
	b = append(b, `{"dataset":`...)
	b = nostos.AppendValue(b, name)
	b = append(b, `,"version":`...)
	b = strconv.AppendInt(b, int64(it.Version), 10)
	b = append(b, `,"key":`...)
	b = nostos.AppendValue(b, raw)
	b = append(b, `,"value":`...)
	b = append(b, it.JSON...)
	b = append(b, "}\n"...)
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// canonicalKey checks a key's text against the key columns of the version
// asked for (keys of different versions may have different columns).
func (h *handler) canonicalKey(ctx context.Context, name, raw string, version int) (string, error) {
	if len(raw) > maxKey {
		return "", badInput("the key is longer than 4 KiB")
	}
	d, err := h.store.Dataset(ctx, name)
	if err != nil {
		return "", err
	}
	if version == 0 {
		version = d.Active
	}
	for _, v := range d.Versions {
		if v.Version == version {
			k, err := nostos.CanonicalKey(raw, len(v.Key))
			if err != nil {
				return "", badInput(err.Error())
			}
			return k, nil
		}
	}
	return "", nostos.ErrNoVersion
}

// parseQuery reads ?fields=a,b and ?version=N, refusing anything else so
// that a typo (field=) is an error rather than a silent full read.
func parseQuery(r *http.Request) (fields []string, version int, err error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, 0, badInput("malformed query string: " + err.Error())
	}
	for k, vs := range q {
		if k != "fields" && k != "version" {
			return nil, 0, badInput("unknown query parameter " + strconv.Quote(k) + " (known: fields, version)")
		}
		if len(vs) > 1 {
			return nil, 0, badInput("query parameter " + strconv.Quote(k) + " given more than once")
		}
	}
	if f, ok := q["fields"]; ok {
		fields = strings.Split(f[0], ",")
		if len(fields) > maxFields {
			return nil, 0, badInput("more than 256 fields asked")
		}
		for _, x := range fields {
			if x == "" {
				return nil, 0, badInput("fields: an empty field name (write fields=a,b)")
			}
		}
	}
	if v, ok := q["version"]; ok {
		n, err := strconv.Atoi(v[0])
		if err != nil || n <= 0 {
			return nil, 0, badInput("version: want a positive integer, got " + strconv.Quote(v[0]))
		}
		version = n
	}
	return fields, version, nil
}

// badRequest is an input error (400).
type badRequest struct{ msg string }

func (e badRequest) Error() string { return e.msg }

func badInput(msg string) error { return badRequest{msg} }

// fail maps store errors to statuses. Other errors are 500 with a generic
// message: a store error may name files on the server.
func (h *handler) fail(w http.ResponseWriter, err error) {
	var br badRequest
	switch {
	case errors.As(err, &br), errors.Is(err, nostos.ErrNoField), errors.Is(err, nostos.ErrBadName):
		writeError(w, http.StatusBadRequest, err.Error())
	case errors.Is(err, nostos.ErrNoDataset), errors.Is(err, nostos.ErrNoVersion), errors.Is(err, nostos.ErrNoKey):
		writeError(w, http.StatusNotFound, err.Error())
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		writeError(w, http.StatusServiceUnavailable, "request cancelled")
	default:
		if h.log != nil {
			h.log.Error("reading the store", "err", err)
		}
		writeError(w, http.StatusInternalServerError, "internal error reading the store")
	}
}

func writeError(w http.ResponseWriter, code int, msg string) {
	writeJSON(w, code, map[string]string{"error": msg})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		code, b = http.StatusInternalServerError, []byte(`{"error":"encoding the response"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_, _ = w.Write(append(b, '\n'))
}

// statusWriter remembers the status written, for the metrics.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) {
	s.code = code
	s.ResponseWriter.WriteHeader(code)
}
