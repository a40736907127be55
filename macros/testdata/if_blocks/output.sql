select *
from raw.events

where at > now() - interval 1 day
 limit 10;
-- always
