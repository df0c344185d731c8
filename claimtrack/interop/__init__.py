"""interop (empty until its issue lands)."""
