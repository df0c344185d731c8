"""web (empty until its issue lands)."""
