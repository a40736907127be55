-- New events only, once the log exists.
SELECT id, user_id, kind
FROM raw.events
{% if is_incremental() %}
WHERE id > (SELECT coalesce(max(id), 0) FROM {{ this }})
{% endif %}
