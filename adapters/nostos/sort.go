package nostos

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/binary"
	"errors"
	"io"
	"os"
	"slices"
)

// sorter orders entries by key with bounded memory: entries fill an arena
// up to a limit, which is then sorted and spilled to a temporary file (a
// run); the runs are merged at the end. Sorting lets Export find duplicate
// keys and collect list rows whatever the source's order, and hands the
// store keys in ascending order, which is a B+tree's cheapest insert
// pattern (random inserts into bbolt rewrite pages all over the file on
// every transaction). Entries with equal keys keep their input order.
type sorter struct {
	dir   string
	limit int
	arena []byte
	ents  []sortEnt
	runs  []*os.File
	bytes int64 // spilled
}

// sortEnt locates an entry in the arena; off grows with input order, so it
// breaks ties between equal keys stably.
type sortEnt struct{ off, klen, vlen uint32 }

func newSorter(dir string, limit int) *sorter {
	return &sorter{dir: dir, limit: limit}
}

func (s *sorter) add(key, val []byte) error {
	if len(s.arena)+len(key)+len(val) > s.limit && len(s.ents) > 0 {
		if err := s.spill(); err != nil {
			return err
		}
	}
	if len(s.arena)+len(key)+len(val) > 1<<32-1 {
		return errors.New("entry too large")
	}
	if s.arena == nil {
		// Allocate the whole buffer once: growing it by appends would
		// briefly hold twice the limit.
		s.arena = make([]byte, 0, s.limit+len(key)+len(val))
	}
	s.ents = append(s.ents, sortEnt{uint32(len(s.arena)), uint32(len(key)), uint32(len(val))})
	s.arena = append(s.arena, key...)
	s.arena = append(s.arena, val...)
	return nil
}

func (s *sorter) key(e sortEnt) []byte { return s.arena[e.off : e.off+e.klen] }
func (s *sorter) val(e sortEnt) []byte {
	return s.arena[e.off+e.klen : e.off+e.klen+e.vlen]
}

func (s *sorter) sort() {
	slices.SortFunc(s.ents, func(a, b sortEnt) int {
		if c := bytes.Compare(s.key(a), s.key(b)); c != 0 {
			return c
		}
		return int(a.off) - int(b.off)
	})
}

// spill sorts the arena into a run file. The file is unlinked as soon as it
// is created, so a crash leaves no garbage behind.
func (s *sorter) spill() error {
	s.sort()
	f, err := os.CreateTemp(s.dir, ".sortrun-*")
	if err != nil {
		return err
	}
	_ = os.Remove(f.Name()) // fails on Windows while open; close removes nothing there (FIXME if quill runs on Windows)
	s.runs = append(s.runs, f)
	w := bufio.NewWriterSize(f, 1<<20)
	var hdr [2 * binary.MaxVarintLen64]byte
	for _, e := range s.ents {
		n := binary.PutUvarint(hdr[:], uint64(e.klen))
		n += binary.PutUvarint(hdr[n:], uint64(e.vlen))
		w.Write(hdr[:n])
		w.Write(s.arena[e.off : e.off+e.klen+e.vlen])
	}
	if err := w.Flush(); err != nil {
		return err
	}
	s.bytes += int64(len(s.arena))
	s.arena, s.ents = s.arena[:0], s.ents[:0]
	return nil
}

// close releases the run files.
func (s *sorter) close() {
	for _, f := range s.runs {
		f.Close()
	}
	s.runs = nil
}

// iterator yields the entries in key order; key and val are valid until the
// next call.
type iterator interface {
	next() (key, val []byte, err error) // io.EOF at the end
}

// finish returns the sorted entries: straight from memory when nothing was
// spilled, else a merge of the runs.
func (s *sorter) finish() (iterator, error) {
	if len(s.runs) == 0 {
		s.sort()
		return &memIter{s: s}, nil
	}
	if len(s.ents) > 0 {
		if err := s.spill(); err != nil {
			return nil, err
		}
	}
	s.arena, s.ents = nil, nil // free the arena for the merge
	m := &mergeIter{}
	for i, f := range s.runs {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, err
		}
		r := &run{r: bufio.NewReaderSize(f, 256<<10), idx: i}
		if err := r.advance(); err == io.EOF {
			continue
		} else if err != nil {
			return nil, err
		}
		m.h = append(m.h, r)
	}
	heap.Init(&m.h)
	return m, nil
}

type memIter struct {
	s *sorter
	i int
}

func (it *memIter) next() ([]byte, []byte, error) {
	if it.i == len(it.s.ents) {
		return nil, nil, io.EOF
	}
	e := it.s.ents[it.i]
	it.i++
	return it.s.key(e), it.s.val(e), nil
}

// run is one spilled run being merged; buf holds its current entry.
type run struct {
	r    *bufio.Reader
	idx  int
	buf  []byte
	klen int
}

func (r *run) advance() error {
	kl, err := binary.ReadUvarint(r.r)
	if err != nil {
		return err // io.EOF at a clean end
	}
	vl, err := binary.ReadUvarint(r.r)
	if err != nil {
		return io.ErrUnexpectedEOF
	}
	n := int(kl + vl)
	if cap(r.buf) < n {
		r.buf = make([]byte, n, max(n, 2*cap(r.buf)))
	}
	r.buf = r.buf[:n]
	if _, err := io.ReadFull(r.r, r.buf); err != nil {
		return io.ErrUnexpectedEOF
	}
	r.klen = int(kl)
	return nil
}

type runHeap []*run

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if c := bytes.Compare(h[i].buf[:h[i].klen], h[j].buf[:h[j].klen]); c != 0 {
		return c < 0
	}
	return h[i].idx < h[j].idx // earlier run = earlier input: stable
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*run)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// mergeIter merges runs. The entry returned last stays in its run's buffer
// until the next call, which only then advances that run.
type mergeIter struct {
	h    runHeap
	last *run
}

func (m *mergeIter) next() ([]byte, []byte, error) {
	if m.last != nil {
		// The previous entry's run is at the heap's top: advance it.
		if err := m.last.advance(); err == io.EOF {
			heap.Pop(&m.h)
		} else if err != nil {
			return nil, nil, err
		} else {
			heap.Fix(&m.h, 0)
		}
		m.last = nil
	}
	if len(m.h) == 0 {
		return nil, nil, io.EOF
	}
	top := m.h[0]
	m.last = top
	return top.buf[:top.klen], top.buf[top.klen:], nil
}
