"""Full-text search over what the bodies and the board wrote (issue 13).

PostgreSQL searches with its full-text engine over `unaccent`-folded text, stored in generated
columns with GIN indexes made by migration 0005_search; SQLite, the one-machine install, runs
the same match in Python through a function registered on each connection (slower, same
results). `selectors.search` hides which one runs; `access` says what each reader may find;
`text` holds the folding both sides share, so "ra soat" finds "rà soát" and "dong" finds "Đồng".
"""
