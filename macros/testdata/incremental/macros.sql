{% macro since(col) -%}
{% if is_incremental() %}where {{ col }} > (select max({{ col }}) from {{ this }}){% endif %}
{%- endmacro %}
