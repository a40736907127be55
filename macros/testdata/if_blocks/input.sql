select *
from raw.events
{% if target.name == "prod" %}
where true
{% elif target.adapter == 'duckdb' and not is_incremental() %}
where at > now() - interval 1 day
{% else %}
where false
{% endif %}
{%- if var("n") == 1 %} limit 10{% endif -%}
  
;
{% if var("full", "") %}-- never{% else %}-- always{% endif %}
