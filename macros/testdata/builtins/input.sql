{# built-ins every model can use #}
select '{{ this }}' as me, '{{ this.schema }}' as s, '{{ target.name }}' as t,
       '{{ target.adapter }}' as a, '{{ target.schema_prefix }}' as p,
       date '{{ var("day") }}' as day, {{ var("limit", 100) }} as lim,
       '{{ env("USER") }}' as who, '{{ env("HOME", "/root") }}' as home,
       {{ is_incremental() }} as inc, {{ 1.50 }} as num, {{ "it's" }} as q
from raw.events
