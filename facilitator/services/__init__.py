"""Use cases: one transaction per user action, snapshots out, a Changes value from mutations."""
