select id, {"a": 1} as j, '{' as brace
from raw.events
where kind = 'click'
