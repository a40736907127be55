{% macro a(n) %}{{ b(n) }}{% endmacro %}
{% macro b(n) %}{{ a(n) }}{% endmacro %}
