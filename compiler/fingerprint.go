package compiler

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sort"

	"github.com/quill-etl/quill/models"
)

// fingerprint hashes each node's normalised SQL, configuration, columns and
// the fingerprints of what it reads, in dependency order, so a change
// anywhere upstream changes every fingerprint below it. The target's schema
// prefix is not part of it: state is kept per target.
func (c *compilation) fingerprint(order []*models.Node) {
	for _, n := range order {
		h := sha256.New()
		field(h, string(n.Kind), n.Type, n.Materialized)
		if pm := c.parsed[n]; pm != nil {
			field(h, pm.q.Fingerprint())
			if pm.incr != nil {
				field(h, pm.incr.Fingerprint())
			}
		}
		field(h, n.PrimaryKey...)
		field(h, n.UniqueKey...)
		for _, k := range sortedKeys(n.Config) {
			field(h, k, n.Config[k])
		}
		if n.Kind != models.KindModel { // a model's columns follow from its SQL
			for _, col := range n.Columns {
				field(h, col.Name, col.Type)
			}
		}
		deps := append([]string(nil), n.DependsOn...)
		sort.Strings(deps)
		for _, d := range deps {
			if p := c.byName[d]; p != nil {
				field(h, d, p.Fingerprint)
			}
		}
		n.Fingerprint = hex.EncodeToString(h.Sum(nil))[:16]
	}
}

func field(h hash.Hash, parts ...string) {
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	h.Write([]byte{1})
}

func contentHash(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:8])
}
