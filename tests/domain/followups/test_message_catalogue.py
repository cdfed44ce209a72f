"""Every notification kind the code emits has its own English and French wording."""

from __future__ import annotations

import ast
from pathlib import Path

import mentoring
from mentoring.domain.followups.messages import LANGUAGES, known_kinds, render

SOURCE = Path(mentoring.__file__).parent
#: Functions that put a notification (now or later) in someone's inbox, and where their kind is.
EMITTERS = {
    "notify": 2,
    "create_notification": 2,
    "notify_coordinators": 2,
    "alert_coordinators": 2,
    "notify_later": 2,
}
#: Kinds built at run time, spelled out; a new f-string kind must be added here (and worded).
FORMATTED = {"amendment.{answer}": {"amendment.accepted", "amendment.declined"}}
GENERIC = render("no.such_kind", "en")


def _template(node: ast.JoinedStr) -> str:
    return "".join(
        str(part.value) if isinstance(part, ast.Constant) else "{" + ast.unparse(part.value) + "}"  # type: ignore[attr-defined]
        for part in node.values
    )


def _strings(node: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)}


def _kinds_in(tree: ast.Module) -> set[str]:
    kinds: set[str] = set()
    for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        assigned: dict[str, set[str]] = {}
        for node in ast.walk(function):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        assigned.setdefault(target.id, set()).update(_strings(node.value))
        arguments = function.args
        defaults = dict(zip([a.arg for a in arguments.kwonlyargs], arguments.kw_defaults, strict=True))
        positional = arguments.posonlyargs + arguments.args
        defaults |= dict(
            zip([a.arg for a in positional][-len(arguments.defaults) :], arguments.defaults, strict=False)
        )
        for call in [n for n in ast.walk(function) if isinstance(n, ast.Call)]:
            name = getattr(call.func, "id", getattr(call.func, "attr", ""))
            keywords = ("kind", "message") if name in EMITTERS else ("message",)
            candidates: list[ast.expr] = [k.value for k in call.keywords if k.arg in keywords]
            if name in EMITTERS and len(call.args) > EMITTERS[name]:
                candidates.append(call.args[EMITTERS[name]])
            for arg in candidates:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    kinds.add(arg.value)
                elif isinstance(arg, ast.JoinedStr):
                    template = _template(arg)
                    assert template in FORMATTED, f"spell out the kinds of f-string {template!r} in FORMATTED"
                    kinds |= FORMATTED[template]
                elif isinstance(arg, ast.Name):
                    kinds |= assigned.get(arg.id, set())
                    default = defaults.get(arg.id)
                    if default is not None:
                        kinds |= _strings(default)
        # Dated messages planned for later carry their kind as params["message"].
        for node in ast.walk(function):
            if isinstance(node, ast.Dict):
                for key, value in zip(node.keys, node.values, strict=True):
                    if (
                        isinstance(key, ast.Constant)
                        and key.value == "message"
                        and isinstance(value, ast.Constant)
                    ):
                        kinds.add(str(value.value))
    return kinds


def emitted_kinds() -> set[str]:
    """Every notification kind a call in the source can emit."""
    kinds: set[str] = set()
    for path in SOURCE.rglob("*.py"):
        if "migrations" not in path.parts:
            kinds |= _kinds_in(ast.parse(path.read_text(encoding="utf-8")))
    return {k for k in kinds if "." in k}


def test_the_source_scan_finds_the_workflow_and_job_kinds() -> None:
    kinds = emitted_kinds()
    expected = {"proposal.offered", "pairing.started", "concern.raised", "amendment.declined"}
    assert expected | {"round.finished", "round.failed", "checkin.due", "pairing.first_week"} <= kinds


def test_every_emitted_kind_has_its_own_english_and_french_text() -> None:
    """Regression: the workflow's kinds (proposal.offered, pairing.started…) fell back to a generic text."""
    missing = sorted(emitted_kinds() - set(known_kinds()))
    assert missing == []
    for kind in emitted_kinds():
        texts = {language: render(kind, language) for language in LANGUAGES}
        assert set(texts) == {"en", "fr"}
        for language, message in texts.items():
            assert message.subject.strip(), (kind, language)
            assert message.body.strip(), (kind, language)
            assert message != render("no.such_kind", language), (kind, language)
        assert texts["en"] != texts["fr"], kind


def test_texts_carry_no_parameters() -> None:
    """Texts are fixed: nothing passed with a notification (ids, let alone notes) reaches them."""
    marker = {"description": "secret-marker", "note": "secret-marker", "challenge": "secret-marker"}
    for kind in known_kinds():
        for language in LANGUAGES:
            message = render(kind, language, marker)
            assert "secret-marker" not in message.subject + message.body
            assert "{" not in message.subject + message.body
