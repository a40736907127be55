package sqlparse

import "testing"

func TestSmoke(t *testing.T) {
	q, err := Parse(`with orders as (select * from raw.orders) select o.id, (select max(x) from "Mixed Case"."Weird Table") from orders o join crm.customers c on c.id = o.cid, s.orders so, so.items i where exists (select 1 from audit_log)`)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range q.Relations() {
		t.Logf("%+v %q", r, q.sql[r.Offset:r.Offset+r.Len])
	}
	out, err := q.Rewrite(func(s, n string) (string, string) { return "dev_" + s, n })
	t.Log(out, err)
	t.Log(q.Fingerprint())
	for _, s := range []string{"select 1; select 2", "insert into t values (1)", "with x as (delete from t returning *) select * from x", "select * into t2 from t", "", "-- hi\n", "  /* c */ create table t (a int)"} {
		_, err := Parse(s)
		t.Logf("%q: %+v", s, err)
	}
}
