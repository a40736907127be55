package serve

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"

	"github.com/quill-etl/quill/adapters/nostos"
)

// BenchmarkHandlerKey is the server-side CPU cost of one key read through
// the whole handler (routing, limits, metrics, store read, JSON), without
// the network: go test -run XXX -bench HandlerKey -benchmem ./adapters/nostos/serve/
func BenchmarkHandlerKey(b *testing.B) {
	s, err := nostos.OpenEmbedded(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	const n = 1_000_000
	if _, err := nostos.Export(context.Background(), &runRows{n: n, run: 1}, s, nostos.Spec{Dataset: "kv", Key: []string{"id"}}); err != nil {
		b.Fatal(err)
	}
	h := NewHandler(s, Options{Token: "t"})
	for _, q := range []string{"", "?fields=name"} {
		b.Run("query="+q, func(b *testing.B) {
			i := 0
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, "/v1/datasets/kv/keys/"+strconv.Itoa((i*104729)%n)+q, nil)
				req.Header.Set("Authorization", "Bearer t")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != 200 {
					b.Fatal(rec.Code, rec.Body)
				}
				i++
			}
		})
	}
}
