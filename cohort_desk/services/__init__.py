"""Use cases: one function per thing a user does, each in its own unit of work. Never imports Qt."""
