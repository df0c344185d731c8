"""render (empty until its issue lands)."""
