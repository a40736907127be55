select {{ 1 + 2 }}, {{ "a" "b" }}, {{ }}
{% for x in y %}{% endfor %}
{% endif %}
{% macro m() %}x{% endmacro %}
{% if x == %}a{% elif %}b{% else %}c{% else %}d{% endif %}
{# a comment with {{ tags }} inside #} done
