package sstable

// Cell flags (Cell.Serializer).
const (
	cellFlagDeleted     = 0x01
	cellFlagExpiring    = 0x02
	cellFlagEmptyValue  = 0x04
	cellFlagUseRowTS    = 0x08
	cellFlagUseRowTTL   = 0x10
	cellFlagsKnownMask  = 0x1f
	maxColumnsForBitmap = 64
)

// readRow reads a clustering row (or the static row) after its flags.
func (p *partitionReader) readRow(flags, ext int) (*row, error) {
	r := &row{static: ext&extIsStatic != 0, liveness: noLiveness, deletion: liveDeletion}
	if !r.static {
		var err error
		if r.clustering, err = p.readClustering(len(p.t.cols.clustering)); err != nil {
			return nil, err
		}
	}
	body, base, err := p.readBody("row")
	if err != nil {
		return nil, err
	}
	d := newDecoder(p.r.file, base, body)
	d.uvint("previous unfiltered size")
	if flags&flagHasTimestamp != 0 {
		r.liveness.ts = p.readTimestamp(d)
		if flags&flagHasTTL != 0 {
			r.liveness.ttl = p.readTTL(d)
			r.liveness.expires = p.readLDT(d)
		}
	}
	if flags&flagHasDeletion != 0 {
		r.deletion = p.readDeltaDeletion(d)
		r.shadowable = ext&extShadowable != 0
	}
	cols := p.t.cols.regular
	if r.static {
		cols = p.t.cols.static
	}
	present := cols
	if flags&flagAllColumns == 0 {
		present = readColumnSubset(d, cols)
	}
	for _, c := range present {
		if d.err != nil {
			break
		}
		if !c.complex {
			p.readCell(d, c, r)
			continue
		}
		p.readComplex(d, c, r, flags&flagComplexDel != 0)
	}
	return r, p.finishBody(d, "row")
}

func (p *partitionReader) readComplex(d *decoder, c mappedCol, r *row, hasDeletion bool) {
	if hasDeletion {
		if del := p.readDeltaDeletion(d); !del.isLive() {
			r.complexDel = append(r.complexDel, colDeletion{col: c.idx, del: del})
		}
	}
	at := d.pos()
	n := d.uvint("complex column cell count")
	if d.err == nil && n > uint64(d.remaining()) { // every cell takes at least one byte
		d.err = corruptf(d.file, at, "expected ≤ %d cells in column %q, found count %d", d.remaining(), p.colName(c), n)
	}
	for i := uint64(0); i < n && d.err == nil; i++ {
		p.readCell(d, c, r)
	}
}

// readCell reads one cell and appends it to r.cells.
func (p *partitionReader) readCell(d *decoder, c mappedCol, r *row) {
	at := d.pos()
	flags := d.u8("cell flags")
	if d.err == nil && flags&^cellFlagsKnownMask != 0 {
		d.err = corruptf(d.file, at, "expected cell flags (bits 0x1f), found %#x in column %q", flags, p.colName(c))
		return
	}
	ce := cell{col: c.idx, flags: flags & (cellFlagDeleted | cellFlagExpiring), src: p.src, pos: at}
	if flags&cellFlagUseRowTS != 0 {
		ce.ts = r.liveness.ts
	} else {
		ce.ts = p.readTimestamp(d)
	}
	switch {
	case flags&cellFlagUseRowTTL != 0:
		ce.ldt, ce.ttl = r.liveness.expires, r.liveness.ttl
	case flags&(cellFlagDeleted|cellFlagExpiring) != 0:
		ce.ldt = p.readLDT(d)
		if flags&cellFlagExpiring != 0 {
			ce.ttl = p.readTTL(d)
		}
	}
	if c.complex {
		ce.path = d.vbytes("cell path")
	}
	if flags&cellFlagEmptyValue == 0 {
		if c.fixed >= 0 {
			ce.value = d.take(c.fixed, "cell value")
		} else {
			ce.value = d.vbytes("cell value")
		}
	} else {
		ce.value = []byte{}
	}
	r.cells = append(r.cells, ce)
}

// readColumnSubset decodes which header columns a row has (Columns.
// serializeSubset): 0 means all; with fewer than 64 columns a bitmap of the
// missing ones; else a count of missing columns and then the indexes of
// the present or the missing ones, whichever list is shorter.
func readColumnSubset(d *decoder, cols []mappedCol) []mappedCol {
	at := d.pos()
	v := d.uvint("column subset")
	if d.err != nil || v == 0 {
		return cols
	}
	if len(cols) < maxColumnsForBitmap {
		if v>>uint(len(cols)) != 0 {
			d.err = corruptf(d.file, at, "expected a bitmap of %d columns, found %#x", len(cols), v)
			return nil
		}
		out := make([]mappedCol, 0, len(cols))
		for i, c := range cols {
			if v&(1<<uint(i)) == 0 {
				out = append(out, c)
			}
		}
		return out
	}
	if v > uint64(len(cols)) {
		d.err = corruptf(d.file, at, "expected ≤ %d missing columns, found %d", len(cols), v)
		return nil
	}
	present := len(cols) - int(v)
	listed := make([]bool, len(cols))
	count := int(v)
	if present < len(cols)/2 {
		count = present
	}
	for i := 0; i < count && d.err == nil; i++ {
		at := d.pos()
		idx := d.uvint("column index")
		if d.err == nil && idx >= uint64(len(cols)) {
			d.err = corruptf(d.file, at, "expected a column index < %d, found %d", len(cols), idx)
			return nil
		}
		listed[idx] = true
	}
	out := make([]mappedCol, 0, present)
	for i, c := range cols {
		if listed[i] == (present < len(cols)/2) {
			out = append(out, c)
		}
	}
	return out
}

func (p *partitionReader) colName(c mappedCol) string {
	return p.t.cols.name(c.idx)
}

// The serialization header's delta encodings. Sums wrap (a minimum below
// the epoch is stored as a huge unsigned vint); local deletion times are
// signed 32-bit before 'oa' and unsigned from 'oa' on.

func (p *partitionReader) readTimestamp(d *decoder) int64 {
	return p.t.stats.Header.MinTimestamp + int64(d.uvint("timestamp"))
}

func (p *partitionReader) readTTL(d *decoder) int32 {
	return int32(p.t.stats.Header.MinTTL + uint32(d.uvint("TTL")))
}

func (p *partitionReader) readLDT(d *decoder) int64 {
	v := p.t.stats.Header.MinLDT + uint32(d.uvint("local deletion time"))
	if p.t.desc.unsignedDeletion() {
		return int64(v)
	}
	return int64(int32(v))
}

func (p *partitionReader) readDeltaDeletion(d *decoder) deletionTime {
	ts := p.readTimestamp(d)
	return deletionTime{markedAt: ts, ldt: p.readLDT(d)}
}
