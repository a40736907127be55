{% macro inner(x) %}
  {{ x }} + {{ var("rate") }}
{% endmacro %}

{% macro outer(y) %}{{ inner(y) }} * {{ undefined_thing }}{% endmacro %}
