"""STS: who is calling (``GetCallerIdentity``), so code can discover its account."""
