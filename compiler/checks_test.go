package compiler

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/quill-etl/quill/models"
)

const checksHCL = `
project "t" {
  default_target = "dev"
}
target "dev" {
  adapter = "duckdb"
}
seed "raw.users" {
  primary_key = ["id"]
}
source "external" "raw.orders" {
  columns     = { id = "bigint", user_id = "bigint", amount = "numeric" }
  primary_key = ["id"]
}
model "marts.declared_same" {
  primary_key = ["user_id"]
}
model "marts.declared_other" {
  primary_key = ["name"]
}
`

// checkStrings writes a node's checks as "kind(cols) op of [rule] gate".
func checkStrings(n *models.Node) []string {
	var out []string
	for _, c := range n.Checks {
		s := c.Kind
		if len(c.Columns) > 0 {
			s += "(" + strings.Join(c.Columns, ",") + ")"
		}
		if c.Op != "" {
			s += " " + c.Op + " " + c.Of
		}
		s += " [" + c.Rule + "]"
		if !c.Gate {
			s += " warn"
		}
		out = append(out, s)
	}
	return out
}

// Keys flow from the seed's declared primary_key through staging.users
// (a view) to marts.user_names, and joins use them to prove they cannot
// fan out.
func TestInferredChecks(t *testing.T) {
	p, diags := compileMap(t, map[string]string{
		"quill.hcl":                   checksHCL,
		"seeds/raw/users.csv":         "id,name,country\n1,ann,NZ\n2,bob,AU\n",
		"models/staging/users.sql":    "SELECT id, name, country FROM raw.users",
		"models/marts/user_names.sql": "SELECT id AS user_id, name FROM staging.users WHERE name IS NOT NULL",
		"models/marts/by_country.sql": "SELECT country, count(*) AS n FROM staging.users GROUP BY country",
		"models/marts/orders.sql": "SELECT o.id, o.amount, n.name FROM raw.orders o\n" +
			"LEFT JOIN marts.user_names n ON n.user_id = o.user_id",
		"models/marts/declared_same.sql":  "SELECT user_id, count(*) AS n FROM marts.orders o JOIN marts.user_names u USING (name) GROUP BY user_id",
		"models/marts/declared_other.sql": "SELECT DISTINCT ON (user_id) user_id, name FROM marts.user_names ORDER BY user_id",
	}, Options{})
	if diags != "" {
		t.Fatalf("diagnostics:\n%s", diags)
	}
	want := map[string][]string{
		"raw.users":            {"primary_key(id) [declared]"},
		"raw.orders":           {"primary_key(id) [source_key]"},
		"staging.users":        {"primary_key(id) [carried]", "row_count eq raw.users [projection]"},
		"marts.user_names":     {"primary_key(user_id) [carried]", "row_count le staging.users [filter]"},
		"marts.by_country":     {"unique(country) [group_by]"},
		"marts.orders":         {"primary_key(id) [carried]", "row_count eq raw.orders [left_join_unique]"},
		"marts.declared_same":  {"primary_key(user_id) [declared]"},
		"marts.declared_other": {"primary_key(name) [declared]", "primary_key(user_id) [carried]"},
	}
	for name, w := range want {
		n := p.Node(name)
		if n == nil {
			t.Errorf("%s: no node", name)
			continue
		}
		if diff := cmp.Diff(w, checkStrings(n)); diff != "" {
			t.Errorf("%s checks (-want +got):\n%s", name, diff)
		}
	}
}

// A relation the runtime cannot count (unknown to the project) gets no
// row_count check, and a model with no inferable shape gets no checks.
func TestInferredChecksNeedKnownInputs(t *testing.T) {
	p, _ := compileMap(t, map[string]string{
		"models/a/events.sql": "SELECT user_id, kind FROM raw.events",
		"models/a/series.sql": "SELECT generate_series(1, 3) AS n",
	}, Options{})
	if got := checkStrings(p.Node("a.events")); !cmp.Equal(got, []string{"row_count eq raw.events [projection]"}) {
		t.Errorf("a.events: %q", got)
	}
	if got := checkStrings(p.Node("a.series")); len(got) != 0 {
		t.Errorf("a.series: %q", got)
	}
}
