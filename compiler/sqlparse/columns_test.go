package sqlparse

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// testCatalog knows a few relations; everything else is unknown.
func testCatalog(schema, name string) ([]CatalogColumn, bool) {
	switch schema + "." + name {
	case "raw.orders":
		return []CatalogColumn{{"id", "int8"}, {"customer_id", "int4"}, {"amount", "numeric(14, 2)"}, {"status", "character varying(20)"}, {"created_at", "timestamp with time zone"}}, true
	case "crm.customers":
		return []CatalogColumn{{"id", "bigint"}, {"name", "text"}, {"country", "bpchar(2)"}}, true
	case "raw.events":
		return []CatalogColumn{{"user_id", "INT8"}, {"kind", "text"}, {"at", "timestamptz"}, {"payload", "jsonb"}, {"tags", "_text"}}, true
	case "s.orders":
		return []CatalogColumn{{"id", "bigint"}, {"items", "super"}}, true
	case ".t", "raw.t":
		return []CatalogColumn{{"a", "int4"}, {"b", "float8"}, {"d", "date"}}, true
	}
	return nil, false
}

// Each column is written "name type <- lineage, …" ("<-" omitted when the
// lineage is empty); problems are their messages.
var lineageCases = []struct {
	name  string
	sql   string
	want  []string
	probs []string
}{
	{"plain_refs", "select id, o.status from raw.orders o",
		[]string{"id bigint <- raw.orders.id", "status varchar(20) <- raw.orders.status"}, nil},
	{"aliases", "select id as order_id, amount total from raw.orders",
		[]string{"order_id bigint <- raw.orders.id", "total numeric(14,2) <- raw.orders.amount"}, nil},
	{"star", "select * from crm.customers",
		[]string{"id bigint <- crm.customers.id", "name text <- crm.customers.name", "country char(2) <- crm.customers.country"}, nil},
	{"qualified_star_and_more", "select c.*, o.id oid from raw.orders o join crm.customers c on c.id = o.customer_id",
		[]string{"id bigint <- crm.customers.id", "name text <- crm.customers.name", "country char(2) <- crm.customers.country", "oid bigint <- raw.orders.id"}, nil},
	{"star_unknown", "select * from raw.nowhere", nil, []string{"cannot expand *: the columns of raw.nowhere are unknown"}},
	{"unknown_relation_columns", "select n.a, b from raw.nowhere n",
		[]string{"a  <- raw.nowhere.a", "b  <- raw.nowhere.b"}, nil},
	{"unknown_column", "select nope from raw.orders", []string{"nope "}, []string{`column "nope" does not exist`}},
	{"unknown_qualified_column", "select o.nope from raw.orders o", []string{"nope "}, []string{"column o.nope does not exist"}},
	{"ambiguous", "select id from raw.orders o join crm.customers c on true",
		[]string{"id bigint <- raw.orders.id"}, []string{`column reference "id" is ambiguous`}},
	{"missing_from_entry", "select x.id from raw.orders", []string{"id "}, []string{`missing FROM-clause entry for table "x"`}},
	{"constants", "select 1, 2.5, 'a', true, null, 10000000000",
		[]string{"?column? integer", "?column? numeric", "?column? text", "?column? boolean", "?column? text", "?column? bigint"}, nil},
	{"casts", "select id::text, 1::bigint, amount::numeric(10,2), created_at::date, '2024-01-01'::timestamp with time zone, 'x'::varchar(5) from raw.orders",
		[]string{"id text <- raw.orders.id", "int8 bigint", "amount numeric(10,2) <- raw.orders.amount", "created_at date <- raw.orders.created_at", "timestamptz timestamptz", "varchar varchar(5)"}, nil},
	{"aggregates", "select count(*), count(distinct customer_id), sum(amount), sum(customer_id), sum(id), avg(customer_id), min(created_at), max(status) from raw.orders",
		[]string{"count bigint", "count bigint <- raw.orders.customer_id", "sum numeric <- raw.orders.amount", "sum bigint <- raw.orders.customer_id", "sum numeric <- raw.orders.id", "avg numeric <- raw.orders.customer_id", "min timestamptz <- raw.orders.created_at", "max varchar(20) <- raw.orders.status"}, nil},
	{"group_by_join", "select c.country, sum(o.amount) as revenue from raw.orders o join crm.customers c on c.id = o.customer_id group by 1",
		[]string{"country char(2) <- crm.customers.country", "revenue numeric <- raw.orders.amount"}, nil},
	{"case", "select case when status = 'paid' then amount else 0 end, case status when 'x' then 'y' end as s from raw.orders",
		[]string{"case numeric <- raw.orders.amount, raw.orders.status", "s text <- raw.orders.status"}, nil},
	{"coalesce_nullif", "select coalesce(o.customer_id, c.id), nullif(status, ''), greatest(a, b) from raw.orders o, crm.customers c, raw.t",
		[]string{"coalesce bigint <- crm.customers.id, raw.orders.customer_id", "nullif varchar(20) <- raw.orders.status", "greatest double precision <- raw.t.a, raw.t.b"}, nil},
	{"arithmetic", "select a + 1, a * b, a / 2, d - d, d + 1, created_at - created_at, created_at + interval '1 day' from raw.t, raw.orders",
		[]string{"?column? integer <- raw.t.a", "?column? double precision <- raw.t.a, raw.t.b", "?column? integer <- raw.t.a", "?column? integer <- raw.t.d", "?column? date <- raw.t.d", "?column? interval <- raw.orders.created_at", "?column? timestamptz <- raw.orders.created_at"}, nil},
	{"functions", "select lower(name), length(name), now(), current_date, date_trunc('day', created_at), upper(name) || '!' from crm.customers, raw.orders",
		[]string{"lower text <- crm.customers.name", "length integer <- crm.customers.name", "now timestamptz", "current_date date", "date_trunc timestamptz <- raw.orders.created_at", "?column? text <- crm.customers.name"}, nil},
	{"window", "select user_id, row_number() over (partition by user_id order by at desc) rn, sum(1) over w from raw.events window w as (partition by kind)",
		[]string{"user_id bigint <- raw.events.user_id", "rn bigint <- raw.events.at, raw.events.user_id", "sum bigint <- raw.events.kind"}, nil},
	{"filter", "select count(*) filter (where kind = 'click') clicks from raw.events",
		[]string{"clicks bigint <- raw.events.kind"}, nil},
	{"cte", "with paid as (select id, amount * 2 as double_amount from raw.orders where status = 'paid') select double_amount, id from paid",
		[]string{"double_amount numeric <- raw.orders.amount", "id bigint <- raw.orders.id"}, nil},
	{"cte_column_aliases", "with c(x, y) as (select id, name from crm.customers) select y, x from c",
		[]string{"y text <- crm.customers.name", "x bigint <- crm.customers.id"}, nil},
	{"nested_ctes", "with a as (select id, amount from raw.orders), b as (select id, amount + 1 as a1 from a) select b.a1 from b",
		[]string{"a1 numeric <- raw.orders.amount"}, nil},
	{"derived_table", "select t.n, t.total from (select customer_id n, sum(amount) total from raw.orders group by 1) t",
		[]string{"n integer <- raw.orders.customer_id", "total numeric <- raw.orders.amount"}, nil},
	{"derived_column_aliases", "select k, v from (select id, name from crm.customers) as x(k, v)",
		[]string{"k bigint <- crm.customers.id", "v text <- crm.customers.name"}, nil},
	{"union", "select id, name from crm.customers union all select customer_id, status from raw.orders",
		[]string{"id bigint <- crm.customers.id, raw.orders.customer_id", "name text <- crm.customers.name, raw.orders.status"}, nil},
	{"union_literal_types", "select 1 as n union select 2.5 union select null",
		[]string{"n numeric"}, nil},
	{"join_using", "select * from raw.orders join crm.customers using (id)",
		[]string{"id bigint <- crm.customers.id, raw.orders.id", "customer_id integer <- raw.orders.customer_id", "amount numeric(14,2) <- raw.orders.amount", "status varchar(20) <- raw.orders.status", "created_at timestamptz <- raw.orders.created_at", "name text <- crm.customers.name", "country char(2) <- crm.customers.country"}, nil},
	{"join_using_unqualified_ref", "select id from raw.orders o join crm.customers c using (id)",
		[]string{"id bigint <- crm.customers.id, raw.orders.id"}, nil},
	{"natural_join", "select * from raw.orders natural join (select id, 'x' as tag from crm.customers) c",
		[]string{"id bigint <- crm.customers.id, raw.orders.id", "customer_id integer <- raw.orders.customer_id", "amount numeric(14,2) <- raw.orders.amount", "status varchar(20) <- raw.orders.status", "created_at timestamptz <- raw.orders.created_at", "tag text"}, nil},
	{"join_alias", "select j.id, j.name from (raw.orders o join crm.customers c using (id)) j",
		[]string{"id bigint <- crm.customers.id, raw.orders.id", "name text <- crm.customers.name"}, nil},
	{"scalar_subquery", "select id, (select max(name) from crm.customers c where c.id = o.customer_id) from raw.orders o",
		[]string{"id bigint <- raw.orders.id", "max text <- crm.customers.name"}, nil},
	{"exists_subquery", "select exists (select 1 from crm.customers c where c.id = o.customer_id) as known from raw.orders o",
		[]string{"known boolean"}, nil},
	{"in_subquery", "select id in (select id from crm.customers) from raw.orders",
		[]string{"?column? boolean <- crm.customers.id, raw.orders.id"}, nil},
	{"array_subquery", "select array(select name from crm.customers) as names",
		[]string{"names text[] <- crm.customers.name"}, nil},
	{"lateral", "select o.id, l.total from raw.orders o, lateral (select sum(amount) total from raw.orders x where x.customer_id = o.customer_id) l",
		[]string{"id bigint <- raw.orders.id", "total numeric <- raw.orders.amount"}, nil},
	{"recursive_cte", "with recursive r(n, name) as (select 1, name from crm.customers union all select n + 1, name from r where n < 3) select * from r",
		[]string{"n integer", "name text <- crm.customers.name"}, nil},
	{"recursive_cte_lineage_grows", "with recursive r as (select id, 0::bigint as depth from raw.orders union all select r.id, r.depth + o.customer_id from r join raw.orders o on o.id = r.id) select depth from r",
		[]string{"depth bigint <- raw.orders.customer_id"}, nil},
	{"values", "select * from (values (1, 'a'), (2, 'b')) v(n, s)",
		[]string{"n integer", "s text"}, nil},
	{"values_top", "values (1, 2.5), (2, 3)",
		[]string{"column1 integer", "column2 numeric"}, nil},
	{"generate_series_unnest", "select g, u from generate_series(1, 3) g, raw.events e, unnest(e.tags) u",
		[]string{"g integer", "u text <- raw.events.tags"}, nil},
	{"function_coldeflist", "select x.a, x.b from jsonb_to_record('{}') as x(a int, b text)",
		[]string{"a integer", "b text"}, nil},
	{"json_ops", "select payload->>'k' as k, payload->'o' o, tags[1] first_tag from raw.events",
		[]string{"k text <- raw.events.payload", "o jsonb <- raw.events.payload", "first_tag text <- raw.events.tags"}, nil},
	{"distinct_on", "select distinct on (user_id) user_id, kind from raw.events order by user_id, at desc",
		[]string{"user_id bigint <- raw.events.user_id", "kind text <- raw.events.kind"}, nil},
	{"three_part_column", "select raw.orders.id from raw.orders",
		[]string{"id bigint <- raw.orders.id"}, nil},
	{"unqualified_catalog", "select a from t",
		[]string{"a integer <- t.a"}, nil},
	{"super_navigation", "select i.sku, o.items.qty from s.orders o, o.items i",
		[]string{"sku  <- s.orders.items", "qty  <- s.orders.items"}, nil},
	{"redshift_functions", "select nvl(customer_id, 0), getdate(), dateadd(day, 1, created_at), trunc(amount) from raw.orders",
		[]string{"nvl integer <- raw.orders.customer_id", "getdate timestamp", "dateadd timestamp <- raw.orders.created_at", "trunc numeric(14,2) <- raw.orders.amount"}, nil},
	{"where_problem_reported", "select id from raw.orders where nope = 1",
		[]string{"id bigint <- raw.orders.id"}, []string{`column "nope" does not exist`}},
	{"star_over_cte_over_unknown", "with x as (select * from raw.nowhere) select x.a from x",
		[]string{"a  <- raw.nowhere.a"}, []string{"cannot expand *: the columns of raw.nowhere are unknown"}},
	{"grouping_sets", "select kind, grouping(kind), count(*) from raw.events group by rollup (kind)",
		[]string{"kind text <- raw.events.kind", "grouping integer <- raw.events.kind", "count bigint"}, nil},
	{"trim_name", "select trim(name), substring(name from 1 for 2), extract(year from created_at) from crm.customers, raw.orders",
		[]string{"btrim text <- crm.customers.name", "substring text <- crm.customers.name", "extract numeric <- raw.orders.created_at"}, nil},
}

