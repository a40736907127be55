{% macro ok() %}1{% endmacro %}
{% macro ok() %}2{% endmacro %}
{% macro var(x) %}3{% endmacro %}
{% macro broken(a=1, b) %}4{% endmacro %}
{% macro unclosed() %}5
