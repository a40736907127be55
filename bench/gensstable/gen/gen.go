// Package gen generates large synthetic Cassandra tables with quill's
// SSTable writer, for benchmarks. It keeps memory small: only the
// partition keys (8 bytes each, sorted into token order once) are held.
package gen

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/quill-etl/quill/adapters/cassandra/cql"
	"github.com/quill-etl/quill/adapters/cassandra/sstable"
)

// Schema is the generated table.
const Schema = `CREATE TABLE bench.events (
    id bigint, seq int, kind text, payload text, amount double, at timestamp, tags set<text>,
    PRIMARY KEY (id, seq));
`

// Config says what to generate.
type Config struct {
	Dir         string
	TargetBytes int64 // uncompressed Data.db bytes to reach
	Version     string
	Compression string
	ChunkSize   int
	Seed        int64
}

// Result describes the generated SSTable.
type Result struct {
	DataPath         string
	Partitions, Wide int64
	Rows             int64
	Uncompressed     int64
	Stored           int64
	Descriptor       sstable.Descriptor
	SchemaFile       string
}

// Shape of the data: most partitions hold 1–9 rows, every wideEvery-th
// one wideRows rows (a few MB, so it spans many chunks and index blocks).
const (
	wideEvery = 500
	wideRows  = 20000
	rowBytes  = 170 // rough uncompressed size of a row, to size the key list
)

var words = strings.Fields(`alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima
	mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu
	order invoice payment refund shipment customer account balance ledger credit debit transfer
	pending settled failed retry region europe america asia store online mobile web partner`)

var kinds = []string{"click", "view", "purchase", "refund", "signup", "login"}

// Generate writes the table into cfg.Dir and returns what it wrote.
func Generate(ctx context.Context, cfg Config) (Result, error) {
	if err := os.MkdirAll(cfg.Dir, 0o755); err != nil {
		return Result{}, err
	}
	schemaFile := filepath.Join(cfg.Dir, "schema.cql")
	if err := os.WriteFile(schemaFile, []byte(Schema), 0o644); err != nil {
		return Result{}, err
	}
	table, err := cql.ParseTable(Schema)
	if err != nil {
		return Result{}, err
	}
	w, err := sstable.NewWriter(cfg.Dir, table, sstable.WriterOptions{Version: cfg.Version, Compression: cfg.Compression, ChunkSize: cfg.ChunkSize})
	if err != nil {
		return Result{}, err
	}
	perGroup := float64((wideEvery-1)*5+wideRows) * rowBytes / wideEvery
	n := int64(float64(cfg.TargetBytes)/perGroup*1.5) + 16 // more keys than needed: writing stops at the target
	keys := make([][]any, n)
	for i := range keys {
		keys[i] = []any{int64(i)}
	}
	if err := w.SortKeys(keys); err != nil {
		w.Abort()
		return Result{}, err
	}
	res := Result{Descriptor: w.Descriptor(), DataPath: w.Descriptor().Path("Data.db"), SchemaFile: schemaFile}
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x9e3779b97f4a7c15))
	ts := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()
	for _, k := range keys {
		if w.Written() >= cfg.TargetBytes {
			break
		}
		if res.Partitions%1024 == 0 {
			if err := ctx.Err(); err != nil {
				w.Abort()
				return Result{}, err
			}
		}
		rows := 1 + rng.IntN(9)
		if k[0].(int64)%wideEvery == 0 {
			rows = wideRows
			res.Wide++
		}
		for seq := 0; seq < rows; seq++ {
			ts++
			if err := w.Write(k, row(rng, seq, ts)); err != nil {
				w.Abort()
				return Result{}, fmt.Errorf("partition %d: %w", k[0], err)
			}
		}
		res.Partitions++
		res.Rows += int64(rows)
	}
	if err := w.Close(); err != nil {
		return Result{}, err
	}
	res.Uncompressed = w.Written() // after Close: it ends the last partition

	fi, err := os.Stat(res.DataPath)
	if err != nil {
		return Result{}, err
	}
	res.Stored = fi.Size()
	return res, nil
}

// row builds one row as an INSERT writes it: liveness, every cell at the
// row's timestamp, and the deletion an INSERT of a set writes at ts-1.
func row(rng *rand.Rand, seq int, ts int64) sstable.RowData {
	var b strings.Builder
	for i, n := 0, 10+rng.IntN(10); i < n; i++ {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[rng.IntN(len(words))])
	}
	at := time.UnixMicro(ts).UTC()
	return sstable.RowData{
		Clustering:       []any{int32(seq)},
		Liveness:         &sstable.Liveness{Timestamp: ts},
		ComplexDeletions: []sstable.ColumnDeletion{{Column: "tags", Deletion: sstable.Deletion{MarkedAt: ts - 1, LocalDeletionTime: at.Unix()}}},
		Cells: []sstable.Cell{
			{Column: "kind", Value: kinds[rng.IntN(len(kinds))], Timestamp: ts},
			{Column: "payload", Value: b.String(), Timestamp: ts},
			{Column: "amount", Value: float64(rng.IntN(1_000_000)) / 100, Timestamp: ts},
			{Column: "at", Value: at, Timestamp: ts},
			{Column: "tags", Path: words[rng.IntN(len(words))], Timestamp: ts},
		},
	}
}
