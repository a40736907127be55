select * from raw.events
{{ since("at") }}
