select 1
{% if true %}
  , 2
{{ "x" 
