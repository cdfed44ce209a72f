"""The API's contract, checked on every operation of the live OpenAPI schema (new routes included).

Every operation is documented (operation id, summary, the 4xx it can answer); every route that is
not public answers 401 without a valid token; every JSON body rejects unknown fields with a 400 that
names the field; malformed or oversized bodies get a declared 400/413 that leaks nothing internal.
"""

from __future__ import annotations

import json
import re
import tempfile
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from mentoring.app import create_app
from mentoring.bootstrap import seed_defaults
from mentoring.db.engine import create_engine, session_scope
from mentoring.db.models import Program, metadata
from mentoring.server.auth import PUBLIC_PATHS
from tests.conftest import People, make_settings

UNKNOWN = "zz_unknown_field"
#: What must never reach a client: stack traces, module paths, driver or exception names.
INTERNAL = re.compile(
    r"Traceback|File \"|sqlalchemy|asyncpg|aiosqlite|msgspec\.|litestar\.|Error\(|Exception\(|"
    r"^'[a-z_]+'$|: '[a-z_]+'$"
)
BIG = b'{"' + UNKNOWN.encode() + b'": "' + b"a" * 200_000 + b'"}'


@dataclass(frozen=True)
class Operation:
    """One method on one path of the OpenAPI schema."""

    method: str
    path: str
    spec: dict[str, Any]
    public: bool

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def has_body(self) -> bool:
        return "requestBody" in self.spec

    @property
    def declared(self) -> set[int]:
        return {int(code) for code in self.spec.get("responses", {}) if code.isdigit()}

    def url(self) -> str:
        """The path with every path parameter filled with a value of its type (ids: fresh UUIDs)."""
        values: dict[str, str] = {}
        for parameter in self.spec.get("parameters", []):
            if parameter.get("in") == "path":
                schema = parameter.get("schema", {})
                kind = schema.get("type")
                values[parameter["name"]] = (
                    "1" if kind == "integer" else str(uuid.uuid4()) if schema.get("format") == "uuid" else "x"
                )
        return re.sub(
            r"{([^}:]+)(?::[^}]+)?}", lambda m: values.get(m.group(1), str(uuid.uuid4())), self.path
        )


def _public_routes(app: Litestar) -> set[tuple[str, str]]:
    excluded = re.compile("|".join(PUBLIC_PATHS))
    public: set[tuple[str, str]] = set()
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in handler.http_methods:
                if handler.opt.get("exclude_from_auth") or excluded.findall(route.path_format):
                    public.add((method.lower(), route.path_format))
    return public


