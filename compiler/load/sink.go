package load

import (
	"fmt"

	"github.com/hashicorp/hcl/v2"
)

// Sink defaults (SPEC §7).
const (
	DefaultKeep    = 3
	StoreEmbedded  = "embedded"
	StoreCassandra = "cassandra"
)

func (l *loader) loadSink(b *hcl.Block) {
	typ, name := b.Labels[0], b.Labels[1]
	if typ != "nostos" {
		l.errorAt(CodeEnum, b.LabelRanges[0], "Unknown sink type",
			fmt.Sprintf("%q is not a sink type; the only one is \"nostos\".%s", typ, suggest(typ, []string{"nostos"})))
		return
	}
	ok := l.checkIdent(name, b.LabelRanges[1], "sink name")
	if ok && l.dup("sink", name, b.LabelRanges[1]) {
		return
	}
	c, rs := l.content(b, &hcl.BodySchema{
		Attributes: attrs("from!", "key!", "fields", "collect", "keep", "store"),
		Blocks:     []hcl.BlockHeaderSchema{{Type: "cassandra"}},
	}, "A nostos sink")
	s := &Sink{Type: typ, Name: name, Keep: DefaultKeep, Store: StoreEmbedded, Decl: l.rng(b.DefRange), Attrs: rs}
	l.cfg.Sinks = append(l.cfg.Sinks, s)
	at := c.Attributes
	if a := at["from"]; a != nil {
		if f, ok := l.str(a); ok && l.checkRelation(f, a.Expr.Range(), "relation in from") {
			s.From = f
		}
	}
	if a := at["key"]; a != nil {
		s.Key = l.columnList(a)
	}
	if a := at["fields"]; a != nil {
		s.Fields = l.columnList(a)
	}
	if a := at["collect"]; a != nil {
		s.Collect, _ = l.enum(a, "list")
	}
	if a := at["keep"]; a != nil {
		if n, ok := l.integer(a, 1, 1000); ok {
			s.Keep = int(n)
		}
	}
	l.sinkStore(s, b, at, c.Blocks)
}

// sinkStore decodes where a sink writes: store = "embedded" (the default), or
// a cassandra block (store = "cassandra" may say so explicitly).
func (l *loader) sinkStore(s *Sink, b *hcl.Block, at hcl.Attributes, blocks hcl.Blocks) {
	a := at["store"]
	if a != nil {
		s.Store, _ = l.enum(a, StoreEmbedded, StoreCassandra)
	}
	for i, cb := range blocks {
		if i > 0 {
			l.errorAt(CodeDuplicate, cb.DefRange, "Duplicate cassandra block", "A sink writes to one store.")
			continue
		}
		if a != nil && s.Store == StoreEmbedded {
			l.errorAt(CodeConflictingArgs, cb.DefRange, "Conflicting store",
				`store = "embedded" and a cassandra block exclude each other: remove one.`)
		}
		s.Store = StoreCassandra
		s.Cassandra = l.cassandraStore(cb)
	}
	if s.Store == StoreCassandra && s.Cassandra == nil {
		l.errorAt(CodeMissingArg, b.DefRange, "Missing cassandra block",
			`A sink with store = "cassandra" needs cassandra { hosts = ["..."]  keyspace = "nostos" }.`)
	}
}

func (l *loader) cassandraStore(b *hcl.Block) *CassandraStore {
	c, rs := l.content(b, &hcl.BodySchema{Attributes: attrs("hosts!", "keyspace!", "bulk")}, "A cassandra store")
	cs := &CassandraStore{Decl: l.rng(b.DefRange), Attrs: rs}
	if a := c.Attributes["hosts"]; a != nil {
		cs.Hosts, _ = l.strs(a)
		if cs.Hosts != nil && len(cs.Hosts) == 0 {
			l.errorAt(CodeInvalidValue, a.Expr.Range(), "Empty hosts", "List at least one Cassandra host.")
		}
	}
	if a := c.Attributes["bulk"]; a != nil {
		cs.Bulk, _ = l.enum(a, "sstable")
	}
	if a := c.Attributes["keyspace"]; a != nil {
		if k, ok := l.str(a); ok && l.checkIdent(k, a.Expr.Range(), "keyspace") {
			cs.Keyspace = k
		}
	}
	return cs
}
