"""Staff accounts: session time-outs and the second factor (docs/security.md)."""
