"""The fictional demo world: three controllers, their people and about 60 incidents in every
state, built through the real services by `breachdesk demo`. Its data lives in data/ (TOML)."""
