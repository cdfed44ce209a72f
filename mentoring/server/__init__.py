"""The Litestar application: factory, authentication, error handling."""
