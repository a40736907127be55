package sqlparse

import "testing"

func TestSmoke2(t *testing.T) {
	cat := func(s, n string) ([]CatalogColumn, bool) {
		switch n {
		case "orders":
			return []CatalogColumn{{"id", "int8"}, {"cid", "int4"}, {"amount", "numeric(14,2)"}, {"at", "timestamp with time zone"}}, true
		case "customers":
			return []CatalogColumn{{"id", "int8"}, {"name", "text"}}, true
		}
		return nil, false
	}
	for _, sql := range []string{
		`select o.id, c.name, sum(o.amount) total, count(*), 1::bigint, 'a', o.amount::text, case when o.id > 1 then 'x' end from raw.orders o join crm.customers c on c.id = o.cid group by 1,2`,
		`with x as (select * from raw.orders) select *, (select max(name) from crm.customers) from x`,
		`select * from raw.orders join crm.customers using (id)`,
		`select * from raw.unknown u`,
		`select u.a, b from raw.unknown u`,
		`select id from raw.orders, crm.customers`,
		`select 1 union select 2.5`,
		`with recursive t(n) as (select 1 union all select n+1 from t where n < 10) select * from t`,
		`select g, x from generate_series(1,10) g, unnest(array[1,2]) x`,
		`select i.sku from s.orders o, o.items i`,
	} {
		q, err := Parse(sql)
		if err != nil {
			t.Fatal(err)
		}
		cols, probs := q.Columns(cat)
		t.Logf("%s\n  %+v\n  %+v", sql, cols, probs)
	}
}
