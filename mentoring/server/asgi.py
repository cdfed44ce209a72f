"""The ASGI entry point for uvicorn: ``mentoring.server.asgi:app``."""

from mentoring.app import create_app

app = create_app()
