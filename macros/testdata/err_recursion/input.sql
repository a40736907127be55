select {{ a(1) }}