func TestColumns(t *testing.T) {
	for _, tc := range lineageCases {
		t.Run(tc.name, func(t *testing.T) {
			q, err := Parse(tc.sql)
			if err != nil {
				t.Fatal(err)
			}
			cols, probs := q.Columns(testCatalog)
			if diff := cmp.Diff(tc.want, formatCols(cols)); diff != "" {
				t.Errorf("columns (-want +got):\n%s", diff)
			}
			var msgs []string
			for _, p := range probs {
				msgs = append(msgs, p.Msg)
			}
			if diff := cmp.Diff(tc.probs, msgs); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func formatCols(cols []OutColumn) []string {
	var out []string
	for _, c := range cols {
		if c.From == nil {
			out = append(out, c.Name+" FROM-IS-NIL")
			continue
		}
		s := c.Name + " " + c.Type
		if len(c.From) > 0 {
			var from []string
			for _, f := range c.From {
				from = append(from, f.String())
			}
			s += " <- " + strings.Join(from, ", ")
		}
		out = append(out, s)
	}
	return out
}

func TestProblemOffsets(t *testing.T) {
	sql := "select é, nope from raw.orders"
	q, err := Parse(sql)
	if err != nil {
		t.Fatal(err)
	}
	_, probs := q.Columns(testCatalog)
	if len(probs) != 2 || sql[probs[1].Offset:probs[1].Offset+4] != "nope" || sql[probs[0].Offset:probs[0].Offset+2] != "é" {
		t.Fatalf("problems %+v", probs)
	}
}
