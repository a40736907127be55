SELECT id,
       {{ cents_to_dolars("amount_cents") }} AS amount
FROM raw.payments
WHERE amount_cents >= {{ var("no_such_var") }}
