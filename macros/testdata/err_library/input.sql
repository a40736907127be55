select {{ ok() }}, {{ broken(1, 2) }}
