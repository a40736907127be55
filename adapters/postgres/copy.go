package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/quill-etl/quill/adapters"
	"github.com/quill-etl/quill/models"
)

// LoadCopyText implements adapters.CopyLoader: LoadTemp for rows that come
// already in COPY text format (a PostgreSQL source's COPY … TO STDOUT).
// src.CopyText runs in its own goroutine and writes into a queue of
// copyChunk-sized buffers (at most copyChunks of them: memory does not grow
// with the table) that COPY … FROM STDIN reads from, so the source and the
// warehouse connections stream at the same time and quill never decodes a
// value. The server parses every value with its type's input function, as
// with LoadTemp. On failure the table is rolled back with its transaction.
func (w *Warehouse) LoadCopyText(ctx context.Context, rel adapters.RelName, cols []models.Column, src adapters.CopySource) (adapters.Temp, error) {
	t := adapters.Temp{Rel: rel, Tmp: adapters.RelName{Schema: rel.Schema, Name: adapters.TempName(rel.Name)}}
	create, copySQL, _, err := loadSQL(t.Tmp, cols)
	if err != nil {
		return t, fmt.Errorf("postgres: loading %s: %w", rel, err)
	}
	conn, err := w.pool.Acquire(ctx)
	if err != nil {
		return t, w.wrap(err, "loading %s", rel)
	}
	defer conn.Release()
	pc := conn.Conn().PgConn()
	fail := func(err error) (adapters.Temp, error) {
		_ = pc.Exec(context.WithoutCancel(ctx), "ROLLBACK").Close() // the table goes with the transaction
		return t, w.wrap(err, "loading %s", rel)
	}
	// The table is created and filled in one transaction so that COPY can
	// write the rows frozen: the checks and the sampled diff that read the
	// table next do not have to rewrite every page to set hint bits (on 5M
	// rows that rewrite cost about as much as the checks' own work).
	if err := pc.Exec(ctx, "BEGIN; "+create).Close(); err != nil {
		return fail(err)
	}
	copySQL += " WITH (FREEZE)"
	// The source is read under its own context, cancelled when the load
	// ends early, so that a failed COPY FROM stops the read too.
	rctx, cancel := context.WithCancel(ctx)
	defer cancel()
	q := newChunkQueue()
	var srcErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		_, err := src.CopyText(rctx, q)
		if err == nil {
			err = q.flush()
		}
		srcErr = err
		q.closeWrite(err)
	})
	tag, err := pc.CopyFrom(ctx, q, copySQL)
	q.closeRead() // unblocks the writer if COPY FROM stopped reading
	if err != nil {
		cancel()
	}
	wg.Wait()
	if srcErr != nil && !errors.Is(srcErr, errQueueClosed) {
		err = srcErr // the server only echoes the source's message
	}
	if err != nil {
		return fail(err)
	}
	if err := pc.Exec(ctx, "COMMIT").Close(); err != nil {
		return fail(err)
	}
	t.Rows = tag.RowsAffected()
	return t, nil
}

// The queue between the source's COPY TO and the warehouse's COPY FROM:
// copyChunks buffers of copyChunk bytes. pgx's CopyFrom sends each Read as
// one CopyData message and reads at most 64 KiB less its 5-byte header.
const (
	copyChunk  = 64<<10 - 5
	copyChunks = 8
)

// errQueueClosed is what the writer gets once the reader has gone.
var errQueueClosed = errors.New("postgres: the load stopped reading")

// chunkQueue is a bounded pipe of full buffers: Write fills a buffer and
// queues it when full; Read drains queued buffers. Unlike io.Pipe, the
// writer does not wait for each write to be read, only for a free buffer.
// One goroutine writes, one reads.
type chunkQueue struct {
	full chan []byte
	free chan []byte
	done chan struct{} // closed by closeRead
	once sync.Once
	cur  []byte // being filled (writer)
	buf  []byte // being drained (reader), whole
	rd   []byte // what is left of it to read
	err  error  // set by the writer before it closes full
}

func newChunkQueue() *chunkQueue {
	q := &chunkQueue{full: make(chan []byte, copyChunks), free: make(chan []byte, copyChunks), done: make(chan struct{})}
	for range copyChunks - 1 {
		q.free <- make([]byte, 0, copyChunk)
	}
	q.cur = make([]byte, 0, copyChunk)
	return q
}

// Write copies p into the queue, blocking while every buffer is full.
func (q *chunkQueue) Write(p []byte) (int, error) {
	n := 0
	for len(p) > 0 {
		k := copy(q.cur[len(q.cur):cap(q.cur)], p)
		q.cur, p, n = q.cur[:len(q.cur)+k], p[k:], n+k
		if len(q.cur) == cap(q.cur) {
			if err := q.flush(); err != nil {
				return n, err
			}
		}
	}
	return n, nil
}

// flush queues the buffer being filled, if it holds anything, and takes a
// free one.
func (q *chunkQueue) flush() error {
	if len(q.cur) == 0 {
		return nil
	}
	select {
	case q.full <- q.cur:
	case <-q.done:
		return errQueueClosed
	}
	select {
	case q.cur = <-q.free:
		q.cur = q.cur[:0]
		return nil
	case <-q.done:
		return errQueueClosed
	}
}

// closeWrite ends the stream: Read returns err (io.EOF when nil) once the
// queued buffers are drained.
func (q *chunkQueue) closeWrite(err error) {
	if err == nil {
		err = io.EOF
	}
	q.err = err
	close(q.full)
}

// Read hands out queued bytes, blocking until a buffer is full or the
// writer is done.
func (q *chunkQueue) Read(p []byte) (int, error) {
	if len(q.rd) == 0 {
		b, ok := <-q.full
		if !ok {
			return 0, q.err // set before full was closed
		}
		q.buf, q.rd = b, b
	}
	k := copy(p, q.rd)
	q.rd = q.rd[k:]
	if len(q.rd) == 0 {
		q.free <- q.buf[:0] // never blocks: there are copyChunks buffers in all
		q.buf, q.rd = nil, nil
	}
	return k, nil
}

// closeRead tells a blocked writer that nothing will read any more.
func (q *chunkQueue) closeRead() { q.once.Do(func() { close(q.done) }) }
