package sstable

// filterHLL returns the serialized cardinality estimator of the partition
// keys for the COMPACTION component.
func (w *Writer) filterHLL() []byte {
	// FIXME: an empty sparse HyperLogLog++ (p=13, sp=25): Cassandra only
	// uses it to estimate the key count of a compaction's output.
	return []byte{0xff, 0xff, 0xff, 0xfe, 13, 25, 1, 0}
}
