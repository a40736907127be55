{# money helpers #}
{% macro cents_to_dollars(col, scale=2) -%}
  round({{ col }} / 100.0, {{ scale }})
{%- endmacro %}

{% macro money(col) -%}
  {{ cents_to_dollars(col, scale=4) }}::decimal
{%- endmacro %}

{% macro limit_dev(n=10) -%}
  {% if target.name != "prod" %}limit {{ n }}{% endif %}
{%- endmacro %}