def operations(app: Litestar) -> list[Operation]:
    """Every operation of the app's OpenAPI schema, and whether it is public."""
    public = _public_routes(app)
    schema = app.openapi_schema.to_schema()
    return [
        Operation(method, path, spec, (method, path) in public)
        for path, item in schema["paths"].items()
        for method, spec in item.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


@cache
def _collected() -> list[Operation]:
    # Built at collection time so each operation is its own test; the tests themselves talk to the
    # module's app, built by the same factory (test_the_collected_schema_is_the_live_one).
    tmp = Path(tempfile.mkdtemp(prefix="mentoring-contract-"))
    return operations(create_app(make_settings(f"sqlite+aiosqlite:///{tmp / 'schema.db'}", tmp)))


ALL = _collected()
AUTHENTICATED = [op for op in ALL if not op.public]
WITH_BODY = [op for op in ALL if op.has_body]


def ids(ops: list[Operation]) -> list[str]:
    return [op.id for op in ops]


def assert_nothing_internal(op: Operation, text: str) -> None:
    try:
        body_detail = json.loads(text).get("detail", text)
    except (ValueError, AttributeError):
        body_detail = text
    assert not INTERNAL.search(str(body_detail)), f"{op.id} leaks internal text: {text[:300]}"
    assert "Traceback" not in text, f"{op.id} leaks a traceback"


@dataclass
class Contract:
    """One app for the whole module, and the headers of a mentee, a mentor and a coordinator."""

    client: AsyncTestClient[Litestar]
    callers: list[dict[str, str]]


@pytest.fixture(scope="module")
async def contract(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Contract]:
    """Built once (people cost argon2 hashes); its rows are deleted when the module ends."""
    settings = make_settings(database_url, tmp_path_factory.mktemp("contract"))
    await seed_defaults(settings)
    engine = create_engine(settings)
    try:
        async with session_scope(engine) as session:
            program = Program(slug=f"contract-{uuid.uuid4().hex[:8]}", name="Contract programme")
            session.add(program)
            await session.flush()
            program_id = str(program.id)
        async with AsyncTestClient(app=create_app(settings)) as client:
            people = People(client, engine)
            # Guards differ by role, so every body check is tried as each of them.
            callers = [
                (await people.mentee()).headers,
                (await people.mentor()).headers,
                (await people.coordinator(program_ids=[program_id])).headers,
            ]
            yield Contract(client, callers)
    finally:
        async with engine.begin() as conn:
            for table in reversed(metadata.sorted_tables):
                await conn.execute(table.delete())
        await engine.dispose()


def test_the_collected_schema_is_the_live_one(app: Litestar) -> None:
    assert ids(operations(app)) == ids(ALL)
    assert len(ALL) > 5


@pytest.mark.parametrize("op", ALL, ids=ids(ALL))
def test_operation_is_documented(op: Operation) -> None:
    assert op.spec.get("operationId"), f"{op.id} has no operation_id"
    assert op.spec.get("summary"), f"{op.id} has no summary"
    if not op.public:
        assert 401 in op.declared, f"{op.id} needs a token but does not declare 401"
    if op.has_body:
        assert {400, 413} <= op.declared, f"{op.id} takes a body but does not declare 400 and 413"


def test_operation_ids_are_unique_and_camel_case() -> None:
    operation_ids = [op.spec["operationId"] for op in ALL]
    assert len(operation_ids) == len(set(operation_ids))
    assert all(re.fullmatch(r"[a-z][a-zA-Z0-9]*", o) for o in operation_ids)


@pytest.mark.parametrize("op", AUTHENTICATED, ids=ids(AUTHENTICATED))
@pytest.mark.parametrize("token", [None, "not-a-jwt"], ids=["no-token", "bad-token"])
async def test_routes_need_a_token(contract: Contract, op: Operation, token: str | None) -> None:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    kwargs: dict[str, Any] = {"json": {}} if op.has_body else {}
    response = await contract.client.request(op.method.upper(), op.url(), headers=headers, **kwargs)
    assert response.status_code == 401, f"{op.id}: {response.status_code} {response.text[:200]}"
    assert response.json()["detail"]


async def _send(contract: Contract, op: Operation, content: bytes) -> list[Any]:
    responses = []
    for headers in contract.callers:
        response = await contract.client.request(
            op.method.upper(),
            op.url(),
            content=content,
            headers={**headers, "Content-Type": "application/json"},
        )
        assert response.status_code < 500, f"{op.id}: {response.status_code} {response.text[:300]}"
        assert response.status_code in op.declared, (
            f"{op.id} answered an undeclared {response.status_code}: {response.text[:300]}"
        )
        assert_nothing_internal(op, response.text)
        responses.append(response)
    return responses


@pytest.mark.parametrize("op", WITH_BODY, ids=ids(WITH_BODY))
async def test_unknown_fields_are_a_400_naming_the_field(contract: Contract, op: Operation) -> None:
    responses = await _send(contract, op, b'{"' + UNKNOWN.encode() + b'": 1}')
    named = [r for r in responses if r.status_code == 400 and UNKNOWN in r.json()["detail"]]
    assert named, f"{op.id}: no caller got a 400 naming {UNKNOWN}: {[r.text[:200] for r in responses]}"


@pytest.mark.parametrize("op", WITH_BODY, ids=ids(WITH_BODY))
@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"{", 400), (b"[]", 400), (b"", 400), (b"\xff\xfe", 400), (BIG, 413)],
    ids=["truncated", "array", "empty", "not-utf8", "200KB"],
)
async def test_malformed_bodies_are_declared_and_leak_nothing(
    contract: Contract, op: Operation, content: bytes, expected: int
) -> None:
    responses = await _send(contract, op, content)
    assert any(r.status_code == expected for r in responses), (
        f"{op.id}: expected a {expected} for some caller, got {[r.status_code for r in responses]}"
    )
