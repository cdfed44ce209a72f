"""The ASGI entry point for uvicorn: ``mentoring.asgi:app``."""

from mentoring.app import create_app

app = create_app()
