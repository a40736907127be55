package macros

import (
	"strings"
	"testing"
)

const benchModel = `select
    e.user_id,
    e.kind,
    e.at,
    u.user_name,
    u.user_email,
    c.name as country
from raw.events e
join staging.maestro_users u on u.id = e.user_id
left join raw.countries c on c.code = u.country
where e.kind in ('click', 'view')
  and e.at >= date '2026-01-01'
  and u.user_email is not null
  and coalesce(c.name, '') <> 'test'
  and e.user_id > 0
  and e.user_id < 1000000000
  and u.user_name not like 'bot%'
  and e.at < now()
  and e.kind <> ''
  and true
`

func BenchmarkExpandNoMacros(b *testing.B) {
	src := []byte(benchModel)
	env := testEnv()
	b.ReportAllocs()
	for b.Loop() {
		Expand("models/s/m.sql", src, nil, env)
	}
}

func BenchmarkExpandThreeCalls(b *testing.B) {
	lib, _ := ParseLibrary(map[string][]byte{"macros/m.sql": []byte(
		`{% macro cents(col, scale=2) %}round({{ col }} / 100.0, {{ scale }}){% endmacro %}` +
			`{% macro since(col) %}{% if is_incremental() %}and {{ col }} > (select max({{ col }}) from {{ this }}){% endif %}{% endmacro %}`)})
	src := []byte(strings.Replace(strings.Replace(benchModel,
		"    e.kind,", "    {{ cents('e.amount') }} as amount, {{ cents('e.fee', scale=4) }} as fee,", 1),
		"  and true", "  {{ since('e.at') }}", 1))
	env := testEnv()
	env.Incremental = true
	b.ReportAllocs()
	for b.Loop() {
		Expand("models/s/m.sql", src, lib, env)
	}
}
