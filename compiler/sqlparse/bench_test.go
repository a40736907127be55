package sqlparse

import (
	"strings"
	"testing"
)

// benchModel is a typical 20-line model: CTEs, joins, aggregates, a
// window, a scalar subquery and a filter.
const benchModel = `with paid as (
    select o.id, o.customer_id, o.amount, o.created_at
    from raw.orders o
    where o.status = 'paid' and o.created_at > now() - interval '90 days'
),
per_customer as (
    select customer_id, count(*) as orders, sum(amount) as revenue,
           max(created_at) as last_order_at
    from paid
    group by customer_id
)
select c.id as customer_id,
       c.name,
       coalesce(p.orders, 0) as orders,
       coalesce(p.revenue, 0)::numeric(14,2) as revenue,
       p.last_order_at,
       row_number() over (partition by c.country order by p.revenue desc) as rank_in_country,
       (select count(*) from raw.events e where e.user_id = c.id and e.kind = 'click') as clicks
from crm.customers c
left join per_customer p on p.customer_id = c.id
where c.country is not null`

func BenchmarkParse(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse(benchModel); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkColumns(b *testing.B) {
	q, _ := Parse(benchModel)
	b.ReportAllocs()
	for b.Loop() {
		q.Columns(testCatalog)
	}
}

// BenchmarkModel is what the compiler pays per model.
func BenchmarkModel(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		q, err := Parse(benchModel)
		if err != nil {
			b.Fatal(err)
		}
		_ = q.Relations()
		q.Columns(testCatalog)
	}
}

func BenchmarkFingerprint(b *testing.B) {
	q, _ := Parse(benchModel)
	b.ReportAllocs()
	for b.Loop() {
		_ = q.Fingerprint()
	}
}

func BenchmarkRewrite(b *testing.B) {
	q, _ := Parse(benchModel)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := q.Rewrite(devPrefix); err != nil {
			b.Fatal(err)
		}
	}
}

func TestBenchModelColumns(t *testing.T) {
	q, err := Parse(benchModel)
	if err != nil {
		t.Fatal(err)
	}
	cols, probs := q.Columns(testCatalog)
	if len(cols) != 7 || len(probs) != 0 {
		t.Fatalf("cols %v probs %v", formatCols(cols), probs)
	}
}

func benchKeys(schema, name string) []Key {
	if schema+"."+name == "crm.customers" || schema+"."+name == "raw.orders" {
		return []Key{{Columns: []string{"id"}, NotNull: true}}
	}
	return nil
}

// BenchmarkChecks is the extra cost of inferring checks for a model.
func BenchmarkChecks(b *testing.B) {
	q, _ := Parse(benchModel)
	b.ReportAllocs()
	for b.Loop() {
		q.Checks(testCatalog, benchKeys)
	}
}

func TestBenchModelChecks(t *testing.T) {
	q, err := Parse(benchModel)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range q.Checks(testCatalog, benchKeys) {
		got = append(got, formatCheck(c))
	}
	want := []string{"primary_key(customer_id) carried", "row_count le crm.customers filter"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Fatalf("got %q, want %q", got, want)
	}
}
