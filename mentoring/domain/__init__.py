"""The platform's domains, each with its controllers, services, schemas and guards."""
